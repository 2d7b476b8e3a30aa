import ArchCore
import Scoring

/// The `--format html` report: one self-contained page (styles and script inline, nothing loaded
/// from the network) with a score gauge, category bars, and every finding with the source around
/// it, grouped by rule and by file, filtered by level, rule and path in the browser.
/// The layout is `Reports/templates/report.html.mustache`.
public enum HTMLReport {
  /// Source lines shown above and below each finding's line.
  static let contextLines = 2

  public static func render(_ report: AuditReport) throws -> String {
    let view = ReportView(report, limits: ReportView.Limits(contextLines: contextLines))
    return try ReportTemplateLibrary.render(view, template: "report.html")
  }
}
