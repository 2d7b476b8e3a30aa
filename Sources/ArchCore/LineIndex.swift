/// Turns UTF-8 byte offsets into 1-based lines and columns. Columns count Unicode scalars
/// (code points), which is what SARIF's `unicodeCodePoints` column kind states.
public struct LineIndex: Sendable {
  /// Byte offset at which each line starts.
  public let lineStarts: [Int]
  private let bytes: [UInt8]

  public init(bytes: [UInt8]) {
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    self.lineStarts = starts
    self.bytes = bytes
  }

  /// The 0-based line holding `offset`.
  public func lineNumber0(_ offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The 1-based line and code-point column of a byte offset.
  public func position(_ offset: Int) -> (line: Int, column: Int) {
    let clamped = max(0, min(offset, bytes.count))
    let line = lineNumber0(clamped)
    var column = 1
    var index = lineStarts[line]
    while index < clamped {
      // Count lead bytes only: continuation bytes are 0b10xxxxxx.
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return (line + 1, column)
  }

  /// The text of 1-based `line`, without its line break.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  public var lineCount: Int { lineStarts.count }

  /// What goes before a caret so that it stands under 1-based code-point `column` of `line`:
  /// tabs are kept, everything else becomes a space.
  public static func caretPadding(for line: String, column: Int) -> String {
    let before = line.unicodeScalars.prefix(max(0, column - 1))
    return String(String.UnicodeScalarView(before.map { $0 == "\t" ? "\t" : " " }))
  }

  /// The location of a byte offset in the file at `path`.
  public func location(path: String, offset: Int) -> Location {
    let (line, column) = position(offset)
    return Location(path: path, offset: offset, line: line, column: column)
  }
}
