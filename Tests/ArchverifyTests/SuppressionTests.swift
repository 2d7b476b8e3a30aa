import ArchCore
import Foundation
import Reports
import Testing

/// Inline suppression comments as the user sees them in the text and JSON reports.
@Suite struct SuppressionTests {
  static let createAllMessage = AuditCommandTests.createAllMessage

  @Test func suppressedFindingIsHiddenAndCountedBlanketAndUnusedAreNoted() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit")
    #expect(result.status == 0)
    let findings = result.stdout.components(separatedBy: "\n\n")[0]
    #expect(
      findings == """
        app/__init__.py:12:5: error: \(Self.createAllMessage) [migrations/create-all]
            db.create_all()  # archverify: ignore
            ^
        app/__init__.py:12:24: note: `archverify: ignore` without rule ids suppresses nothing; \
        name the rules, as in `archverify: ignore[rule-id] reason` [archverify/blanket-suppression]
            db.create_all()  # archverify: ignore
                               ^
        app/__init__.py:15:3: note: suppression of 'migrations/create-all' suppresses nothing \
        [archverify/unused-suppression]
        # archverify: ignore[migrations/create-all]
          ^
        """)
    #expect(result.stdout.contains("\nFindings      1 error, 0 warnings, 2 notes\n"))
    #expect(result.stdout.contains("\nSuppressed    1 inline, 0 by the baseline (not counted, not shown)\n"))
    // One unsuppressed error; archverify's notes cost nothing.
    #expect(result.stdout.hasSuffix("Score 92/100, threshold 80: PASSED\n"))
  }

  @Test func jsonKeepsTheSuppressedFindingWithItsReason() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit", "--format", "json")
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    let suppressed = document.findings.filter(\.suppressed)
    #expect(suppressed.count == 1)
    #expect(suppressed.first?.line == 7)
    #expect(
      suppressed.first?.suppression
        == Suppression(kind: .inSource, justification: "the demo database is rebuilt on every start"))
    #expect(document.summary.suppressedInline == 1)
  }

  @Test func ruleSwitchedOffReportsNothingAndItsSuppressionIsNotUnused() throws {
    let project = try TemporaryProject(Projects.suppressions)
    try project.write("archverify.yml", "rules:\n  migrations/create-all: off\n")
    let result = try project.run("audit", "--format", "json")
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    #expect(document.findings.map(\.ruleId) == ["archverify/blanket-suppression"])
    #expect(document.score == 100)
  }
}
