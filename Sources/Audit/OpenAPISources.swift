import ArchCore
import Foundation
import OpenAPIModel

/// The project's OpenAPI documents, read and parsed once per run, with their source files (so
/// that findings in a document get a line, a column and a snippet) and their suppression
/// comments.
struct OpenAPISources: Sendable {
  /// File names that make a discovered file an OpenAPI document (compared in lower case).
  static let documentNames: Set<String> = [
    "openapi.yaml", "openapi.yml", "openapi.json", "swagger.yaml", "swagger.yml", "swagger.json",
  ]

  let documents: [OpenAPIDocument]
  let files: [SourceFile]
  /// `# archverify: ignore[...]` comments of YAML documents, by path.
  let suppressions: [String: [SuppressionComment]]

  /// Reads the configured document (`openapi:` in `archverify.yml`), else every discovered file
  /// named `openapi.*`/`swagger.*` outside test code.
  ///
  /// - Throws: `InputError` when the configured document does not exist or cannot be read, or
  ///   when a document is not valid UTF-8 or does not parse. Errors name the file as it can be
  ///   opened from the current folder.
  static func load(configured: String?, candidates: [Discovery.Candidate], root: String) throws
    -> OpenAPISources
  {
    var paths: [String]
    if let configured {
      let relative = relativePath(configured, root: root)
      var isDirectory: ObjCBool = false
      let absolute = relative.hasPrefix("/") ? relative : root + "/" + relative
      guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else {
        throw InputError(
          path: displayPath(relative, root: root),
          message: "no such OpenAPI document (named by 'openapi' in the configuration)")
      }
      paths = [relative]
    } else {
      paths = candidates.compactMap { candidate in
        let name = candidate.path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        guard candidate.language == nil, documentNames.contains(name), !SourceFile.isTestPath(candidate.path)
        else { return nil }
        return candidate.path
      }
    }
    paths.sort()
    var documents: [OpenAPIDocument] = []
    var files: [SourceFile] = []
    var suppressions: [String: [SuppressionComment]] = [:]
    for path in paths {
      let absolute = path.hasPrefix("/") ? path : root + "/" + path
      let shown = displayPath(path, root: root)
      guard let data = FileManager.default.contents(atPath: absolute) else {
        throw InputError(path: shown, message: "cannot read the OpenAPI document")
      }
      let bytes = [UInt8](data)
      guard Auditor.isValidUTF8(bytes) else {
        throw InputError(path: shown, message: "the OpenAPI document is not valid UTF-8")
      }
      let text = String(decoding: bytes, as: UTF8.self)
      do {
        documents.append(try OpenAPIDocument.parse(text, path: path))
      } catch let error as InputError {
        throw InputError(
          path: shown, line: error.line, column: error.column, message: error.message,
          sourceLine: error.sourceLine)
      }
      let file = SourceFile(path: path, bytes: bytes)
      files.append(file)
      let lower = path.lowercased()
      if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
        let comments = SuppressionScanner.scanYAML(file)
        if !comments.isEmpty { suppressions[path] = comments }
      }
    }
    return OpenAPISources(documents: documents, files: files, suppressions: suppressions)
  }

  /// A configured path relative to the audited folder: `./docs/api.yaml` is `docs/api.yaml`; an
  /// absolute path inside the folder is made relative to it.
  static func relativePath(_ path: String, root: String) -> String {
    var result = Substring(path)
    while result.hasPrefix("./") { result = result.dropFirst(2) }
    let base = root.hasSuffix("/") ? root : root + "/"
    if result.hasPrefix(base) { result = result.dropFirst(base.count) }
    return String(result)
  }

  /// How to name a file of the project in a message: relative to the current folder when it is
  /// inside it (as the user typed the project path), else absolute.
  static func displayPath(_ path: String, root: String) -> String {
    let absolute = URL(fileURLWithPath: path.hasPrefix("/") ? path : root + "/" + path).standardizedFileURL
      .path
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
    let prefix = current.hasSuffix("/") ? current : current + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
  }
}

extension SuppressionScanner {
  /// The `# archverify: ignore[...]` comments of a YAML file. A `#` starts a comment at the start
  /// of a line or after whitespace, outside quoted scalars and block scalars (`|`, `>`), as YAML
  /// reads it; the marker inside a description is text.
  static func scanYAML(_ file: SourceFile) -> [SuppressionComment] {
    var result: [SuppressionComment] = []
    // The indentation of the line that opened a block scalar, while inside one.
    var blockParent: Int?
    for (index, start) in file.lineIndex.lineStarts.enumerated() {
      let line = file.lineIndex.lineText(index + 1)
      let indentation = line.prefix { $0 == " " }.count
      let isBlank = line.trimmingCharacters(in: .whitespaces).isEmpty
      if let parent = blockParent {
        if isBlank || indentation > parent { continue }
        blockParent = nil
      }
      guard let comment = commentStart(line) else {
        if opensBlockScalar(line) { blockParent = indentation }
        continue
      }
      if opensBlockScalar(String(line.utf8.prefix(comment)) ?? "") { blockParent = indentation }
      let text = String(decoding: line.utf8.dropFirst(comment), as: UTF8.self)
      guard let markerRange = text.range(of: "archverify:"), let parsed = parse(text) else { continue }
      let offset = start + comment + text.utf8.distance(from: text.startIndex, to: markerRange.lowerBound)
      result.append(
        SuppressionComment(line: index + 1, offset: offset, ruleIds: parsed.ids, reason: parsed.reason))
    }
    return result
  }

  /// The UTF-8 offset in `line` of a `#` that starts a comment, if any.
  static func commentStart(_ line: String) -> Int? {
    var quote: UInt8?
    var previous: UInt8 = UInt8(ascii: " ")
    for (offset, byte) in line.utf8.enumerated() {
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        // A quote opens a quoted scalar only where a scalar can start.
        if previous == UInt8(ascii: " ") || previous == UInt8(ascii: ":") || previous == UInt8(ascii: "[")
          || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "-")
        {
          quote = byte
        }
      } else if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") {
        return offset
      }
      previous = byte
    }
    return nil
  }

  /// Whether a line (without its comment) ends with a block scalar indicator: `key: |`,
  /// `- >-`, `description: |2+`.
  static func opensBlockScalar(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard let indicator = trimmed.lastIndex(where: { $0 == "|" || $0 == ">" }) else { return false }
    let before = trimmed[..<indicator]
    let after = trimmed[trimmed.index(after: indicator)...]
    guard after.allSatisfy({ $0 == "-" || $0 == "+" || $0.isNumber }) else { return false }
    return before.isEmpty || before.hasSuffix(": ") || before.hasSuffix("- ") || before == "-"
      || before.hasSuffix(":")
  }
}
