import ArchCore
import Foundation
import Rules
import Scoring

/// The `--format sarif` report: SARIF 2.1.0 for GitHub code scanning, built from typed structs.
public enum SARIFReport {
  /// The key under `partialFingerprints` that carries `Fingerprint.of(finding)`.
  public static let fingerprintKey = "archverify/v1"
  /// The base id finding URIs are relative to: the audited folder.
  public static let sourceRoot = "SRCROOT"

  public static func render(_ report: AuditReport) throws -> String {
    try JSONReport.encode(log(report))
  }

  /// The SARIF log of one audit: one run, every rule of the run, every finding.
  public static func log(_ report: AuditReport) -> SARIF.Log {
    let rules = report.rules
    var ruleIndex: [String: Int] = [:]
    for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
    let driver = SARIF.Driver(
      name: "archverify", version: ArchverifyVersion.current, semanticVersion: ArchverifyVersion.current,
      informationUri: ArchverifyVersion.informationURI, rules: rules.map(descriptor))
    let results = report.findings.map { finding in
      SARIF.Result(
        ruleId: finding.ruleId, ruleIndex: ruleIndex[finding.ruleId], level: finding.level.rawValue,
        message: SARIF.Message(text: finding.message),
        locations: [
          SARIF.Location(
            physicalLocation: SARIF.PhysicalLocation(
              artifactLocation: SARIF.ArtifactLocation(
                uri: relativeURI(finding.location.path), uriBaseId: sourceRoot),
              region: SARIF.Region(startLine: finding.location.line, startColumn: finding.location.column)))
        ],
        partialFingerprints: [fingerprintKey: Fingerprint.of(finding)],
        suppressions: finding.suppression.map { suppression in
          [
            SARIF.Suppression(
              kind: suppression.kind.rawValue, status: "accepted", justification: suppression.justification)
          ]
        })
    }
    let run = SARIF.Run(
      tool: SARIF.Tool(driver: driver),
      originalUriBaseIds: [sourceRoot: SARIF.ArtifactLocation(uri: rootURI(report.root), uriBaseId: nil)],
      columnKind: "unicodeCodePoints",
      results: results,
      properties: SARIF.RunProperties(
        score: report.score.score, threshold: report.score.threshold, passed: report.score.passed,
        categories: report.score.categories))
    return SARIF.Log(schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run])
  }

  static func descriptor(_ rule: RuleDescription) -> SARIF.ReportingDescriptor {
    SARIF.ReportingDescriptor(
      id: rule.id, name: rule.name, shortDescription: SARIF.Text(text: rule.message, markdown: nil),
      fullDescription: SARIF.Text(text: rule.summary, markdown: nil),
      help: SARIF.Text(text: rule.rationale, markdown: rule.rationale),
      defaultConfiguration: SARIF.Configuration(level: rule.level.rawValue),
      properties: SARIF.RuleProperties(
        tags: rule.tags, securitySeverity: rule.securitySeverity.map { String(format: "%.1f", $0) }))
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
    public let originalUriBaseIds: [String: ArtifactLocation]
    public let columnKind: String
    public let results: [Result]
    public let properties: RunProperties
  }

  /// The score and gate verdict of the run.
  public struct RunProperties: Codable, Sendable {
    public let score: Int
    public let threshold: Int
    public let passed: Bool
    public let categories: [String: ScoreReport.CategoryScore]
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
    /// GitHub code scanning's severity score, a decimal number as a string ("8.0").
    public let securitySeverity: String?

    enum CodingKeys: String, CodingKey {
      case tags
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

  public struct Region: Codable, Sendable {
    public let startLine: Int
    /// In Unicode code points (the run's `columnKind`).
    public let startColumn: Int
  }

  public struct Suppression: Codable, Sendable {
    /// `inSource` or `external`.
    public let kind: String
    public let status: String
    public let justification: String
  }
}
