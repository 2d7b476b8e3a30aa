import ArchCore
import Foundation
import Scoring

/// The `--format json` report: one object, sorted keys, no timings, so the same input gives the
/// same bytes. `Reports/schema/archverify-report.schema.json` describes its shape exactly (every
/// object closed); change the schema with the shape, or `JSONReportSchemaTests` fails.
public enum JSONReport {
  /// The shape of the report (cli.md, plus the fingerprint and the summary).
  public struct Document: Codable, Sendable, Equatable {
    public let tool: Tool
    public let score: Int
    public let threshold: Int
    public let passed: Bool
    /// Every finding, suppressed ones included, in report order.
    public let findings: [Item]
    public let categories: [String: ScoreReport.CategoryScore]
    public let summary: Summary
  }

  public struct Tool: Codable, Sendable, Equatable {
    public let name: String
    public let version: String

    public init(name: String, version: String) {
      self.name = name
      self.version = version
    }
  }

  /// One finding.
  public struct Item: Codable, Sendable, Equatable {
    public let ruleId: String
    public let level: Level
    public let category: Category
    /// Relative to the audited folder, `/`-separated.
    public let path: String
    public let line: Int
    /// 1-based, in Unicode code points.
    public let column: Int
    public let message: String
    public let suppressed: Bool
    /// How the finding is suppressed, when it is.
    public let suppression: Suppression?
    /// Stable across unrelated edits (the rule, the path and the line's text), for tools that
    /// track findings between runs; SARIF carries the same value as `archverify/v1`.
    public let fingerprint: String

    public init(
      ruleId: String, level: Level, category: Category, path: String, line: Int, column: Int, message: String,
      suppressed: Bool, suppression: Suppression?, fingerprint: String
    ) {
      self.ruleId = ruleId
      self.level = level
      self.category = category
      self.path = path
      self.line = line
      self.column = column
      self.message = message
      self.suppressed = suppressed
      self.suppression = suppression
      self.fingerprint = fingerprint
    }
  }

  /// What was read and how many findings of each kind there are.
  public struct Summary: Codable, Sendable, Equatable {
    public let files: Int
    public let lines: Int
    public let parseErrors: Int
    public let parseErrorFiles: [String]
    public let skipped: Int
    public let skippedFiles: [String]
    /// Reported (unsuppressed) findings per level.
    public let errors: Int
    public let warnings: Int
    public let notes: Int
    public let suppressedInline: Int
    public let baselined: Int

    public init(
      files: Int, lines: Int, parseErrorFiles: [String], skippedFiles: [String], errors: Int, warnings: Int,
      notes: Int, suppressedInline: Int, baselined: Int
    ) {
      self.files = files
      self.lines = lines
      self.parseErrors = parseErrorFiles.count
      self.parseErrorFiles = parseErrorFiles
      self.skipped = skippedFiles.count
      self.skippedFiles = skippedFiles
      self.errors = errors
      self.warnings = warnings
      self.notes = notes
      self.suppressedInline = suppressedInline
      self.baselined = baselined
    }
  }

  public static func document(_ report: AuditReport) -> Document {
    Document(
      tool: Tool(name: "archverify", version: ArchverifyVersion.current),
      score: report.score.score, threshold: report.score.threshold, passed: report.score.passed,
      findings: report.findings.map { finding in
        Item(
          ruleId: finding.ruleId, level: finding.level, category: finding.category,
          path: finding.location.path,
          line: finding.location.line, column: finding.location.column, message: finding.message,
          suppressed: finding.isSuppressed, suppression: finding.suppression,
          fingerprint: Fingerprint.of(finding))
      },
      categories: report.score.categories,
      summary: Summary(
        files: report.analyzedFiles, lines: report.linesOfCode, parseErrorFiles: report.filesWithParseErrors,
        skippedFiles: report.skippedFiles, errors: report.count(.error), warnings: report.count(.warning),
        notes: report.count(.note), suppressedInline: report.suppressedInline, baselined: report.baselined))
  }

  public static func render(_ report: AuditReport) throws -> String {
    try encode(document(report))
  }

  /// Pretty-printed JSON with sorted keys and unescaped slashes, ending with a newline.
  public static func encode<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }
}
