import ArchCore
import Foundation
import Reports
import Scoring
import Testing

/// The report formats end to end: the text report's layout, JSON's shape and determinism, Markdown
/// and HTML. SARIF has its own suite, `SARIFTests`.
@Suite struct ReportTests {
  static let createAllMessage = AuditCommandTests.createAllMessage

  /// The text report with the timing line made stable.
  static func stableText(_ text: String) -> String {
    text.replacingOccurrences(
      of: #"(?m)^Time {10}\d+\.\d{3}s$"#, with: "Time          <elapsed>", options: .regularExpression)
  }

  @Test func textReport() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    Snapshot.assert(Self.stableText(result.stdout), named: "text-report", ext: "txt")
  }

  @Test func textReportShowsTheLineAndACaretUnderTheColumn() throws {
    let project = try TemporaryProject(Projects.createAll)
    let lines = try project.run("audit").stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      Array(lines.prefix(6)) == [
        "app/__init__.py:12:9: error: \(Self.createAllMessage) [migrations/create-all]",
        "        db.create_all()",
        "        ^",
        // The tab is kept so the caret lines up; the column counts "é" as one.
        "scripts/seed.py:7:18: error: \(Self.createAllMessage) [migrations/create-all]",
        "\tlabel = \"café\"; Base.metadata.create_all(bind=db.engine)",
        "\t                ^",
      ])
  }

  @Test func textReportListsFilesWithParseErrors() throws {
    var files = Projects.clean
    for index in 0..<12 {
      files["app/broken_\(String(format: "%02d", index)).py"] = "def broken(:\n    pass\n"
    }
    let project = try TemporaryProject(files)
    let result = try project.run("audit")
    #expect(result.status == 0)
    let expected =
      (["Parse errors  12 files (analysed anyway)"]
      + (0..<10).map { "  app/broken_\(String(format: "%02d", $0)).py" } + ["  and 2 more"])
      .joined(separator: "\n")
    #expect(result.stdout.contains("\n" + expected + "\nSkipped       none\n"))
  }

  @Test func skippedFilesAreCountedAndNoted() throws {
    let project = try TemporaryProject(Projects.clean)
    try Data([0x64, 0x65, 0x66, 0x00, 0x01]).write(to: project.url.appendingPathComponent("app/blob.py"))
    let result = try project.run("audit")
    #expect(result.status == 0)
    #expect(
      result.stdout.hasPrefix(
        "app/blob.py:1:1: note: file was not analysed: it is binary [archverify/skipped-file]\n\n"))
    #expect(result.stdout.contains("\nSkipped       1 file\n"))
  }

  @Test func jsonReport() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--format", "json")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    #expect(document.tool == JSONReport.Tool(name: "archverify", version: ArchverifyVersion.current))
    #expect(document.score == 88)
    #expect(document.threshold == 80)
    #expect(document.passed)
    let seedLine = "label = \"café\"; Base.metadata.create_all(bind=db.engine)"
    #expect(
      document.findings == [
        JSONReport.Item(
          ruleId: "migrations/create-all", level: .error, category: .migrations, path: "app/__init__.py",
          line: 12,
          column: 9, message: Self.createAllMessage, suppressed: false, suppression: nil,
          fingerprint: Fingerprint.hash("migrations/create-all\u{0}app/__init__.py\u{0}db.create_all()")),
        JSONReport.Item(
          ruleId: "migrations/create-all", level: .error, category: .migrations, path: "scripts/seed.py",
          line: 7,
          column: 18, message: Self.createAllMessage, suppressed: false, suppression: nil,
          fingerprint: Fingerprint.hash("migrations/create-all\u{0}scripts/seed.py\u{0}\(seedLine)")),
      ])
    let migrations = try #require(document.categories["migrations"])
    let counts: [Int] = [migrations.score, migrations.errors, migrations.warnings, migrations.notes]
    #expect(counts == [88, 2, 0, 0])
    #expect(document.categories.values.filter { $0.score != 100 }.count == 1)
    #expect(
      document.summary
        == JSONReport.Summary(
          files: 4, lines: 29, parseErrorFiles: [], skippedFiles: [], errors: 2,
          warnings: 0, notes: 0, suppressedInline: 0, baselined: 0))
    // Keys sorted, slashes not escaped, the contract's keys at the top level.
    #expect(result.stdout.hasPrefix("{\n  \"categories\" : {\n"))
    #expect(result.stdout.contains("\"ruleId\" : \"migrations/create-all\""))
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(
      object.map { Set($0.keys) }
        == ["tool", "score", "threshold", "passed", "findings", "categories", "summary"])
  }

  @Test func jsonIsByteIdenticalAcrossRunsAndWorkers() throws {
    var files = Projects.many(40)
    files.merge(Projects.suppressions) { _, new in new }
    let project = try TemporaryProject(files)
    let first = try project.run("audit", "--format", "json", "--jobs", "1")
    let second = try project.run("audit", "--format", "json", "--jobs", "1")
    let parallel = try project.run("audit", "--format", "json", "--jobs", "2")
    let parallelAgain = try project.run("audit", "--format", "json", "--jobs", "2")
    #expect(first.status == 1)
    #expect(first.stdout.contains("app/module_39.py"))
    #expect(first == second)
    #expect(first == parallel)
    #expect(parallel == parallelAgain)
  }

  @Test func markdownReport() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit", "--format", "markdown")
    #expect(result.status == 0)
    Snapshot.assert(result.stdout, named: "markdown-report", ext: "md")
  }

  @Test func htmlReport() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit", "--format", "html")
    #expect(result.status == 0)
    Snapshot.assert(result.stdout, named: "html-report", ext: "html")
  }
}
