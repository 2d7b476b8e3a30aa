import ArchCore
import Foundation

/// The score of a set of findings and the gate verdict. A pure function of its inputs.
///
/// Formula (also printed by `archverify explain --scoring`): each rule with counted findings
/// costs `base(level) × (1 + 0.5 × log2(n))`, where `n` is its number of counted findings at
/// that level and `base` is 8 for an error, 3 for a warning and 0.5 for a note. The score is
/// `100 − Σ cost`, rounded down and clamped to 0…100. Suppressed and baselined findings, and
/// archverify's own notes about the run, cost nothing.
public struct ScoreReport: Sendable, Equatable, Codable {
  public let score: Int
  public let threshold: Int
  public let passed: Bool
  /// Score per category that has rules, computed the same way from that category's findings.
  public let categories: [String: CategoryScore]

  public struct CategoryScore: Sendable, Equatable, Codable {
    public let score: Int
    public let errors: Int
    public let warnings: Int
    public let notes: Int
  }
}

public enum Scoring {
  public static let defaultThreshold = 80

  public static func base(_ level: Level) -> Double {
    switch level {
    case .error: return 8
    case .warning: return 3
    case .note: return 0.5
    }
  }

  /// What the findings of one rule at one level cost together.
  public static func cost(level: Level, count: Int) -> Double {
    guard count > 0 else { return 0 }
    return base(level) * (1 + 0.5 * log2(Double(count)))
  }

  /// Whether a finding takes part in the score.
  public static func counts(_ finding: Finding) -> Bool {
    !finding.isSuppressed && finding.category != .archverify
  }

  static func score(_ findings: [Finding]) -> Int {
    var groups: [String: [Level: Int]] = [:]
    for finding in findings where counts(finding) {
      groups[finding.ruleId, default: [:]][finding.level, default: 0] += 1
    }
    // Sum in a fixed order so floating point gives the same result every run.
    var penalty = 0.0
    for rule in groups.keys.sorted() {
      for level in Level.allCases {
        penalty += cost(level: level, count: groups[rule]?[level] ?? 0)
      }
    }
    let raw = (100 - penalty).rounded(.down)
    return Int(max(0, min(100, raw)))
  }

  /// Scores the findings and applies the threshold.
  public static func evaluate(_ findings: [Finding], threshold: Int, categories: [Category]) -> ScoreReport {
    let total = score(findings)
    var breakdown: [String: ScoreReport.CategoryScore] = [:]
    for category in categories where category != .archverify {
      let own = findings.filter { $0.category == category }
      let counted = own.filter(counts)
      breakdown[category.rawValue] = ScoreReport.CategoryScore(
        score: score(own),
        errors: counted.filter { $0.level == .error }.count,
        warnings: counted.filter { $0.level == .warning }.count,
        notes: counted.filter { $0.level == .note }.count)
    }
    return ScoreReport(score: total, threshold: threshold, passed: total >= threshold, categories: breakdown)
  }

  /// The formula in words, for `archverify explain --scoring`.
  public static let explanation = """
    How archverify scores a project

    Every rule whose findings count costs points once, growing slowly with repeats:

        cost(rule, level) = base(level) × (1 + 0.5 × log2(n))

    where n is the number of counted findings of that rule at that level, and
    base is 8 for an error, 3 for a warning and 0.5 for a note.

        score = 100 − Σ cost, rounded down, clamped to 0…100

    What counts: findings that are not suppressed inline (`archverify: ignore[...]`),
    not recorded in the baseline, and not archverify's own notes (skipped files,
    suppression hygiene). A rule set to `off` in archverify.yml reports nothing; a
    level override changes the base.

    Properties:
      - a clean project scores 100; adding a finding never raises the score;
      - one error costs 8 (score 92); errors in three rules cost 24 (score 76);
      - a hundred repeats of one warning cost 3 × (1 + 0.5 × log2 100) ≈ 13,
        less than one error in each of three rules (24);
      - the same findings always give the same score.

    Each category (auth, tenancy, config, migrations, openapi, billing) gets its own
    score from its own findings, by the same formula. The gate passes when the score
    is at least the threshold (--fail-under, `fail_under` in archverify.yml, default 80).
    """
}
