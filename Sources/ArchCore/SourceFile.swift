/// One file of the audited project, as read from disk.
public struct SourceFile: Sendable {
  /// Path relative to the audited folder, `/`-separated.
  public let path: String
  public let bytes: [UInt8]
  public let lineIndex: LineIndex
  /// Whether the file is test code (rules.md: `tests/`, `test/`, `test_*.py`, `*_test.py`,
  /// `conftest.py`, `*.test.ts(x)`, `*.spec.ts(x)`); decided once, from the path.
  public let isTestCode: Bool

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    self.lineIndex = LineIndex(bytes: bytes)
    self.isTestCode = SourceFile.isTestPath(path)
  }

  /// The text of a byte range, clamped to the file, decoded as UTF-8.
  public func text(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }

  public static func isTestPath(_ path: String) -> Bool {
    let components = path.split(separator: "/")
    if components.dropLast().contains(where: { $0 == "tests" || $0 == "test" }) { return true }
    guard let name = components.last else { return false }
    if name == "conftest.py" { return true }
    if name.hasPrefix("test_") && name.hasSuffix(".py") { return true }
    if name.hasSuffix("_test.py") { return true }
    let parts = name.split(separator: ".")
    guard parts.count >= 3 else { return false }
    let kind = parts[parts.count - 2]
    let ext = parts[parts.count - 1]
    return (kind == "test" || kind == "spec")
      && ["ts", "tsx", "js", "jsx", "mjs", "cjs"].contains(String(ext))
  }

  /// Whether the file is inside an Alembic migrations folder (a `versions/` folder, or under
  /// `migrations/` / `alembic/`).
  public var isMigration: Bool {
    let components = path.split(separator: "/")
    return components.dropLast().contains { $0 == "versions" || $0 == "migrations" || $0 == "alembic" }
  }
}
