/// The version of archverify, reported by `--version`, the JSON report and SARIF's `tool.driver`.
public enum ArchverifyVersion {
  public static let current = "0.1.0"
  /// Where to read about archverify and its rules (SARIF `informationUri`).
  public static let informationURI = "https://github.com/archverify/archverify"
}
