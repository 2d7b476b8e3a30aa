import ArchCore
import Foundation
import TreeSitter

/// The files of a project that archverify analyses, found by walking the folder.
public struct Discovery: Sendable {
  /// Folders never analysed, wherever they are (rules.md).
  public static let builtInExclusions: Set<String> = [
    "node_modules", ".venv", "venv", "site-packages", "dist", "build", ".next", "__pycache__", ".git",
  ]

  /// A candidate file: its path relative to the root, and what it is.
  public struct Candidate: Sendable, Hashable {
    public let path: String
    public let language: Language?
  }

  public let root: String
  public let include: [Glob]
  public let exclude: [Glob]

  /// Whether `.gitignore` files take files out of the analysis (not for a tree under gate, whose
  /// author could hide code that way).
  public let readsGitIgnore: Bool

  public init(root: String, include: [String] = [], exclude: [String] = [], readsGitIgnore: Bool = true) {
    self.root = root
    self.include = include.map(Glob.init)
    self.exclude = exclude.map(Glob.init)
    self.readsGitIgnore = readsGitIgnore
  }

  /// Whether a file name is one archverify reads besides source files (OpenAPI documents).
  public static func isDocument(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
  }

  /// Every source file (by extension) and every YAML/JSON document not excluded, sorted by path.
  public func files() -> [Candidate] {
    var result: [Candidate] = []
    walk(directory: "", ignores: [], into: &result)
    return result.sorted { $0.path < $1.path }
  }

  private func isExcludedByConfig(_ path: String, isDirectory: Bool) -> Bool {
    for glob in exclude {
      if glob.matches(path) { return true }
      if isDirectory && glob.matches(path + "/") { return true }
    }
    return false
  }

  private func walk(directory: String, ignores: [GitIgnore], into result: inout [Candidate]) {
    let absolute = directory.isEmpty ? root : root + "/" + directory
    var ignores = ignores
    if readsGitIgnore, let text = try? String(contentsOfFile: absolute + "/.gitignore", encoding: .utf8) {
      ignores.append(GitIgnore(base: directory, text: text))
    }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { return }
    for name in names.sorted() {
      let path = directory.isEmpty ? name : directory + "/" + name
      var info = stat()
      guard lstat(absolute + "/" + name, &info) == 0 else { continue }
      let mode = info.st_mode & S_IFMT
      var isDirectory = mode == S_IFDIR
      if mode == S_IFLNK {
        // Follow links to files; never follow links to folders (they can loop).
        var target = stat()
        guard stat(absolute + "/" + name, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { continue }
        isDirectory = false
      } else if !isDirectory && mode != S_IFREG {
        continue
      }
      if isDirectory {
        if Discovery.builtInExclusions.contains(name) { continue }
        if GitIgnore.isIgnored(path, isDirectory: true, by: ignores) { continue }
        if isExcludedByConfig(path, isDirectory: true) { continue }
        walk(directory: path, ignores: ignores, into: &result)
        continue
      }
      let language = Language(fileName: name)
      guard language != nil || Discovery.isDocument(name) else { continue }
      if GitIgnore.isIgnored(path, isDirectory: false, by: ignores) { continue }
      if isExcludedByConfig(path, isDirectory: false) { continue }
      if !include.isEmpty && !include.contains(where: { $0.matches(path) }) { continue }
      result.append(Candidate(path: path, language: language))
    }
  }
}

/// The patterns of one `.gitignore` file, relative to the folder that holds it.
struct GitIgnore: Sendable {
  struct Rule: Sendable {
    let glob: Glob
    let negated: Bool
    let directoryOnly: Bool
    /// Whether the pattern has a `/` before its end, which anchors it to the `.gitignore` folder.
    let anchored: Bool
  }

  let base: String
  let rules: [Rule]

  init(base: String, text: String) {
    self.base = base
    var rules: [Rule] = []
    for rawLine in text.split(whereSeparator: \.isNewline) {
      var line = String(rawLine)
      while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
      if line.isEmpty || line.hasPrefix("#") { continue }
      var negated = false
      if line.hasPrefix("!") {
        negated = true
        line.removeFirst()
      }
      var directoryOnly = false
      if line.hasSuffix("/") {
        directoryOnly = true
        line.removeLast()
      }
      let anchored = line.contains("/")
      if line.hasPrefix("/") { line.removeFirst() }
      if line.isEmpty { continue }
      rules.append(Rule(glob: Glob(line), negated: negated, directoryOnly: directoryOnly, anchored: anchored))
    }
    self.rules = rules
  }

  /// Whether `path` (relative to the project root) is ignored; the last matching rule wins,
  /// and deeper `.gitignore` files come later.
  static func isIgnored(_ path: String, isDirectory: Bool, by files: [GitIgnore]) -> Bool {
    var ignored = false
    for file in files {
      let relative: Substring
      if file.base.isEmpty {
        relative = Substring(path)
      } else if path.hasPrefix(file.base + "/") {
        relative = path.dropFirst(file.base.count + 1)
      } else {
        continue
      }
      let name = relative.split(separator: "/").last.map(String.init) ?? String(relative)
      for rule in file.rules {
        if rule.directoryOnly && !isDirectory { continue }
        let matched = rule.anchored ? rule.glob.matches(String(relative)) : rule.glob.matches(name)
        if matched { ignored = !rule.negated }
      }
    }
    return ignored
  }
}
