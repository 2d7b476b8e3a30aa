import ArchCore
import Foundation
import Reports
import Scoring
import Testing

/// The report formats end to end: the text report's layout, JSON's shape and determinism, SARIF
/// against the official schema, Markdown and HTML.
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

  @Test func sarifValidatesAgainstTheSchema() throws {
    var files = Projects.createAll
    files["app/__init__.py"] = Projects.suppressions["app/__init__.py"]
    let project = try TemporaryProject(files)
    let result = try project.run("audit", "--format", "sarif", "--output", "report.sarif")
    #expect(result == RunResult(stdout: "", stderr: "", status: 0))
    let schema = Snapshot.folder.deletingLastPathComponent().appendingPathComponent(
      "Schemas/sarif-schema-2.1.0.json")
    let validation = try Archverify.runTool(
      "/usr/bin/env",
      [
        "python3", "-c",
        "import json, sys, jsonschema; "
          + "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
        "report.sarif", schema.path,
      ], in: project.url)
    #expect(
      validation.stderr == "", "SARIF validation needs python3 with jsonschema (pip install jsonschema)")
    #expect(validation.stdout == "valid\n")
  }

  @Test func sarifCarriesRulesLocationsFingerprintsAndSuppressions() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit", "--format", "sarif")
    #expect(result.status == 0)
    let log = try JSONDecoder().decode(SARIF.Log.self, from: Data(result.stdout.utf8))
    #expect(log.version == "2.1.0")
    #expect(log.schema == "https://json.schemastore.org/sarif-2.1.0.json")
    let run = try #require(log.runs.first)
    #expect(run.columnKind == "unicodeCodePoints")
    #expect(run.tool.driver.name == "archverify")
    #expect(run.tool.driver.version == ArchverifyVersion.current)
    let base = try #require(run.originalUriBaseIds["SRCROOT"])
    #expect(base.uri == "file://\(project.url.standardizedFileURL.path)/")
    let rules = run.tool.driver.rules
    #expect(rules.map(\.id) == rules.map(\.id).sorted())
    let createAll = try #require(rules.first { $0.id == "migrations/create-all" })
    #expect(createAll.shortDescription.text == Self.createAllMessage)
    #expect(createAll.defaultConfiguration.level == "error")
    #expect(createAll.properties.tags == ["migrations", "correctness", "database"])
    #expect(createAll.help.markdown?.contains("## Why it matters") == true)

    let summary = run.results.map { result in
      let region = result.locations[0].physicalLocation.region
      return "\(result.ruleId) \(result.level) \(result.locations[0].physicalLocation.artifactLocation.uri):"
        + "\(region.startLine):\(region.startColumn) \(result.suppressions?.map(\.kind) ?? [])"
    }
    #expect(
      summary == [
        "migrations/create-all error app/__init__.py:7:9 [\"inSource\"]",
        "migrations/create-all error app/__init__.py:12:5 []",
        "archverify/blanket-suppression note app/__init__.py:12:24 []",
        "archverify/unused-suppression note app/__init__.py:15:3 []",
      ])
    for result in run.results {
      #expect(result.ruleIndex.map { rules[$0].id } == result.ruleId)
      #expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId == "SRCROOT")
      #expect(result.partialFingerprints.keys.sorted() == [SARIFReport.fingerprintKey])
    }
    #expect(
      run.results[0].suppressions?.first?.justification == "the demo database is rebuilt on every start")
    #expect(run.properties.score == 92)
    #expect(run.properties.threshold == 80)
    #expect(run.properties.passed)
  }

  @Test func sarifFingerprintsSurviveUnrelatedEdits() throws {
    let project = try TemporaryProject(Projects.createAll)
    func fingerprints() throws -> [String] {
      let log = try JSONDecoder().decode(
        SARIF.Log.self, from: Data(try project.run("audit", "--format", "sarif").stdout.utf8))
      return log.runs[0].results.compactMap { $0.partialFingerprints[SARIFReport.fingerprintKey] }
    }
    let before = try fingerprints()
    let original = try project.read("app/__init__.py")
    try project.write("app/__init__.py", "\"\"\"The application factory.\"\"\"\n\n" + original)
    #expect(try fingerprints() == before)
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
