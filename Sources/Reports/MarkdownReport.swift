import ArchCore
import Scoring

/// The `--format markdown` report, sized for a pull-request comment: verdict, category table,
/// findings table, suppressed findings folded away.
public enum MarkdownReport {
  /// At most this many findings are listed; the rest are counted (a PR comment has a size limit).
  static let listedFindings = 200

  public static func render(_ report: AuditReport) -> String {
    let score = report.score
    var out = "## archverify: \(score.score)/100, \(score.passed ? "passed" : "failed") "
    out += "(threshold \(score.threshold))\n\n"
    out += "| Category | Score | Errors | Warnings | Notes |\n|---|---:|---:|---:|---:|\n"
    for name in score.categories.keys.sorted() {
      guard let category = score.categories[name] else { continue }
      out +=
        "| \(name) | \(category.score) | \(category.errors) | \(category.warnings) | \(category.notes) |\n"
    }
    out += "\n"
    let reported = report.reportedFindings
    if reported.isEmpty {
      out += "No findings.\n"
    } else {
      out += "### Findings (\(reported.count))\n\n"
      out += findingTable(Array(reported.prefix(listedFindings)), suppressed: false)
      if reported.count > listedFindings {
        out += "\nand \(reported.count - listedFindings) more; see the JSON or SARIF report.\n"
      }
    }
    let suppressed = report.findings.filter(\.isSuppressed)
    if !suppressed.isEmpty {
      out += "\n<details><summary>\(suppressed.count) suppressed (not counted)</summary>\n\n"
      out += findingTable(Array(suppressed.prefix(listedFindings)), suppressed: true)
      out += "\n</details>\n"
    }
    out += "\n\(TextReport.plural(report.analyzedFiles, "file")) analysed "
    out += "(\(TextReport.plural(report.linesOfCode, "line")))"
    out += ", \(report.filesWithParseErrors.count) with parse errors, \(report.skippedFiles.count) skipped.\n"
    return out
  }

  static func findingTable(_ findings: [Finding], suppressed: Bool) -> String {
    var out =
      suppressed
      ? "| Level | Location | Rule | Message | Why suppressed |\n|---|---|---|---|---|\n"
      : "| Level | Location | Rule | Message |\n|---|---|---|---|\n"
    for finding in findings {
      let place = "\(finding.location.path):\(finding.location.line):\(finding.location.column)"
      out +=
        "| \(finding.level.rawValue) | \(code(place)) | \(code(finding.ruleId)) | \(cell(finding.message)) |"
      if suppressed { out += " \(cell(finding.suppression?.justification ?? "")) |" }
      out += "\n"
    }
    return out
  }

  /// Text inside a table cell: pipes escaped, line breaks flattened.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// A code span that survives backticks inside the text.
  static func code(_ text: String) -> String {
    let fence = text.contains("`") ? "``" : "`"
    let pad = text.contains("`") ? " " : ""
    return fence + pad + cell(text) + pad + fence
  }
}
