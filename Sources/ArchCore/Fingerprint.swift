/// Identifies a finding across unrelated edits: rule id, file, and the trimmed text of the
/// offending line, hashed. Moving the line up or down keeps the fingerprint; editing it changes it.
public enum Fingerprint {
  public static func of(_ finding: Finding) -> String {
    hash("\(finding.ruleId)\u{0}\(finding.location.path)\u{0}\(finding.snippet)")
  }

  /// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits.
  public static func hash(_ text: String) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
