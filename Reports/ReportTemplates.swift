/// The report templates of `templates/`, embedded at build time (`.embedInCode` in Package.swift), so a
/// copied binary renders reports without the source tree.
public enum ReportTemplates {
  /// Each embedded file: its path under `Reports/` and its bytes, sorted by path.
  public static let all: [(path: String, bytes: [UInt8])] = [
    ("templates/finding.html.mustache", PackageResources.finding_html_mustache),
    ("templates/report.css", PackageResources.report_css),
    ("templates/report.html.mustache", PackageResources.report_html_mustache),
    ("templates/report.js", PackageResources.report_js),
    ("templates/report.md.mustache", PackageResources.report_md_mustache),
  ]

  /// The text of the embedded file at `path` (relative to `Reports/`), if there is one.
  public static func text(_ path: String) -> String? {
    all.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
  }
}
