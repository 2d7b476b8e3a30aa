import ArchCore
import Rules
import Scoring

/// Everything a report writer needs from one audit, in report order. Built by the command line
/// from the audit's result; writers are pure functions of it.
public struct AuditReport: Sendable {
  /// Absolute path of the audited folder; finding paths are relative to it.
  public let root: String
  /// Every finding, suppressed ones included, sorted by path, line, column and rule.
  public let findings: [Finding]
  public let score: ScoreReport
  /// Descriptions of every rule of the run, sorted by id.
  public let rules: [RuleDescription]
  public let analyzedFiles: Int
  public let linesOfCode: Int
  public let filesWithParseErrors: [String]
  public let skippedFiles: [String]
  /// Line indexes of the files that have findings, to show the offending line.
  public let lineIndexes: [String: LineIndex]

  public init(
    root: String, findings: [Finding], score: ScoreReport, rules: [RuleDescription], analyzedFiles: Int,
    linesOfCode: Int, filesWithParseErrors: [String], skippedFiles: [String], lineIndexes: [String: LineIndex]
  ) {
    self.root = root
    self.findings = findings
    self.score = score
    self.rules = rules
    self.analyzedFiles = analyzedFiles
    self.linesOfCode = linesOfCode
    self.filesWithParseErrors = filesWithParseErrors
    self.skippedFiles = skippedFiles
    self.lineIndexes = lineIndexes
  }

  /// Findings shown as problems: not suppressed inline and not recorded in the baseline.
  public var reportedFindings: [Finding] { findings.filter { !$0.isSuppressed } }

  /// Findings suppressed by an `archverify: ignore[...]` comment.
  public var suppressedInline: Int { findings.filter { $0.suppression?.kind == .inSource }.count }

  /// Findings recorded in the baseline.
  public var baselined: Int { findings.filter { $0.suppression?.kind == .external }.count }

  /// Count of reported findings at `level`.
  public func count(_ level: Level) -> Int { reportedFindings.filter { $0.level == level }.count }
}

/// The report formats of `archverify audit --format`.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text, json, sarif, markdown, html

  /// The report of `report` in this format. `color` applies to the text format only.
  public func render(_ report: AuditReport, color: Bool = false, elapsed: Double? = nil) throws -> String {
    switch self {
    case .text: return TextReport.render(report, color: color, elapsed: elapsed)
    case .json: return try JSONReport.render(report)
    case .sarif: return try SARIFReport.render(report)
    case .markdown: return try MarkdownReport.render(report)
    case .html: return try HTMLReport.render(report)
    }
  }
}
