/// What a baseline matches a finding on: its file, its rule, the text of its line with whitespace
/// collapsed, and its message. Not the line number, so edits elsewhere in the file keep the match;
/// editing the offending line itself makes the finding new.
public struct BaselineKey: Hashable, Sendable, Comparable {
  public let path: String
  public let ruleId: String
  /// The finding's line, whitespace runs collapsed to one space and trimmed (`normalize`).
  public let lineText: String
  public let message: String

  public init(path: String, ruleId: String, lineText: String, message: String) {
    self.path = path
    self.ruleId = ruleId
    self.lineText = lineText
    self.message = message
  }

  /// The key of `finding`.
  public init(_ finding: Finding) {
    self.init(
      path: finding.location.path, ruleId: finding.ruleId, lineText: Self.normalize(finding.snippet),
      message: finding.message)
  }

  /// `text` with every run of whitespace (spaces, tabs, line breaks) replaced by one space, and
  /// none at either end: re-indenting a line or aligning its comment keeps its key.
  public static func normalize(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Baseline file order: path, rule, line text, message.
  public static func < (lhs: BaselineKey, rhs: BaselineKey) -> Bool {
    (lhs.path, lhs.ruleId, lhs.lineText, lhs.message) < (rhs.path, rhs.ruleId, rhs.lineText, rhs.message)
  }
}

/// The findings a baseline accepts: how many occurrences of each key were recorded.
///
/// Occurrences are matched in report order (path, line, column, rule), so with three recorded and
/// four found, the three first in the file are baselined and the last one is new.
public struct BaselineMatcher: Sendable, Equatable {
  public let counts: [BaselineKey: Int]

  public init(counts: [BaselineKey: Int] = [:]) {
    self.counts = counts.filter { $0.value > 0 }
  }

  /// Whether the baseline accepts nothing.
  public var isEmpty: Bool { counts.isEmpty }

  /// `findings` (in report order) with those the baseline accepts marked as suppressed
  /// (`external`). Findings already suppressed inline neither match nor use up a count.
  public func apply(to findings: [Finding]) -> [Finding] {
    if counts.isEmpty { return findings }
    var remaining = counts
    return findings.map { finding in
      guard finding.suppression == nil else { return finding }
      let key = BaselineKey(finding)
      guard let left = remaining[key], left > 0 else { return finding }
      remaining[key] = left - 1
      var accepted = finding
      accepted.suppression = Suppression(kind: .external, justification: "recorded in the baseline")
      return accepted
    }
  }
}
