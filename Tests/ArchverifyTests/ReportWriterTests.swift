import ArchCore
import Foundation
import Reports
import Rules
import Scoring
import Testing

/// The report writers on hand-made audits: escaping, colour, SARIF details that the shipped
/// rules do not exercise.
@Suite struct ReportWriterTests {
  static let rule = RuleDescription(
    id: "auth/example-rule", name: "ExampleRule", message: "a | b <c> & 'd'", level: .error, category: .auth,
    tags: ["security", "auth"], securitySeverity: 8.5,
    rationale: "## What it finds\nSomething.\n\n## Why it matters\nIt matters.\n", languages: [.python],
    examples: [], query: nil, source: "Rules/auth/example-rule.yaml")

  static func report(path: String, line: String, column: Int) -> AuditReport {
    let bytes = Array((line + "\n").utf8)
    let index = LineIndex(bytes: bytes)
    let offset = Array(line.unicodeScalars.prefix(column - 1).map(String.init).joined().utf8).count
    let finding = Finding(
      ruleId: rule.id, level: .error, category: .auth, message: rule.message,
      location: index.location(path: path, offset: offset), snippet: line.trimmingCharacters(in: .whitespaces)
    )
    let score = Scoring.evaluate([finding], threshold: 80, categories: [.auth])
    return AuditReport(
      root: "/srv/my project", findings: [finding], score: score, rules: [rule], analyzedFiles: 1,
      linesOfCode: 1,
      filesWithParseErrors: [], skippedFiles: [], lineIndexes: [path: index])
  }

  @Test func sarifEncodesPathsAndSecuritySeverity() throws {
    let log = SARIFReport.log(Self.report(path: "app/my file.py", line: "x = 1", column: 1))
    let run = try #require(log.runs.first)
    #expect(run.originalUriBaseIds["SRCROOT"]?.uri == "file:///srv/my%20project/")
    #expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri == "app/my%20file.py")
    #expect(run.tool.driver.rules[0].properties.securitySeverity == "8.5")
    #expect(run.tool.driver.rules[0].fullDescription.text == "Something.")
    #expect(run.results[0].ruleIndex == 0)
    #expect(run.results[0].suppressions == nil)
    let text = try SARIFReport.render(Self.report(path: "app/a.py", line: "x = 1", column: 1))
    #expect(text.contains("\"security-severity\" : \"8.5\""))
    #expect(text.contains("\"columnKind\" : \"unicodeCodePoints\""))
  }

  @Test func textReportInColour() {
    let text = TextReport.render(Self.report(path: "app/a.py", line: "\ttoken = 1", column: 2), color: true)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(3)
    #expect(
      Array(lines) == [
        "\u{1B}[1mapp/a.py:1:2:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m a | b <c> & 'd' "
          + "\u{1B}[2m[auth/example-rule]\u{1B}[0m",
        "\ttoken = 1",
        "\t\u{1B}[1;32m^\u{1B}[0m",
      ])
    #expect(text.hasSuffix("Score 92/100, threshold 80: \u{1B}[1;32mPASSED\u{1B}[0m\n"))
  }

  // The Markdown and HTML writers' escaping is tested in TemplateReportTests.

  @Test func baselineKeepsBaselinedFindingsAndDropsInlineSuppressionsAndNotes() {
    let location = Location(path: "app/a.py", offset: 0, line: 1, column: 1)
    let counted = Finding(
      ruleId: "auth/example-rule", level: .error, category: .auth, message: "m", location: location,
      snippet: "a")
    var baselined = Finding(
      ruleId: "auth/example-rule", level: .error, category: .auth, message: "m", location: location,
      snippet: "b")
    baselined.suppression = Suppression(kind: .external, justification: "recorded in the baseline")
    var inline = Finding(
      ruleId: "auth/example-rule", level: .error, category: .auth, message: "m", location: location,
      snippet: "c")
    inline.suppression = Suppression(kind: .inSource, justification: "why")
    let note = Finding(
      ruleId: "archverify/unused-suppression", level: .note, category: .archverify, message: "n",
      location: location, snippet: "d")
    let baseline = Baseline(findings: [note, inline, baselined, counted, counted])
    #expect(baseline.matcher.counts == [BaselineKey(counted): 2, BaselineKey(baselined): 1])
    #expect(baseline.findings == baseline.findings.sorted())
    #expect(baseline.version == 2)
  }
}
