import ArchCore

/// GitHub code scanning's `partialFingerprints.primaryLocationLineHash` of each finding:
/// `HASH:COUNTER`, where `HASH` is `Fingerprint.hash` of the rule id and the finding's line with
/// every whitespace character removed, and `COUNTER` numbers the findings of one file that share
/// that hash, from the top (`1` for the first). The line number takes no part, so lines inserted
/// or removed elsewhere in the file keep the value; editing the line itself changes it. Removing
/// whitespace (as GitHub's own upload action does) also keeps it across re-indentation.
public enum PrimaryLocationLineHash {
  /// The text the hash reads: the line without any whitespace.
  public static func normalise(_ line: String) -> String {
    String(String.UnicodeScalarView(line.unicodeScalars.filter { !$0.properties.isWhitespace }))
  }

  /// The hash of each finding, in the order given. `findings` must be in report order (path,
  /// line, column, rule) so that the counters follow the file from the top.
  public static func of(_ findings: [Finding]) -> [String] {
    var occurrences: [String: Int] = [:]
    return findings.map { finding in
      let hash = Fingerprint.hash(finding.ruleId + "\u{0}" + normalise(finding.snippet))
      let key = finding.location.path + "\u{0}" + hash
      let counter = occurrences[key, default: 0] + 1
      occurrences[key] = counter
      return "\(hash):\(counter)"
    }
  }
}
