/// The version of archverify, reported by `--version`, the JSON report and SARIF's `tool.driver`.
public enum ArchverifyVersion {
  public static let current = "0.1.0"
}
