import ArchCore
import Foundation
import Scoring

/// The terminal report: compiler-style findings with the offending line and a caret, then a
/// summary a person reads top to bottom, ending with the gate verdict.
public enum TextReport {
  /// Source lines longer than this (minified code) are not echoed under a finding.
  static let longestEchoedLine = 400

  /// The report as text. `elapsed` (seconds) adds a time line; `color` adds ANSI colours.
  public static func render(_ report: AuditReport, color: Bool, elapsed: Double? = nil) -> String {
    let style = TerminalStyle(enabled: color)
    var out = ""
    for finding in report.reportedFindings {
      out += findingLines(finding, lineIndex: report.lineIndexes[finding.location.path], style: style)
    }
    if report.reportedFindings.isEmpty { out += "No findings.\n" }
    out += "\n"
    out += summary(report, style: style, elapsed: elapsed)
    return out
  }

  /// `path:line:col: level: message [rule-id]`, then the line and a caret under the column.
  static func findingLines(_ finding: Finding, lineIndex: LineIndex?, style: TerminalStyle) -> String {
    let place = "\(finding.location.path):\(finding.location.line):\(finding.location.column):"
    var out =
      style.bold(place) + " " + style.level(finding.level) + " " + finding.message + " "
      + style.dim("[\(finding.ruleId)]") + "\n"
    if let lineIndex {
      let text = lineIndex.lineText(finding.location.line)
      let scalars = text.unicodeScalars
      if !text.trimmingCharacters(in: .whitespaces).isEmpty, scalars.count <= longestEchoedLine {
        let pad = LineIndex.caretPadding(for: text, column: finding.location.column)
        out += text + "\n" + pad + style.caret("^") + "\n"
      }
    }
    return out
  }

  static func summary(_ report: AuditReport, style: TerminalStyle, elapsed: Double?) -> String {
    var out = ""
    let counts = [
      plural(report.count(.error), "error"), plural(report.count(.warning), "warning"),
      plural(report.count(.note), "note"),
    ]
    out += row("Findings", counts.joined(separator: ", "))
    out += row(
      "Suppressed",
      "\(report.suppressedInline) inline, \(report.baselined) by the baseline (not counted, not shown)")
    out += row("Analysed", "\(plural(report.analyzedFiles, "file")), \(plural(report.linesOfCode, "line"))")
    if report.filesWithParseErrors.isEmpty {
      out += row("Parse errors", "none")
    } else {
      out += row("Parse errors", "\(plural(report.filesWithParseErrors.count, "file")) (analysed anyway)")
      for path in report.filesWithParseErrors.prefix(10) { out += "  \(path)\n" }
      if report.filesWithParseErrors.count > 10 {
        out += "  and \(report.filesWithParseErrors.count - 10) more\n"
      }
    }
    out += row("Skipped", report.skippedFiles.isEmpty ? "none" : plural(report.skippedFiles.count, "file"))
    if let elapsed { out += row("Time", String(format: "%.3fs", elapsed)) }
    out += "\n"
    out += categoryTable(report.score)
    out += "\n"
    let verdict = report.score.passed ? style.passed("PASSED") : style.failed("FAILED")
    out += "Score \(report.score.score)/100, threshold \(report.score.threshold): \(verdict)\n"
    return out
  }

  static func categoryTable(_ score: ScoreReport) -> String {
    let names = score.categories.keys.sorted()
    let width = max("Category".count, names.map(\.count).max() ?? 0)
    func line(_ cells: [String]) -> String {
      let first = cells[0].padding(toLength: width, withPad: " ", startingAt: 0)
      let rest = zip(cells.dropFirst(), [5, 6, 8, 5]).map { cell, size in
        String(repeating: " ", count: max(0, size - cell.count)) + cell
      }
      return ([first] + rest).joined(separator: "  ") + "\n"
    }
    var out = line(["Category", "Score", "Errors", "Warnings", "Notes"])
    for name in names {
      guard let category = score.categories[name] else { continue }
      out += line([
        name, "\(category.score)", "\(category.errors)", "\(category.warnings)", "\(category.notes)",
      ])
    }
    return out
  }

  static func row(_ label: String, _ value: String) -> String {
    label.padding(toLength: 14, withPad: " ", startingAt: 0) + value + "\n"
  }

  static func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}

/// ANSI colours for the terminal, or plain text when colour is off.
struct TerminalStyle {
  let enabled: Bool

  private func wrap(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func bold(_ text: String) -> String { wrap(text, "1") }
  func dim(_ text: String) -> String { wrap(text, "2") }
  func caret(_ text: String) -> String { wrap(text, "1;32") }
  func passed(_ text: String) -> String { wrap(text, "1;32") }
  func failed(_ text: String) -> String { wrap(text, "1;31") }

  func level(_ level: Level) -> String {
    let text = "\(level.rawValue):"
    switch level {
    case .error: return wrap(text, "1;31")
    case .warning: return wrap(text, "1;33")
    case .note: return wrap(text, "1;36")
    }
  }
}
