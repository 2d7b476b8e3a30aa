/// How serious a finding is. Maps one to one onto SARIF's `level`.
public enum Level: String, Sendable, Codable, CaseIterable, Comparable {
  case note
  case warning
  case error

  private var rank: Int {
    switch self {
    case .note: return 0
    case .warning: return 1
    case .error: return 2
    }
  }

  public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
}

/// The area of the application a rule protects; also the score's breakdown.
public enum Category: String, Sendable, Codable, CaseIterable, Comparable {
  case auth
  case tenancy
  case config
  case migrations
  case openapi
  case billing
  case archverify

  public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A place in a file: the path relative to the audited folder (`/`-separated) and a UTF-8 byte
/// offset. Line and column come from the file's `LineIndex` when a report is written.
public struct Location: Sendable, Hashable, Codable {
  public let path: String
  public let offset: Int
  public let line: Int
  public let column: Int

  public init(path: String, offset: Int, line: Int, column: Int) {
    self.path = path
    self.offset = offset
    self.line = line
    self.column = column
  }
}

/// One result of one rule.
public struct Finding: Sendable, Hashable, Codable {
  public let ruleId: String
  public var level: Level
  public let category: Category
  public let message: String
  public let location: Location
  /// The text of the offending line, trimmed, used for stable fingerprints and the text report.
  public let snippet: String
  public var suppression: Suppression?

  public init(
    ruleId: String, level: Level, category: Category, message: String, location: Location,
    snippet: String, suppression: Suppression? = nil
  ) {
    self.ruleId = ruleId
    self.level = level
    self.category = category
    self.message = message
    self.location = location
    self.snippet = snippet
    self.suppression = suppression
  }

  public var isSuppressed: Bool { suppression != nil }
}

/// Why a finding does not count: an inline comment (with its reason) or a baseline entry.
public struct Suppression: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Codable { case inSource, external }
  public let kind: Kind
  public let justification: String

  public init(kind: Kind, justification: String) {
    self.kind = kind
    self.justification = justification
  }
}

extension Finding: Comparable {
  /// Report order: path, line, column, rule id, then message.
  public static func < (lhs: Finding, rhs: Finding) -> Bool {
    if lhs.location.path != rhs.location.path { return lhs.location.path < rhs.location.path }
    if lhs.location.line != rhs.location.line { return lhs.location.line < rhs.location.line }
    if lhs.location.column != rhs.location.column { return lhs.location.column < rhs.location.column }
    if lhs.ruleId != rhs.ruleId { return lhs.ruleId < rhs.ruleId }
    return lhs.message < rhs.message
  }
}
