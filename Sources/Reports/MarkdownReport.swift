import ArchCore
import Scoring

/// The `--format markdown` report, for a pull-request comment: score and verdict, the category
/// table, the top findings with links to their lines, and every finding by rule, folded away.
/// The layout is `Reports/templates/report.md.mustache`; this file chooses what fits.
public enum MarkdownReport {
  /// Findings in the "Top findings" table.
  static let topFindings = 20
  /// GitHub's limit on a comment's length.
  public static let commentLimit = 65_536
  /// What the report may take, in UTF-8 bytes (never fewer than characters): room is left for what a
  /// CI step adds around it.
  public static let budget = 60_000
  /// Fewer bytes than any finding's line in the folded lists takes.
  static let shortestItem = 40

  public static func render(_ report: AuditReport) throws -> String {
    let view = ReportView(report, limits: ReportView.Limits(top: topFindings))
    // A listed finding takes more than `shortestItem` bytes, so more than `listable` never fit.
    let listable = budget / shortestItem
    if view.total + view.suppressedCount <= listable {
      let full = try render(view)
      if full.utf8.count <= budget { return full }
    }

    // Too long: list fewer findings under each rule, as many as fit (binary search).
    var low = 0
    var high = min(listable, (view.byRule.map(\.findingCount) + [view.suppressedCount]).max() ?? 0)
    var best: String?
    while low <= high {
      let middle = (low + high) / 2
      let text = try render(view.listing(perRule: middle))
      if text.utf8.count <= budget {
        best = text
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    if let best { return best }
    // Not even the rule headings fit (very long messages or paths): cut at a line break.
    let shortest = try render(view.listing(perRule: 0))
    let note = "\n\n**Report cut to fit a GitHub comment; see the JSON or SARIF report for all findings.**\n"
    var cut = shortest.utf8.prefix(budget - note.utf8.count)
    if let lastBreak = cut.lastIndex(of: UInt8(ascii: "\n")) { cut = cut[..<lastBreak] }
    return String(decoding: cut, as: UTF8.self) + note
  }

  static func render(_ view: ReportView) throws -> String {
    try ReportTemplateLibrary.render(view, template: "report.md")
  }
}
