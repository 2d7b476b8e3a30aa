import ArchCore
import Foundation
import RulePacks
import TreeSitter
import Yams

/// One rule pack file's text and where it came from.
public struct EmbeddedRulePack: Sendable {
  public let path: String
  public let text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }
}

/// Reads rule descriptions from YAML, one rule per file, with line-accurate errors.
public enum RulePackLoader {
  /// The packs built into the binary.
  public static var embedded: [EmbeddedRulePack] {
    RulePacks.all.map { EmbeddedRulePack(path: $0.path, text: $0.text) }
  }

  /// Every `.yaml` file under `directory`, sorted by path.
  public static func packs(inDirectory directory: String) throws -> [EmbeddedRulePack] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw InputError(path: directory, message: "rule pack folder does not exist")
    }
    var paths: [String] = []
    if let enumerator = FileManager.default.enumerator(atPath: directory) {
      for case let relative as String in enumerator
      where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
        paths.append(relative)
      }
    }
    return try paths.sorted().map { relative in
      let full = (directory as NSString).appendingPathComponent(relative)
      guard let data = FileManager.default.contents(atPath: full) else {
        throw InputError(path: full, message: "cannot read rule pack")
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw InputError(path: full, message: "rule pack is not UTF-8")
      }
      return EmbeddedRulePack(path: full, text: text)
    }
  }

  /// Parses one pack into its rule description.
  public static func load(_ pack: EmbeddedRulePack) throws -> RuleDescription {
    try loadCompiled(pack).description
  }

  /// Parses one pack into its rule description and, for a declarative rule, its query compiled
  /// for each of its languages (compiling is also how a broken query is found and located).
  public static func loadCompiled(_ pack: EmbeddedRulePack) throws
    -> (description: RuleDescription, queries: [Language: Query])
  {
    let lines = pack.text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    func fail(_ message: String, line: Int?, column: Int?) -> InputError {
      let sourceLine = line.flatMap { $0 >= 1 && $0 <= lines.count ? lines[$0 - 1] : nil }
      return InputError(path: pack.path, line: line, column: column, message: message, sourceLine: sourceLine)
    }
    func fail(_ message: String, _ mark: Yams.Mark?) -> InputError {
      fail(message, line: mark?.line, column: mark?.column)
    }
    let root: Yams.Node
    do {
      guard let composed = try Yams.compose(yaml: pack.text) else { throw fail("rule pack is empty", nil) }
      root = composed
    } catch let error as YamlError {
      throw InputError.fromYams(error, path: pack.path, lines: lines)
    }
    guard let mapping = root.mapping else {
      throw fail("a rule pack is a mapping of keys to values", root.mark)
    }

    let known: Set<String> = [
      "id", "name", "message", "level", "category", "tags", "security-severity", "languages",
      "rationale", "examples", "query", "precision",
    ]
    for (key, _) in mapping {
      guard let name = key.string, known.contains(name) else {
        throw fail(
          "unknown key '\(key.string ?? "?")' (expected one of: \(known.sorted().joined(separator: ", ")))",
          key.mark)
      }
    }
    func value(_ key: String) -> Yams.Node? { mapping[Yams.Node(key)] }
    func keyMark(_ key: String) -> Yams.Mark? { mapping.keys.first { $0.string == key }?.mark }
    func requiredString(_ key: String) throws -> String {
      guard let node = value(key) else { throw fail("missing required key '\(key)'", root.mark) }
      guard let string = node.scalar?.string, !string.isEmpty else {
        throw fail("'\(key)' must be a non-empty string", node.mark)
      }
      return string
    }

    let id = try requiredString("id")
    let idPattern = /^[a-z][a-z0-9]*\/[a-z0-9]+(-[a-z0-9]+)*$/
    guard id.wholeMatch(of: idPattern) != nil else {
      throw fail("rule id '\(id)' must look like 'category/kebab-case-name'", value("id")?.mark)
    }
    let name = try requiredString("name")
    let message = try requiredString("message")
    let levelText = try requiredString("level")
    guard let level = Level(rawValue: levelText) else {
      throw fail("level must be one of note, warning, error (got '\(levelText)')", value("level")?.mark)
    }
    let categoryText = try requiredString("category")
    guard let category = Category(rawValue: categoryText) else {
      let cases = Category.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("category must be one of \(cases) (got '\(categoryText)')", value("category")?.mark)
    }
    guard id.hasPrefix(categoryText + "/") else {
      throw fail("rule id '\(id)' must start with its category '\(categoryText)/'", value("id")?.mark)
    }
    var tags: [String] = []
    if let node = value("tags") {
      guard let sequence = node.sequence else { throw fail("'tags' must be a list of strings", node.mark) }
      for item in sequence {
        guard let tag = item.scalar?.string else { throw fail("'tags' must be a list of strings", item.mark) }
        tags.append(tag)
      }
    }
    var severity: Double?
    if let node = value("security-severity") {
      guard let number = node.scalar.flatMap({ Double($0.string) }), (0...10).contains(number) else {
        throw fail("'security-severity' must be a number from 0.0 to 10.0", node.mark)
      }
      severity = number
    }
    var precision: RulePrecision?
    if let node = value("precision") {
      guard let parsed = node.scalar.flatMap({ RulePrecision(rawValue: $0.string) }) else {
        let values = RulePrecision.allCases.map(\.rawValue).joined(separator: ", ")
        throw fail("'precision' must be one of \(values) (got '\(node.scalar?.string ?? "?")')", node.mark)
      }
      precision = parsed
    }
    var languages: [Language] = []
    guard let languageNode = value("languages"), let languageList = languageNode.sequence,
      !languageList.isEmpty
    else {
      throw fail("missing 'languages' (a list of python, typescript, tsx)", keyMark("languages") ?? root.mark)
    }
    for item in languageList {
      guard let language = item.scalar.flatMap({ Language(rawValue: $0.string) }) else {
        throw fail(
          "unknown language '\(item.scalar?.string ?? "?")' (expected python, typescript or tsx)", item.mark)
      }
      languages.append(language)
    }
    let rationale = try requiredString("rationale")
    for heading in RuleDescription.requiredHeadings where !TextSearch.contains(rationale, "## \(heading)\n") {
      throw fail("rationale lacks the heading '## \(heading)'", value("rationale")?.mark)
    }

    var examples: [RuleExample] = []
    guard let exampleNode = value("examples"), let exampleList = exampleNode.sequence else {
      throw fail("missing 'examples' (a list of bad and good examples)", keyMark("examples") ?? root.mark)
    }
    for item in exampleList {
      guard let entry = item.mapping else {
        throw fail("an example is a mapping with kind, path and code", item.mark)
      }
      for (key, _) in entry where !["kind", "path", "code", "files"].contains(key.string ?? "") {
        throw fail("unknown example key '\(key.string ?? "?")' (expected kind, path, code, files)", key.mark)
      }
      guard let kind = entry["kind"]?.scalar.flatMap({ RuleExample.Kind(rawValue: $0.string) }) else {
        throw fail("example 'kind' must be bad or good", entry["kind"]?.mark ?? item.mark)
      }
      guard let path = entry["path"]?.scalar?.string,
        Language(fileName: path) != nil || [".yaml", ".yml", ".json"].contains(where: path.hasSuffix)
      else {
        throw fail(
          "example 'path' must name a .py, .ts, .tsx or .js file, or a .yaml/.yml/.json document",
          entry["path"]?.mark ?? item.mark)
      }
      guard let code = entry["code"]?.scalar?.string else {
        throw fail("example 'code' must be a string", entry["code"]?.mark ?? item.mark)
      }
      if kind == .bad && !code.contains(RuleExample.marker) {
        throw fail(
          "a bad example marks each expected finding with '\(RuleExample.marker)'", entry["code"]?.mark)
      }
      if kind == .good && code.contains(RuleExample.marker) {
        throw fail("a good example has no '\(RuleExample.marker)' markers", entry["code"]?.mark)
      }
      var files: [String: String] = [:]
      if let filesNode = entry["files"] {
        guard let filesMap = filesNode.mapping else {
          throw fail("example 'files' maps paths to code", filesNode.mark)
        }
        for (key, content) in filesMap {
          guard let filePath = key.string, let text = content.scalar?.string else {
            throw fail("example 'files' maps paths to code", key.mark)
          }
          files[filePath] = text
        }
      }
      examples.append(RuleExample(kind: kind, path: path, code: code, files: files))
    }
    guard examples.contains(where: { $0.kind == .bad }), examples.contains(where: { $0.kind == .good }) else {
      throw fail("a rule needs at least one bad and one good example", exampleNode.mark)
    }
    var query: String?
    var compiled: [Language: Query] = [:]
    if let node = value("query") {
      guard let text = node.scalar?.string else { throw fail("'query' must be a string", node.mark) }
      for language in languages {
        do {
          compiled[language] = try Query(language: language, source: text)
        } catch let error as QueryError {
          // Block scalars start on the line after the key.
          // A block scalar starts on the line after its key; its lines share one indentation.
          let (line, column) = Self.position(of: error.offset, in: text)
          let style = node.scalar?.style
          let isBlock = style == .literal || style == .folded
          let keyLine = node.mark?.line ?? 1
          let first = keyLine + (isBlock ? 1 : 0)
          let errorLine = first + line - 1
          let indent =
            isBlock && lines.indices.contains(first - 1)
            ? lines[first - 1].prefix { $0 == " " }.count : (node.mark?.column ?? 1) - 1
          throw fail(
            "\(language.rawValue) query: \(error.message)", line: errorLine, column: indent + column + 1)
        }
      }
      query = text
    }
    let description = RuleDescription(
      id: id, name: name, message: message, level: level, category: category, tags: tags,
      securitySeverity: severity, rationale: rationale, languages: languages, examples: examples,
      query: query, source: pack.path, precision: precision)
    return (description, compiled)
  }

  static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 0
    for byte in text.utf8.prefix(offset) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 0
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}

extension InputError {
  /// Turns a Yams parse error into an input error at the right line and column.
  public static func fromYams(_ error: YamlError, path: String, lines: [String]) -> InputError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
      let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
      let sourceLine = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : nil
      return InputError(
        path: path, line: mark.line, column: mark.column, message: "invalid YAML: \(what)",
        sourceLine: sourceLine)
    default:
      return InputError(path: path, message: "invalid YAML: \(error)")
    }
  }
}
