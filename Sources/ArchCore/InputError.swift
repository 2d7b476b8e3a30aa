/// A problem with what the user gave us (a path, config, rule pack, blueprint, OpenAPI document).
/// Reported as `path:line:col: error: message` and exit status 2.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let line: Int?
  public let column: Int?
  public let message: String
  /// The offending source line, shown under the message with a caret, when known.
  public let sourceLine: String?

  public init(path: String, line: Int? = nil, column: Int? = nil, message: String, sourceLine: String? = nil)
  {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
    self.sourceLine = sourceLine
  }

  /// `path:line:col: error: message` (the position parts only when known).
  public var headline: String {
    var place = path
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): error: \(message)"
  }

  /// The headline, then the source line and a caret under the column.
  public var description: String {
    guard let sourceLine, let column else { return headline }
    return "\(headline)\n\(sourceLine)\n\(LineIndex.caretPadding(for: sourceLine, column: column))^"
  }

  /// The exit status every input error maps to.
  public static let exitCode: Int32 = 2
}
