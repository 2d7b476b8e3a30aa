import ArchCore
import Foundation

/// A baseline file: the findings a team accepts for now, by fingerprint. Findings recorded in it
/// are reported as suppressed (`external`) and do not count. The file is JSON, sorted, so it
/// diffs well under version control.
public struct Baseline: Codable, Sendable, Equatable {
  /// One accepted finding. Only `fingerprint` is matched; the rest helps a reviewer.
  public struct Entry: Codable, Sendable, Equatable, Comparable {
    public let fingerprint: String
    public let ruleId: String
    public let path: String
    public let message: String

    public static func < (lhs: Entry, rhs: Entry) -> Bool {
      (lhs.path, lhs.ruleId, lhs.fingerprint, lhs.message) < (
        rhs.path, rhs.ruleId, rhs.fingerprint, rhs.message
      )
    }
  }

  /// Format version of the file.
  public let version: Int
  public let findings: [Entry]

  public static let currentVersion = 1

  /// The baseline of `findings`: those that count against the score now, plus those an older
  /// baseline already accepted. Inline-suppressed findings and archverify's own notes are left
  /// out; entries with the same fingerprint are recorded once.
  public init(findings: [Finding]) {
    var entries: [String: Entry] = [:]
    for finding in findings where finding.category != .archverify && finding.suppression?.kind != .inSource {
      let fingerprint = Fingerprint.of(finding)
      entries[fingerprint] = Entry(
        fingerprint: fingerprint, ruleId: finding.ruleId, path: finding.location.path,
        message: finding.message)
    }
    self.version = Baseline.currentVersion
    self.findings = entries.values.sorted()
  }

  /// The fingerprints the audit treats as accepted.
  public var fingerprints: Set<String> { Set(findings.map(\.fingerprint)) }

  /// Reads a baseline file; every problem is an `InputError` naming the file.
  public static func load(path: String) throws -> Baseline {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path: path, message: "cannot read baseline file")
    }
    let baseline: Baseline
    do {
      baseline = try JSONDecoder().decode(Baseline.self, from: data)
    } catch {
      throw InputError(
        path: path,
        message:
          "not an archverify baseline (expected {\"version\": 1, \"findings\": [{\"fingerprint\": ...}]}; "
          + "write one with `archverify audit --write-baseline FILE`)")
    }
    guard baseline.version == currentVersion else {
      throw InputError(
        path: path, message: "baseline version \(baseline.version) is not supported (expected 1)")
    }
    return baseline
  }

  /// The file's text: pretty-printed JSON with sorted keys.
  public func encoded() throws -> String { try JSONReport.encode(self) }
}
