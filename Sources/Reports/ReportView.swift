import ArchCore
import Foundation
import Rules
import Scoring

/// What the Markdown and HTML templates show of one audit: plain values in report order, no layout.
///
/// Mustache reads stored properties by name, so these names are the templates' vocabulary. A name
/// missing at one level is looked up in the enclosing values, so names differ between levels.
struct ReportView {
  let score: Int
  let threshold: Int
  let passed: Bool
  /// `passed` or `failed`.
  let verdict: String
  let gauge: Gauge
  /// Every scored category, by name.
  let categories: [CategoryView]
  /// Reported findings per level, errors first.
  let levels: [LevelCount]
  /// Reported findings (not suppressed, not baselined).
  let total: Int
  let totalPhrase: String
  let hasFindings: Bool
  /// The first reported findings, most serious first (`Limits.top`).
  let top: [FindingView]
  /// Reported findings not in `top`.
  let moreThanTop: Int
  let hasMoreThanTop: Bool
  /// Reported findings grouped by rule: most serious level first, then most findings, then id.
  private(set) var byRule: [RuleGroup]
  /// Reported findings grouped by file, by path.
  let byFile: [FileGroup]
  /// Findings, reported or suppressed, left out of the lists by `listing(perRule:)`.
  private(set) var unlisted = 0
  private(set) var isTruncated = false
  let suppressed: [FindingView]
  /// The suppressed findings listed (`listing(perRule:)`).
  private(set) var suppressedListed: [FindingView]
  private(set) var suppressedUnlisted = 0
  private(set) var hasSuppressedUnlisted = false
  let suppressedCount: Int
  let hasSuppressed: Bool
  let suppressedInline: Int
  let baselined: Int
  /// Every rule with a finding, reported or suppressed, by id: the HTML rule filter.
  let ruleOptions: [RuleOption]
  let filesPhrase: String
  let linesPhrase: String
  let parseErrorCount: Int
  let skippedCount: Int

  /// How much the view lists.
  struct Limits {
    /// Findings in `top`.
    var top = Int.max
    /// Source lines shown above and below a finding's line (0: only the line itself; nil: none).
    var contextLines: Int? = nil

    static let all = Limits()
  }

  struct Gauge {
    /// The arc's length and the circle's circumference, for `stroke-dasharray`.
    let dash: String
    let circumference: String
    /// The threshold's tick across the ring.
    let tickX1: String
    let tickY1: String
    let tickX2: String
    let tickY2: String
  }

  struct CategoryView {
    let name: String
    let categoryScore: Int
    /// Points below 100.
    let lost: Int
    let errors: Int
    let warnings: Int
    let notes: Int
    /// `good`, `fair` or `poor`, for the bar's colour.
    let tone: String
  }

  struct LevelCount {
    let level: String
    let count: Int
    let phrase: String
  }

  struct RuleGroup {
    let id: String
    /// The rule's one-line message.
    let summary: String
    /// The most serious level among the group's findings.
    let level: String
    let category: String
    let findingCount: Int
    let countPhrase: String
    let findings: [FindingView]
    /// The findings listed (`listing(perRule:)`).
    fileprivate(set) var listed: [FindingView]
    fileprivate(set) var unlistedCount = 0
    fileprivate(set) var hasUnlisted = false
    let anchor: String
  }

  struct FileGroup {
    let path: String
    let findingCount: Int
    let countPhrase: String
    let findings: [FindingView]
    let anchor: String
  }

  struct RuleOption {
    let ruleId: String
    let optionCount: Int
  }

  struct FindingView {
    let ruleId: String
    let level: String
    let path: String
    let line: Int
    let column: Int
    /// `path:line:column`.
    let location: String
    /// `path#Lline`, percent-encoded: a link to the line from a pull request or the repository.
    let link: String
    let message: String
    let isSuppressed: Bool
    /// Why the finding does not count, when it is suppressed or baselined.
    let justification: String?
    let source: [SourceLine]
    let hasSource: Bool
  }

  struct SourceLine {
    let number: Int
    let text: String
    let isHit: Bool
    /// What goes before the caret under the finding's column (tabs kept).
    let caretPadding: String
  }

  /// Source lines longer than this (minified code) are cut, with an ellipsis.
  static let longestSourceLine = 240

  init(_ report: AuditReport, limits: Limits = .all) {
    let score = report.score
    self.score = score.score
    threshold = score.threshold
    passed = score.passed
    verdict = score.passed ? "passed" : "failed"
    gauge = Self.gauge(score: score.score, threshold: score.threshold)
    categories = score.categories.keys.sorted().compactMap { name in
      score.categories[name].map { category in
        CategoryView(
          name: name, categoryScore: category.score, lost: 100 - category.score, errors: category.errors,
          warnings: category.warnings, notes: category.notes, tone: Self.tone(category.score))
      }
    }

    let reported = report.reportedFindings
    let views = reported.map { Self.finding($0, report: report, contextLines: limits.contextLines) }
    levels = Level.allCases.reversed().map { level in
      let count = reported.filter { $0.level == level }.count
      return LevelCount(level: level.rawValue, count: count, phrase: TextReport.plural(count, level.rawValue))
    }
    total = reported.count
    totalPhrase = TextReport.plural(reported.count, "finding")
    hasFindings = !reported.isEmpty

    // Most serious first; the sort is stable, so report order (path, line, column) breaks ties.
    let ranked = zip(reported, views).enumerated().sorted { left, right in
      if left.element.0.level != right.element.0.level { return left.element.0.level > right.element.0.level }
      return left.offset < right.offset
    }
    top = ranked.prefix(limits.top).map(\.element.1)
    moreThanTop = max(0, reported.count - limits.top)
    hasMoreThanTop = moreThanTop > 0

    var rules: [String: [(Finding, FindingView)]] = [:]
    for pair in zip(reported, views) { rules[pair.0.ruleId, default: []].append(pair) }
    let descriptions = Dictionary(report.rules.map { ($0.id, $0) }) { first, _ in first }
    let ruleIds = rules.keys.sorted { left, right in
      let leftLevel = rules[left]?.map(\.0.level).max() ?? .note
      let rightLevel = rules[right]?.map(\.0.level).max() ?? .note
      if leftLevel != rightLevel { return leftLevel > rightLevel }
      let leftCount = rules[left]?.count ?? 0
      let rightCount = rules[right]?.count ?? 0
      if leftCount != rightCount { return leftCount > rightCount }
      return left < right
    }
    byRule = ruleIds.enumerated().map { index, id in
      let pairs = rules[id] ?? []
      let first = pairs.first?.0
      let findings = pairs.map(\.1)
      return RuleGroup(
        id: id, summary: descriptions[id]?.message ?? first?.message ?? "",
        level: (pairs.map(\.0.level).max() ?? .note).rawValue,
        category: (descriptions[id]?.category ?? first?.category ?? .archverify).rawValue,
        findingCount: findings.count, countPhrase: TextReport.plural(findings.count, "finding"),
        findings: findings, listed: findings, anchor: "rule-\(index + 1)")
    }

    var files: [String: [FindingView]] = [:]
    for view in views { files[view.path, default: []].append(view) }
    byFile = files.keys.sorted().enumerated().map { index, path in
      let findings = files[path] ?? []
      return FileGroup(
        path: path, findingCount: findings.count, countPhrase: TextReport.plural(findings.count, "finding"),
        findings: findings, anchor: "file-\(index + 1)")
    }

    let hidden = report.findings.filter(\.isSuppressed)
    suppressed = hidden.map { Self.finding($0, report: report, contextLines: limits.contextLines) }
    suppressedListed = suppressed
    suppressedCount = hidden.count
    hasSuppressed = !hidden.isEmpty
    suppressedInline = report.suppressedInline
    baselined = report.baselined

    var optionCounts: [String: Int] = [:]
    for finding in report.findings { optionCounts[finding.ruleId, default: 0] += 1 }
    ruleOptions = optionCounts.keys.sorted().map {
      RuleOption(ruleId: $0, optionCount: optionCounts[$0] ?? 0)
    }

    filesPhrase = TextReport.plural(report.analyzedFiles, "file")
    linesPhrase = TextReport.plural(report.linesOfCode, "line")
    parseErrorCount = report.filesWithParseErrors.count
    skippedCount = report.skippedFiles.count
  }

  /// The same view listing at most `perRule` findings under each rule, and as many suppressed ones.
  func listing(perRule: Int) -> ReportView {
    var view = self
    for index in view.byRule.indices {
      let findings = view.byRule[index].findings
      view.byRule[index].listed = Array(findings.prefix(perRule))
      view.byRule[index].unlistedCount = max(0, findings.count - perRule)
      view.byRule[index].hasUnlisted = findings.count > perRule
    }
    view.suppressedListed = Array(suppressed.prefix(perRule))
    view.suppressedUnlisted = max(0, suppressed.count - perRule)
    view.hasSuppressedUnlisted = suppressed.count > perRule
    view.unlisted = view.byRule.map(\.unlistedCount).reduce(view.suppressedUnlisted, +)
    view.isTruncated = view.unlisted > 0
    return view
  }

  static func finding(_ finding: Finding, report: AuditReport, contextLines: Int?) -> FindingView {
    let location = finding.location
    let source = contextLines.map { lines in
      Self.source(of: location, in: report.lineIndexes[location.path], contextLines: lines)
    }
    return FindingView(
      ruleId: finding.ruleId, level: finding.level.rawValue, path: location.path, line: location.line,
      column: location.column, location: "\(location.path):\(location.line):\(location.column)",
      link: linkTarget(path: location.path, line: location.line), message: finding.message,
      isSuppressed: finding.isSuppressed, justification: finding.suppression?.justification,
      source: source ?? [], hasSource: !(source ?? []).isEmpty)
  }

  /// The finding's line and `contextLines` lines around it; none when the line is blank or unknown.
  static func source(of location: Location, in index: LineIndex?, contextLines: Int) -> [SourceLine] {
    guard let index, location.line >= 1, location.line <= index.lineCount else { return [] }
    let hit = index.lineText(location.line)
    guard !hit.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
    var first = max(1, location.line - contextLines)
    var last = min(index.lineCount, location.line + contextLines)
    // A file's final line break leaves an empty last "line"; leading and trailing blank lines add nothing.
    while first < location.line, index.lineText(first).trimmingCharacters(in: .whitespaces).isEmpty {
      first += 1
    }
    while last > location.line, index.lineText(last).trimmingCharacters(in: .whitespaces).isEmpty {
      last -= 1
    }
    return (first...last).map { number in
      let text = index.lineText(number)
      let isHit = number == location.line
      let padding = isHit ? LineIndex.caretPadding(for: text, column: location.column) : ""
      return SourceLine(
        number: number, text: shortened(text), isHit: isHit,
        caretPadding: padding.unicodeScalars.count > longestSourceLine ? "" : padding)
    }
  }

  static func shortened(_ line: String) -> String {
    let scalars = line.unicodeScalars
    guard scalars.count > longestSourceLine else { return line }
    return String(String.UnicodeScalarView(scalars.prefix(longestSourceLine))) + "…"
  }

  /// Characters left as they are in a link's path: RFC 3986's unreserved set and `/`.
  static let linkAllowed = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

  static func linkTarget(path: String, line: Int) -> String {
    (path.addingPercentEncoding(withAllowedCharacters: linkAllowed) ?? path) + "#L\(line)"
  }

  static func tone(_ score: Int) -> String {
    score >= 90 ? "good" : score >= 70 ? "fair" : "poor"
  }

  /// The ring of the score gauge: radius 52 around (60, 60), starting at the top, clockwise.
  static func gauge(score: Int, threshold: Int) -> Gauge {
    let radius = 52.0
    let circumference = 2 * Double.pi * radius
    let angle = Double(threshold) / 100 * 2 * Double.pi
    func format(_ value: Double) -> String { String(format: "%.2f", value) }
    func point(_ distance: Double) -> (x: String, y: String) {
      (format(60 + distance * sin(angle)), format(60 - distance * cos(angle)))
    }
    let inner = point(radius - 9)
    let outer = point(radius + 9)
    return Gauge(
      dash: format(Double(max(0, min(100, score))) / 100 * circumference),
      circumference: format(circumference),
      tickX1: inner.x, tickY1: inner.y, tickX2: outer.x, tickY2: outer.y)
  }
}
