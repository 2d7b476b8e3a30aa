import ArchCore
import Foundation
import Rules
import Scoring

/// The `--format sarif` report: SARIF 2.1.0 for GitHub code scanning, built from typed structs.
///
/// One run holds every rule of the audit and one result per finding (suppressed and baselined
/// ones included, with their `suppressions`). Positions are 1-based; columns count Unicode code
/// points, as `LineIndex` computes them, which the run states in `columnKind`.
public enum SARIFReport {
  /// The key under `partialFingerprints` that carries `Fingerprint.of(finding)`, the finding's
  /// `fingerprint` in the JSON report.
  public static let fingerprintKey = "archverify/v1"
  /// The key GitHub code scanning tracks alerts by; see `PrimaryLocationLineHash`.
  public static let lineHashKey = "primaryLocationLineHash"
  /// The base id finding URIs are relative to: the audited folder.
  public static let sourceRoot = "SRCROOT"
  /// The id of the official SARIF 2.1.0 schema (OASIS errata 01), which the log validates against.
  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
  /// GitHub code scanning keeps at most this many results of a run.
  public static let maxResults = 25_000
  /// GitHub code scanning keeps at most this many locations of a result.
  public static let maxLocationsPerResult = 10
  /// `runAutomationDetails.id`: GitHub reads the part before the last `/` as the analysis
  /// category, so uploads of later audits replace earlier ones rather than adding to them.
  public static let automationId = "archverify/audit/"

  /// Where to read about this version of archverify (`tool.driver.informationUri`). archverify
  /// has no public web site yet and its documentation ships inside the binary, so the URI is a
  /// `data:` URI whose text says exactly that, rather than a web address that does not exist.
  public static var informationURI: String {
    let text =
      "archverify \(ArchverifyVersion.current): the documentation of every rule is built into the "
      + "binary; run `archverify rules` for the list and `archverify explain RULE_ID` for a rule."
    return "data:text/plain;charset=utf-8,"
      + (text.addingPercentEncoding(withAllowedCharacters: uriUnreserved) ?? "archverify")
  }

  public static func render(_ report: AuditReport) throws -> String {
    try JSONReport.encode(log(report))
  }

  /// The SARIF log of one audit: one run, every rule of the run, and a result per finding, at
  /// most `resultLimit` of them (the most severe; see `selectResults`).
  public static func log(_ report: AuditReport, resultLimit: Int = maxResults) -> SARIF.Log {
    let rules = report.rules
    var ruleIndex: [String: Int] = [:]
    for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
    let driver = SARIF.Driver(
      name: "archverify", version: ArchverifyVersion.current, semanticVersion: ArchverifyVersion.current,
      informationUri: informationURI, rules: rules.map(descriptor))
    let lineHashes = PrimaryLocationLineHash.of(report.findings)
    let kept = selectResults(report.findings, limit: resultLimit)
    let results = kept.map { index in
      result(
        report.findings[index], ruleIndex: ruleIndex[report.findings[index].ruleId],
        lineHash: lineHashes[index], lineIndex: report.lineIndexes[report.findings[index].location.path])
    }
    let run = SARIF.Run(
      tool: SARIF.Tool(driver: driver),
      automationDetails: SARIF.RunAutomationDetails(id: automationId),
      originalUriBaseIds: [sourceRoot: SARIF.ArtifactLocation(uri: rootURI(report.root), uriBaseId: nil)],
      columnKind: "unicodeCodePoints",
      results: results,
      properties: SARIF.RunProperties(
        score: report.score.score, threshold: report.score.threshold, passed: report.score.passed,
        categories: report.score.categories, truncated: kept.count < report.findings.count,
        totalResults: report.findings.count, omittedResults: report.findings.count - kept.count))
    return SARIF.Log(schema: schemaURI, version: "2.1.0", runs: [run])
  }

  /// Indexes of the findings a run reports, in report order. When there are more than `limit`,
  /// the most severe are kept: unsuppressed before suppressed, then errors, warnings and notes,
  /// then report order, which makes the choice deterministic.
  public static func selectResults(_ findings: [Finding], limit: Int) -> [Int] {
    guard findings.count > limit else { return Array(findings.indices) }
    let ranked = findings.indices.sorted { left, right in
      let a = findings[left]
      let b = findings[right]
      if a.isSuppressed != b.isSuppressed { return !a.isSuppressed }
      if a.level != b.level { return a.level > b.level }
      return left < right
    }
    return ranked.prefix(max(0, limit)).sorted()
  }

  static func result(_ finding: Finding, ruleIndex: Int?, lineHash: String, lineIndex: LineIndex?)
    -> SARIF.Result
  {
    let location = SARIF.Location(
      physicalLocation: SARIF.PhysicalLocation(
        artifactLocation: SARIF.ArtifactLocation(
          uri: relativeURI(finding.location.path), uriBaseId: sourceRoot),
        region: region(finding.location, lineIndex: lineIndex)))
    return SARIF.Result(
      ruleId: finding.ruleId, ruleIndex: ruleIndex, level: finding.level.rawValue,
      message: SARIF.Message(text: finding.message),
      locations: Array([location].prefix(maxLocationsPerResult)),
      partialFingerprints: [fingerprintKey: Fingerprint.of(finding), lineHashKey: lineHash],
      suppressions: finding.suppression.map { suppression in
        [
          SARIF.Suppression(
            kind: suppression.kind.rawValue, status: "accepted", justification: suppression.justification)
        ]
      })
  }

  /// From the finding's position to the end of its line's text (trailing whitespace left out).
  /// Without the file's text (a skipped file) the region gives its start only, which SARIF reads
  /// as "to the end of the line".
  static func region(_ location: Location, lineIndex: LineIndex?) -> SARIF.Region {
    guard let lineIndex, location.line <= lineIndex.lineCount else {
      return SARIF.Region(
        startLine: location.line, startColumn: location.column, endLine: nil, endColumn: nil)
    }
    let text = lineIndex.lineText(location.line)
    let trimmed = text.unicodeScalars.reversed().drop { $0.properties.isWhitespace }
    let lineEnd = trimmed.count + 1
    return SARIF.Region(
      startLine: location.line, startColumn: location.column, endLine: location.line,
      endColumn: max(location.column, lineEnd))
  }

  static func descriptor(_ rule: RuleDescription) -> SARIF.ReportingDescriptor {
    SARIF.ReportingDescriptor(
      id: rule.id, name: rule.name, shortDescription: SARIF.Text(text: rule.message, markdown: nil),
      fullDescription: SARIF.Text(text: rule.summary, markdown: nil),
      help: SARIF.Text(text: plainText(rule.rationale), markdown: rule.rationale),
      defaultConfiguration: SARIF.Configuration(level: rule.level.rawValue),
      properties: SARIF.RuleProperties(
        tags: rule.tags, precision: rule.precision.rawValue,
        securitySeverity: rule.securitySeverity.map { String(format: "%.1f", $0) }))
  }

  /// A rule's Markdown rationale as plain text: headings lose their `#`s, code fences are
  /// dropped and the code inside them is indented by four spaces.
  static func plainText(_ markdown: String) -> String {
    var lines: [String] = []
    var inCode = false
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
        inCode.toggle()
        continue
      }
      if inCode {
        lines.append(line.isEmpty ? "" : "    " + line)
      } else if line.hasPrefix("#") {
        lines.append(String(line.drop { $0 == "#" }.drop { $0 == " " }))
      } else {
        lines.append(String(line))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A finding's path as a relative URI reference: `/`-separated, percent-encoded.
  static func relativeURI(_ path: String) -> String {
    path.addingPercentEncoding(withAllowedCharacters: uriPathAllowed) ?? path
  }

  /// The audited folder as a `file://` URI ending with `/`, as SARIF requires of a base.
  static func rootURI(_ root: String) -> String {
    let encoded = root.addingPercentEncoding(withAllowedCharacters: uriPathAllowed) ?? root
    return "file://" + (encoded.hasPrefix("/") ? "" : "/") + encoded + (encoded.hasSuffix("/") ? "" : "/")
  }

  /// RFC 3986 unreserved characters, sub-delimiters allowed in a path, `:`, `@` and `/`.
  static let uriPathAllowed = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")

  /// RFC 3986 unreserved characters.
  static let uriUnreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// The subset of the SARIF 2.1.0 object model archverify writes. Property names follow the
/// specification; optional properties left nil are omitted.
public enum SARIF {
  public struct Log: Codable, Sendable {
    public let schema: String
    public let version: String
    public let runs: [Run]

    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }

  public struct Run: Codable, Sendable {
    public let tool: Tool
    /// `runAutomationDetails`: how GitHub tells analyses of one commit apart.
    public let automationDetails: RunAutomationDetails
    public let originalUriBaseIds: [String: ArtifactLocation]
    /// `unicodeCodePoints`: how `Region` columns are counted.
    public let columnKind: String
    public let results: [Result]
    public let properties: RunProperties
  }

  public struct RunAutomationDetails: Codable, Sendable {
    public let id: String
  }

  /// The score and gate verdict of the run, and whether GitHub's result limit cut it short.
  public struct RunProperties: Codable, Sendable {
    public let score: Int
    public let threshold: Int
    /// The gate's verdict: the score reaches the threshold.
    public let passed: Bool
    public let categories: [String: ScoreReport.CategoryScore]
    /// Whether results were left out to stay within `SARIFReport.maxResults`.
    public let truncated: Bool
    /// Findings of the audit, suppressed ones included.
    public let totalResults: Int
    /// Findings left out of `results` (the least severe).
    public let omittedResults: Int
  }

  public struct Tool: Codable, Sendable {
    public let driver: Driver
  }

  public struct Driver: Codable, Sendable {
    public let name: String
    public let version: String
    public let semanticVersion: String
    public let informationUri: String
    public let rules: [ReportingDescriptor]
  }

  /// A rule. It has no `helpUri`: the documentation is `help`, which the binary also prints with
  /// `archverify explain`.
  public struct ReportingDescriptor: Codable, Sendable {
    public let id: String
    public let name: String
    public let shortDescription: Text
    public let fullDescription: Text
    public let help: Text
    public let defaultConfiguration: Configuration
    public let properties: RuleProperties
  }

  /// A `multiformatMessageString`.
  public struct Text: Codable, Sendable {
    public let text: String
    public let markdown: String?
  }

  public struct Configuration: Codable, Sendable {
    public let level: String
  }

  public struct RuleProperties: Codable, Sendable {
    public let tags: [String]
    /// GitHub code scanning's `precision`: `very-high`, `high`, `medium` or `low`.
    public let precision: String
    /// GitHub code scanning's severity score, a decimal number as a string ("8.0").
    public let securitySeverity: String?

    enum CodingKeys: String, CodingKey {
      case tags, precision
      case securitySeverity = "security-severity"
    }
  }

  public struct Result: Codable, Sendable {
    public let ruleId: String
    public let ruleIndex: Int?
    public let level: String
    public let message: Message
    public let locations: [Location]
    public let partialFingerprints: [String: String]
    public let suppressions: [Suppression]?
  }

  public struct Message: Codable, Sendable {
    public let text: String
  }

  public struct Location: Codable, Sendable {
    public let physicalLocation: PhysicalLocation
  }

  public struct PhysicalLocation: Codable, Sendable {
    public let artifactLocation: ArtifactLocation
    public let region: Region
  }

  public struct ArtifactLocation: Codable, Sendable {
    public let uri: String
    public let uriBaseId: String?
  }

  /// 1-based lines and columns; columns in Unicode code points (the run's `columnKind`). The end
  /// column is exclusive.
  public struct Region: Codable, Sendable {
    public let startLine: Int
    public let startColumn: Int
    public let endLine: Int?
    public let endColumn: Int?
  }

  public struct Suppression: Codable, Sendable {
    /// `inSource` (an `archverify: ignore[...]` comment) or `external` (the baseline).
    public let kind: String
    public let status: String
    public let justification: String
  }
}
