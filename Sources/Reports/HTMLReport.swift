import ArchCore
import Foundation
import Scoring

/// The `--format html` report: one self-contained page (no scripts, no external files).
public enum HTMLReport {
  public static func render(_ report: AuditReport) -> String {
    let score = report.score
    let verdict = score.passed ? "passed" : "failed"
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>archverify report: \(score.score)/100</title>
      <style>
      body { font: 14px/1.5 system-ui, sans-serif; color: #1f2328; }
      body { margin: 2em auto; max-width: 72em; padding: 0 1em; }
      table { border-collapse: collapse; margin: 1em 0; }
      th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
      td.number { text-align: right; }
      code, pre { font: 13px/1.4 ui-monospace, monospace; }
      pre { background: #f6f8fa; padding: 0.5em; margin: 0.3em 0 0; overflow-x: auto; }
      .passed { color: #1a7f37; } .failed { color: #cf222e; }
      .error { color: #cf222e; } .warning { color: #9a6700; } .note { color: #0969da; }
      </style>
      </head>
      <body>
      <h1>archverify: \(score.score)/100, <span class="\(verdict)">\(verdict)</span></h1>
      <p>Threshold \(score.threshold). \(TextReport.plural(report.analyzedFiles, "file")) analysed \
      (\(TextReport.plural(report.linesOfCode, "line"))), \
      \(report.filesWithParseErrors.count) with parse errors, \(report.skippedFiles.count) skipped; \
      \(TextReport.plural(report.suppressedInline, "finding")) suppressed inline, \
      \(report.baselined) by the baseline.</p>
      <table>
      <tr><th>Category</th><th>Score</th><th>Errors</th><th>Warnings</th><th>Notes</th></tr>

      """
    for name in score.categories.keys.sorted() {
      guard let category = score.categories[name] else { continue }
      out += "<tr><td>\(escape(name))</td><td class=\"number\">\(category.score)</td>"
      out += "<td class=\"number\">\(category.errors)</td><td class=\"number\">\(category.warnings)</td>"
      out += "<td class=\"number\">\(category.notes)</td></tr>\n"
    }
    out += "</table>\n"
    let reported = report.reportedFindings
    out += "<h2>Findings (\(reported.count))</h2>\n"
    out += reported.isEmpty ? "<p>No findings.</p>\n" : findingTable(reported, report: report)
    let suppressed = report.findings.filter(\.isSuppressed)
    if !suppressed.isEmpty {
      out += "<h2>Suppressed (\(suppressed.count), not counted)</h2>\n"
      out += findingTable(suppressed, report: report)
    }
    out += "</body>\n</html>\n"
    return out
  }

  static func findingTable(_ findings: [Finding], report: AuditReport) -> String {
    var out = "<table>\n<tr><th>Level</th><th>Location</th><th>Rule</th><th>Message</th></tr>\n"
    for finding in findings {
      let place = "\(finding.location.path):\(finding.location.line):\(finding.location.column)"
      out += "<tr><td class=\"\(finding.level.rawValue)\">\(finding.level.rawValue)</td>"
      out += "<td><code>\(escape(place))</code></td><td><code>\(escape(finding.ruleId))</code></td><td>"
      out += escape(finding.message)
      if let suppression = finding.suppression { out += "<br><em>\(escape(suppression.justification))</em>" }
      if let line = report.lineIndexes[finding.location.path]?.lineText(finding.location.line),
        !line.trimmingCharacters(in: .whitespaces).isEmpty
      {
        out += "<pre>\(escape(line))</pre>"
      }
      out += "</td></tr>\n"
    }
    return out + "</table>\n"
  }

  /// Text safe inside HTML elements and attribute values.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
