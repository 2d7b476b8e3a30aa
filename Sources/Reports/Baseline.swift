import ArchCore
import Foundation

/// A baseline file: the findings a team accepts for now. Findings recorded in it are reported as
/// suppressed (`external`) and do not count against the score or the gate.
///
/// An entry matches on the file, the rule, the text of the finding's line (whitespace collapsed)
/// and the message — never the line number — and carries how many such findings were recorded: a
/// finding beyond that count is new. The file is pretty JSON with sorted keys and entries, and no
/// line numbers, so it stays the same when unrelated code moves and diffs well under version
/// control.
public struct Baseline: Codable, Sendable, Equatable {
  /// One recorded kind of finding and how many times it occurs.
  public struct Entry: Codable, Sendable, Equatable, Comparable {
    public let path: String
    public let ruleId: String
    /// The finding's line, whitespace collapsed (`BaselineKey.normalize`).
    public let lineText: String
    public let message: String
    public let count: Int

    public init(key: BaselineKey, count: Int) {
      self.path = key.path
      self.ruleId = key.ruleId
      self.lineText = key.lineText
      self.message = key.message
      self.count = count
    }

    public var key: BaselineKey {
      BaselineKey(path: path, ruleId: ruleId, lineText: lineText, message: message)
    }

    public static func < (lhs: Entry, rhs: Entry) -> Bool {
      lhs.key < rhs.key || (lhs.key == rhs.key && lhs.count < rhs.count)
    }
  }

  /// Format version of the file.
  public let version: Int
  /// Sorted by path, rule, line text and message; one entry per key.
  public let findings: [Entry]

  /// The version this build writes and reads. Version 1 matched on fingerprints.
  public static let currentVersion = 2
  /// The keys of an entry, as the file spells them.
  static let entryKeys = ["count", "lineText", "message", "path", "ruleId"]

  /// The baseline of `findings`: those that count against the score now, plus those an older
  /// baseline already accepted, counted per key. Inline-suppressed findings and archverify's own
  /// notes are left out.
  public init(findings: [Finding]) {
    var counts: [BaselineKey: Int] = [:]
    for finding in findings where finding.category != .archverify && finding.suppression?.kind != .inSource {
      counts[BaselineKey(finding), default: 0] += 1
    }
    self.init(entries: counts.map { Entry(key: $0.key, count: $0.value) })
  }

  init(entries: [Entry]) {
    self.version = Baseline.currentVersion
    self.findings = entries.sorted()
  }

  /// Number of findings recorded (occurrences, not entries).
  public var recordedCount: Int { findings.reduce(0) { $0 + $1.count } }

  /// What the audit matches findings against.
  public var matcher: BaselineMatcher {
    BaselineMatcher(counts: Dictionary(findings.map { ($0.key, $0.count) }, uniquingKeysWith: +))
  }

  /// The file's text: pretty-printed JSON with sorted keys and a final line break.
  public func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let text = String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    // Foundation prints an empty array over three lines; strings cannot hold a raw line break,
    // so this only ever matches an empty `findings`.
    return text.replacingOccurrences(of: "[\n\n  ]", with: "[]")
  }

  /// Reads a baseline file; every problem is an `InputError` naming the file, and where it can,
  /// the line and column.
  public static func load(path: String) throws -> Baseline {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path: path, message: "cannot read baseline file")
    }
    return try parse([UInt8](data), path: path)
  }

  /// Parses the text of a baseline file read from `path` (named in errors).
  public static func parse(_ bytes: [UInt8], path: String) throws -> Baseline {
    let lines = LineIndex(bytes: bytes)
    func fail(_ message: String, at offset: Int) -> InputError {
      let (line, column) = lines.position(offset)
      return InputError(
        path: path, line: line, column: column, message: message, sourceLine: lines.lineText(line))
    }
    guard String(data: Data(bytes), encoding: .utf8) != nil else {
      throw InputError(path: path, message: "baseline file is not UTF-8")
    }
    if bytes.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
      throw InputError(
        path: path, message: "baseline file is empty (write one with `archverify baseline write FILE`)")
    }
    let root: JSONValue
    do {
      root = try JSONReader.parse(bytes)
    } catch {
      throw fail("malformed JSON: \(error.message)", at: error.offset)
    }
    let decoder = EntryDecoder(fail: fail)
    guard case .object(let members) = root.kind else {
      throw fail(
        "not an archverify baseline: expected an object with \"version\" and \"findings\" "
          + "(write one with `archverify baseline write FILE`)", at: root.offset)
    }
    let fields = try decoder.fields(members, expected: ["findings", "version"], what: "the baseline")
    guard let versionValue = fields["version"] else {
      throw fail(
        "not an archverify baseline: \"version\" is missing "
          + "(write one with `archverify baseline write FILE`)", at: root.offset)
    }
    let version = try decoder.wholeNumber(versionValue, name: "version")
    if version == 1 {
      throw fail(
        "baseline version 1 matched findings by fingerprint and is no longer read; "
          + "record it again with `archverify baseline write FILE`", at: versionValue.offset)
    }
    guard version == currentVersion else {
      throw fail(
        "baseline version \(version) is not supported (expected \(currentVersion))", at: versionValue.offset)
    }
    guard let list = fields["findings"] else {
      throw fail("not an archverify baseline: \"findings\" is missing", at: root.offset)
    }
    guard case .array(let items) = list.kind else {
      throw fail("\"findings\" must be an array of recorded findings", at: list.offset)
    }
    var entries: [Entry] = []
    var seen: [BaselineKey: Int] = [:]
    for item in items {
      let entry = try decoder.entry(item)
      if let earlier = seen[entry.key] {
        throw fail(
          "this finding is already recorded on line \(lines.position(earlier).line); "
            + "keep one entry and add up the counts", at: item.offset)
      }
      seen[entry.key] = item.offset
      entries.append(entry)
    }
    return Baseline(entries: entries)
  }

  /// Turns parsed JSON into entries, pointing errors at the offending value.
  private struct EntryDecoder {
    let fail: (String, Int) -> InputError

    /// The members of an object by key; unknown and repeated keys are errors.
    func fields(_ members: [JSONValue.Member], expected: [String], what: String) throws
      -> [String: JSONValue]
    {
      var fields: [String: JSONValue] = [:]
      for member in members {
        guard expected.contains(member.key) else {
          throw fail(
            "unknown key '\(member.key)' in \(what) (expected \(expected.joined(separator: ", ")))",
            member.keyOffset)
        }
        guard fields[member.key] == nil else {
          throw fail("key '\(member.key)' appears twice in \(what)", member.keyOffset)
        }
        fields[member.key] = member.value
      }
      return fields
    }

    func wholeNumber(_ value: JSONValue, name: String) throws -> Int {
      guard case .number(let text) = value.kind, text.allSatisfy(\.isASCIIDigit), let number = Int(text)
      else {
        throw fail("\"\(name)\" must be a whole number", value.offset)
      }
      return number
    }

    func entry(_ value: JSONValue) throws -> Entry {
      guard case .object(let members) = value.kind else {
        throw fail(
          "a recorded finding must be an object with \(Baseline.entryKeys.joined(separator: ", "))",
          value.offset)
      }
      let fields = try self.fields(members, expected: Baseline.entryKeys, what: "a recorded finding")
      func string(_ key: String) throws -> String {
        guard let field = fields[key] else {
          throw fail("recorded finding has no \"\(key)\"", value.offset)
        }
        guard case .string(let text) = field.kind else {
          throw fail("\"\(key)\" must be a string", field.offset)
        }
        return text
      }
      let key = BaselineKey(
        path: try string("path"), ruleId: try string("ruleId"), lineText: try string("lineText"),
        message: try string("message"))
      guard let countValue = fields["count"] else {
        throw fail("recorded finding has no \"count\"", value.offset)
      }
      let count = try wholeNumber(countValue, name: "count")
      guard count >= 1 else {
        throw fail("\"count\" must be at least 1", countValue.offset)
      }
      return Entry(key: key, count: count)
    }
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A JSON value and the UTF-8 byte offset where it starts, so that errors can point at it.
struct JSONValue: Sendable {
  struct Member: Sendable {
    let key: String
    let keyOffset: Int
    let value: JSONValue
  }

  enum Kind: Sendable {
    case object([Member])
    case array([JSONValue])
    case string(String)
    /// The number as written.
    case number(String)
    case bool(Bool)
    case null
  }

  let kind: Kind
  let offset: Int
}

/// A strict RFC 8259 JSON reader that keeps positions (Foundation's parsers report none that
/// can be turned into a line and column reliably).
struct JSONReader {
  struct SyntaxError: Error {
    let message: String
    let offset: Int
  }

  /// Deeper nesting than any baseline needs is refused rather than risking the stack.
  static let maximumDepth = 64

  private let bytes: [UInt8]
  private var index = 0
  private var depth = 0

  private init(_ bytes: [UInt8]) { self.bytes = bytes }

  static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
    var reader = JSONReader(bytes)
    // A UTF-8 byte order mark is tolerated, as editors on some systems write one.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
    let value = try reader.value()
    reader.skipWhitespace()
    guard reader.index == bytes.count else {
      throw SyntaxError(message: "unexpected \(reader.found()) after the JSON value", offset: reader.index)
    }
    return value
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
  }

  /// What is at the current position, for messages: `'x'` or `end of file`.
  private func found() -> String {
    guard index < bytes.count else { return "end of file" }
    var decoder = UTF8()
    var iterator = bytes[index...].makeIterator()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) {
      return scalar.properties.generalCategory == .control
        ? "character U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(Character(scalar))'"
    }
    return "byte 0x\(String(bytes[index], radix: 16))"
  }

  private func error(_ expected: String) -> SyntaxError {
    SyntaxError(message: "expected \(expected), found \(found())", offset: index)
  }

  private mutating func value() throws(SyntaxError) -> JSONValue {
    skipWhitespace()
    let start = index
    switch current {
    case UInt8(ascii: "{"): return JSONValue(kind: try object(), offset: start)
    case UInt8(ascii: "["): return JSONValue(kind: try array(), offset: start)
    case UInt8(ascii: "\""): return JSONValue(kind: .string(try string()), offset: start)
    case UInt8(ascii: "t"): return JSONValue(kind: try literal("true", .bool(true)), offset: start)
    case UInt8(ascii: "f"): return JSONValue(kind: try literal("false", .bool(false)), offset: start)
    case UInt8(ascii: "n"): return JSONValue(kind: try literal("null", .null), offset: start)
    case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
      return JSONValue(kind: .number(try number()), offset: start)
    default:
      throw error("a value")
    }
  }

  private mutating func nested<T>(_ body: (inout JSONReader) throws(SyntaxError) -> T) throws(SyntaxError)
    -> T
  {
    guard depth < Self.maximumDepth else {
      throw SyntaxError(message: "nested more than \(Self.maximumDepth) levels deep", offset: index)
    }
    depth += 1
    defer { depth -= 1 }
    return try body(&self)
  }

  private mutating func object() throws(SyntaxError) -> JSONValue.Kind {
    try nested { (reader: inout JSONReader) throws(SyntaxError) in
      reader.index += 1
      var members: [JSONValue.Member] = []
      reader.skipWhitespace()
      if reader.current == UInt8(ascii: "}") {
        reader.index += 1
        return .object(members)
      }
      while true {
        reader.skipWhitespace()
        guard reader.current == UInt8(ascii: "\"") else { throw reader.error("a key in double quotes") }
        let keyOffset = reader.index
        let key = try reader.string()
        reader.skipWhitespace()
        guard reader.current == UInt8(ascii: ":") else { throw reader.error("':' after the key") }
        reader.index += 1
        members.append(JSONValue.Member(key: key, keyOffset: keyOffset, value: try reader.value()))
        reader.skipWhitespace()
        switch reader.current {
        case UInt8(ascii: ","): reader.index += 1
        case UInt8(ascii: "}"):
          reader.index += 1
          return .object(members)
        default: throw reader.error("',' or '}'")
        }
      }
    }
  }

  private mutating func array() throws(SyntaxError) -> JSONValue.Kind {
    try nested { (reader: inout JSONReader) throws(SyntaxError) in
      reader.index += 1
      var items: [JSONValue] = []
      reader.skipWhitespace()
      if reader.current == UInt8(ascii: "]") {
        reader.index += 1
        return .array(items)
      }
      while true {
        items.append(try reader.value())
        reader.skipWhitespace()
        switch reader.current {
        case UInt8(ascii: ","): reader.index += 1
        case UInt8(ascii: "]"):
          reader.index += 1
          return .array(items)
        default: throw reader.error("',' or ']'")
        }
      }
    }
  }

  private mutating func literal(_ word: String, _ kind: JSONValue.Kind) throws(SyntaxError) -> JSONValue.Kind
  {
    let expected = Array(word.utf8)
    guard bytes[index...].starts(with: expected) else { throw error("a value") }
    index += expected.count
    return kind
  }

  private mutating func number() throws(SyntaxError) -> String {
    let start = index
    func digits(_ reader: inout JSONReader) -> Int {
      let from = reader.index
      while let byte = reader.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        reader.index += 1
      }
      return reader.index - from
    }
    if current == UInt8(ascii: "-") { index += 1 }
    let leadingZero = current == UInt8(ascii: "0")
    let integer = digits(&self)
    guard integer > 0 else { throw error("a digit") }
    if leadingZero && integer > 1 {
      throw SyntaxError(message: "a number cannot start with 0", offset: start)
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard digits(&self) > 0 else { throw error("a digit after '.'") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard digits(&self) > 0 else { throw error("a digit in the exponent") }
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func string() throws(SyntaxError) -> String {
    let start = index
    index += 1
    var scalars = String.UnicodeScalarView()
    var run = index
    func flush(_ reader: JSONReader) {
      scalars.append(
        contentsOf: String(decoding: reader.bytes[run..<reader.index], as: UTF8.self).unicodeScalars)
    }
    while true {
      guard let byte = current else {
        throw SyntaxError(message: "unterminated string", offset: start)
      }
      switch byte {
      case UInt8(ascii: "\""):
        flush(self)
        index += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush(self)
        scalars.append(try escape())
        run = index
      case 0..<0x20:
        throw SyntaxError(
          message: "control character U+\(String(format: "%04X", byte)) in a string; write it as an escape",
          offset: index)
      default:
        index += 1
      }
    }
  }

  /// One escape sequence after a backslash; `index` is at the backslash.
  private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
    let start = index
    index += 1
    guard let byte = current else { throw SyntaxError(message: "unterminated string", offset: start) }
    index += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try hexQuad(start)
      if (0xD800..<0xDC00).contains(high) {
        guard bytes[index...].starts(with: Array("\\u".utf8)) else {
          throw SyntaxError(message: "unpaired surrogate in a \\u escape", offset: start)
        }
        index += 2
        let low = try hexQuad(start)
        guard (0xDC00..<0xE000).contains(low),
          let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        else {
          throw SyntaxError(message: "unpaired surrogate in a \\u escape", offset: start)
        }
        return scalar
      }
      guard let scalar = Unicode.Scalar(high) else {
        throw SyntaxError(message: "unpaired surrogate in a \\u escape", offset: start)
      }
      return scalar
    default:
      let shown = (0x21..<0x7F).contains(byte) ? " '\\\(Character(Unicode.Scalar(byte)))'" : ""
      throw SyntaxError(message: "invalid escape\(shown) in a string", offset: start)
    }
  }

  private mutating func hexQuad(_ escapeStart: Int) throws(SyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
      bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
    else {
      throw SyntaxError(message: "'\\u' must be followed by four hexadecimal digits", offset: escapeStart)
    }
    index += 4
    return value
  }
}
