import ArchCore
import Foundation
import Reports
import Rules
import Scoring
import Testing

/// `--format sarif` as GitHub code scanning reads it: the official schema, the driver and its
/// rules, regions, line hashes, suppressions and GitHub's result limit.
@Suite struct SARIFTests {
  static let createAllMessage = AuditCommandTests.createAllMessage
  static let taskboard = SchemaValidation.repository.appendingPathComponent("examples/taskboard")

  /// A project with a result of every kind: an inline-suppressed finding and the suppression
  /// notes (`Projects.suppressions`), findings in an OpenAPI YAML document, a skipped binary file
  /// and a line with a multi-byte character. `baselined(_:)` records its findings in a baseline
  /// and then adds a new one.
  static let mixedFiles: [String: String] = Projects.suppressions.merging([
    "app/orders.py": """
    from flask import Blueprint

    bp = Blueprint("orders", __name__, url_prefix="/api/orders")


    @bp.get("/<int:order_id>")
    def show(order_id):
        return {}

    """,
    "openapi.yaml": """
    openapi: 3.1.0
    info: {title: Orders, version: "1"}
    servers:
      - url: https://api.example.com/api
    paths:
      /orders/{id}:
        get:
          responses:
            "200": {description: one order}
        delete:
          responses:
            "204": {description: deleted}

    """,
    "scripts/seed.py": Projects.createAll["scripts/seed.py"] ?? "",
  ]) { _, new in new }

  static let lateModule = "from .extensions import db\n\n\ndef late():\n    db.create_all()\n"

  /// The mixed project with its findings baselined, then one new finding in `app/late.py`.
  static func baselinedProject() throws -> TemporaryProject {
    let project = try TemporaryProject(mixedFiles)
    try Data([0x64, 0x65, 0x66, 0x00, 0x01]).write(to: project.url.appendingPathComponent("app/blob.py"))
    let written = try project.run("baseline", "write", "baseline.json")
    #expect(written.status == 0, "baseline write failed: \(written.stderr)")
    try project.write("app/late.py", lateModule)
    return project
  }

  static func decode(_ text: String) throws -> SARIF.Log {
    try JSONDecoder().decode(SARIF.Log.self, from: Data(text.utf8))
  }

  /// `path:startLine:startColumn-endLine:endColumn`, or without the end when there is none.
  static func position(_ result: SARIF.Result) -> String {
    let location = result.locations[0].physicalLocation
    let region = location.region
    let end = region.endLine.map { "-\($0):\(region.endColumn ?? 0)" } ?? ""
    return "\(location.artifactLocation.uri):\(region.startLine):\(region.startColumn)\(end)"
  }

  @Test func taskboardValidatesAgainstTheOfficialSchema() throws {
    try FileManager.default.createDirectory(at: SchemaValidation.artifacts, withIntermediateDirectories: true)
    let file = SchemaValidation.artifacts.appendingPathComponent("taskboard.sarif")
    let result = try Archverify.run(
      ["audit", ".", "--format", "sarif", "--output", file.path], in: Self.taskboard)
    #expect(result.stdout == "")
    #expect(result.stderr == "")
    #expect([0, 1].contains(result.status))
    try SchemaValidation.expectValid([file], against: SchemaValidation.sarifSchema)
    let run = try #require(try Self.decode(String(contentsOf: file, encoding: .utf8)).runs.first)
    let reported = Set(run.results.map(\.ruleId))
    #expect(
      reported.isSuperset(of: [
        "auth/token-in-web-storage", "config/sqlite-fallback", "config/hardcoded-secret",
        "migrations/create-all", "auth/token-in-response-body", "auth/insecure-cookie",
      ]))
    #expect(run.properties.passed == (result.status == 0))
  }

  @Test func suppressedBaselinedYAMLAndSkippedResultsValidate() throws {
    let project = try Self.baselinedProject()
    let result = try project.run(
      "audit", "--baseline", "baseline.json", "--format", "sarif", "--output", "report.sarif")
    #expect(result.stdout == "")
    #expect(result.stderr == "")
    let file = project.url.appendingPathComponent("report.sarif")
    try SchemaValidation.expectValid([file], against: SchemaValidation.sarifSchema)

    let text = try project.read("report.sarif")
    let root = "file://\(project.url.standardizedFileURL.path)/"
    #expect(text.contains("\"uri\" : \"\(root)\""))
    Snapshot.assert(
      text.replacingOccurrences(of: root, with: "file:///tmp/project/"), named: "sarif-report", ext: "sarif")

    let run = try #require(try Self.decode(text).runs.first)
    let summary = run.results.map { result in
      "\(result.ruleId) \(Self.position(result)) \(result.suppressions?.map(\.kind) ?? [])"
    }
    #expect(
      summary == [
        "migrations/create-all app/__init__.py:7:9-7:24 [\"inSource\"]",
        "migrations/create-all app/__init__.py:12:5-12:42 [\"external\"]",
        "archverify/blanket-suppression app/__init__.py:12:24-12:42 []",
        "archverify/unused-suppression app/__init__.py:15:3-15:44 []",
        "archverify/skipped-file app/blob.py:1:1 []",
        "migrations/create-all app/late.py:5:5-5:20 []",
        "openapi/orphan-operation openapi.yaml:10:5-10:12 [\"external\"]",
        "migrations/create-all scripts/seed.py:7:18-7:58 [\"external\"]",
      ])
    let external = run.results.compactMap { $0.suppressions?.first }.filter { $0.kind == "external" }
    #expect(external.map(\.justification).allSatisfy { !$0.isEmpty })
    #expect(external.allSatisfy { $0.status == "accepted" })
    for result in run.results {
      #expect(result.locations.count == 1)
      #expect(result.ruleIndex.map { run.tool.driver.rules[$0].id } == result.ruleId)
      #expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId == SARIFReport.sourceRoot)
    }
    #expect(run.properties.truncated == false)
    #expect(run.properties.totalResults == 8)
  }

  @Test func driverRulesAndRunCarryWhatGitHubReads() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let result = try project.run("audit", "--format", "sarif")
    #expect(result.status == 0)
    #expect(try project.run("audit", "--format", "sarif", "--jobs", "1") == result, "not byte-identical")
    let log = try Self.decode(result.stdout)
    #expect(log.version == "2.1.0")
    #expect(log.schema == SARIFReport.schemaURI)
    let run = try #require(log.runs.first)
    #expect(log.runs.count == 1)
    #expect(run.columnKind == "unicodeCodePoints")
    #expect(run.automationDetails.id == "archverify/audit/")
    let driver = run.tool.driver
    #expect(driver.name == "archverify")
    #expect(driver.version == ArchverifyVersion.current)
    #expect(driver.semanticVersion == ArchverifyVersion.current)
    let about = try #require(driver.informationUri.removingPercentEncoding)
    #expect(about.hasPrefix("data:text/plain;charset=utf-8,archverify \(ArchverifyVersion.current): "))
    #expect(about.contains("`archverify explain RULE_ID`"))
    let base = try #require(run.originalUriBaseIds[SARIFReport.sourceRoot])
    #expect(base.uri == "file://\(project.url.standardizedFileURL.path)/")

    let rules = driver.rules
    #expect(rules.map(\.id) == (try RuleSet.load()).descriptions.map(\.id))
    for rule in rules {
      #expect(!rule.shortDescription.text.isEmpty && !rule.fullDescription.text.isEmpty)
      let markdown = rule.help.markdown ?? ""
      for heading in RuleDescription.requiredHeadings {
        #expect(markdown.contains("## \(heading)\n"), "\(rule.id): help.markdown lacks \(heading)")
        #expect(rule.help.text.contains("\n\(heading)\n") || rule.help.text.hasPrefix("\(heading)\n"))
      }
      #expect(!rule.help.text.contains("## ") && !rule.help.text.contains("```"), "\(rule.id)")
      #expect(RulePrecision(rawValue: rule.properties.precision) != nil)
      #expect(rule.properties.tags.count <= 10)
      // GitHub applies security-severity to rules tagged `security`; archverify pairs them.
      #expect(
        rule.properties.tags.contains("security") == (rule.properties.securitySeverity != nil), "\(rule.id)")
      if let severity = rule.properties.securitySeverity {
        #expect(severity.wholeMatch(of: /(10|\d)\.\d/) != nil)
      }
    }
    let createAll = try #require(rules.first { $0.id == "migrations/create-all" })
    #expect(createAll.shortDescription.text == Self.createAllMessage)
    #expect(createAll.defaultConfiguration.level == "error")
    #expect(createAll.properties.tags == ["migrations", "correctness", "database"])
    #expect(createAll.properties.precision == "high")
    #expect(createAll.help.text.contains("\nExample\n    with app.app_context():\n        db.create_all()\n"))
    let unprotected = try #require(rules.first { $0.id == "auth/unprotected-route" })
    #expect(unprotected.properties.precision == "medium")
    #expect(unprotected.properties.securitySeverity == "8.8")
    #expect(rules.first { $0.id == "archverify/skipped-file" }?.properties.precision == "very-high")
    #expect(!result.stdout.contains("helpUri"))

    for result in run.results {
      #expect(
        result.partialFingerprints.keys.sorted() == [SARIFReport.fingerprintKey, SARIFReport.lineHashKey])
      let lineHash = try #require(result.partialFingerprints[SARIFReport.lineHashKey])
      #expect(lineHash.wholeMatch(of: /[0-9a-f]{16}:[1-9][0-9]*/) != nil)
    }
    #expect(
      run.results[0].suppressions?.first?.justification == "the demo database is rebuilt on every start")
    #expect(run.properties.score == 92)
    #expect(run.properties.threshold == 80)
    #expect(run.properties.passed)
    #expect(run.properties.categories["migrations"]?.score == 92)
    #expect(!run.properties.truncated)
    #expect(run.properties.totalResults == 4)
    #expect(run.properties.omittedResults == 0)
  }

  @Test func lineHashSurvivesInsertedLinesAndChangesWithTheLine() throws {
    let project = try TemporaryProject(Projects.createAll)
    func hashes() throws -> [String] {
      let result = try project.run("audit", "--format", "sarif")
      return try Self.decode(result.stdout).runs[0].results.map { result in
        result.locations[0].physicalLocation.artifactLocation.uri + " "
          + (result.partialFingerprints[SARIFReport.lineHashKey] ?? "none")
      }
    }
    let before = try hashes()
    #expect(before.count == 2)
    let original = try project.read("app/__init__.py")
    try project.write("app/__init__.py", "\"\"\"The application factory.\"\"\"\nimport os\n\n" + original)
    #expect(try hashes() == before)

    // Re-indenting the line keeps the hash too: whitespace is not part of it.
    try project.write(
      "app/__init__.py",
      original.replacingOccurrences(
        of: "    with app.app_context():\n        db.create_all()",
        with: "    if True:\n      with app.app_context():\n          db.create_all()"))
    #expect(try hashes() == before)

    try project.write(
      "app/__init__.py",
      original.replacingOccurrences(of: "db.create_all()", with: "db.create_all(checkfirst=True)"))
    let edited = try hashes()
    #expect(edited[0] != before[0])
    #expect(edited[1] == before[1])

    // Identical lines in one file share the hash and are told apart by the counter, from the top.
    try project.write("app/__init__.py", original)
    try project.write(
      "app/twice.py",
      "from .extensions import db\n\n\ndef a():\n    db.create_all()\n\n\ndef b():\n\tdb.create_all()\n")
    let twice = try hashes()
    #expect(twice.count == 4)
    let hash = try #require(before[0].split(separator: " ").last?.split(separator: ":").first)
    #expect(twice[0] == "app/__init__.py \(hash):1")
    #expect(twice[1] == "app/twice.py \(hash):1")
    #expect(twice[2] == "app/twice.py \(hash):2")
    #expect(twice[3] == before[1])
  }

  /// A hand-made report: a note on each of `notes` lines, then a suppressed error, then an error.
  static func crowdedReport(notes: Int) -> AuditReport {
    let error = ReportWriterTests.rule
    let note = RuleDescription(
      id: "auth/example-note", name: "ExampleNote", message: "a note", level: .note, category: .auth,
      tags: [], securitySeverity: nil, rationale: error.rationale, languages: [.python], examples: [],
      query: nil, source: "Rules/auth/example-note.yaml")
    func finding(_ rule: RuleDescription, line: Int) -> Finding {
      Finding(
        ruleId: rule.id, level: rule.level, category: rule.category, message: rule.message,
        location: Location(path: "app/a.py", offset: 0, line: line, column: 1), snippet: "x = \(line)")
    }
    var findings = (1...notes).map { finding(note, line: $0) }
    var suppressed = finding(error, line: notes + 1)
    suppressed.suppression = Suppression(kind: .external, justification: "recorded in the baseline")
    findings += [suppressed, finding(error, line: notes + 2)]
    return AuditReport(
      root: "/srv/app", findings: findings,
      score: Scoring.evaluate(findings, threshold: 80, categories: [.auth]), rules: [error, note],
      analyzedFiles: 1, linesOfCode: notes + 2, filesWithParseErrors: [], skippedFiles: [], lineIndexes: [:])
  }

  @Test func keepsTheMostSevereResultsWithinGitHubsLimit() throws {
    let limit = SARIFReport.maxResults
    #expect(limit == 25_000)
    let run = try #require(SARIFReport.log(Self.crowdedReport(notes: limit)).runs.first)
    #expect(run.results.count == limit)
    // The error is kept; the last note and the suppressed error are left out; report order stays.
    #expect(run.results.last?.ruleId == "auth/example-rule")
    #expect(run.results.last?.locations[0].physicalLocation.region.startLine == limit + 2)
    #expect(run.results.dropLast().last?.locations[0].physicalLocation.region.startLine == limit - 1)
    #expect(run.properties.truncated)
    #expect(run.properties.totalResults == limit + 2)
    #expect(run.properties.omittedResults == 2)

    let small = Self.crowdedReport(notes: 3)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-\(UUID().uuidString).sarif")
    defer { try? FileManager.default.removeItem(at: file) }
    let truncated = SARIFReport.log(small, resultLimit: 2)
    try JSONReport.encode(truncated).write(to: file, atomically: true, encoding: .utf8)
    try SchemaValidation.expectValid([file], against: SchemaValidation.sarifSchema)
    let kept = truncated.runs[0].results.map {
      "\($0.ruleId):\($0.locations[0].physicalLocation.region.startLine)"
    }
    #expect(kept == ["auth/example-note:1", "auth/example-rule:5"])
    #expect(SARIFReport.selectResults(small.findings, limit: 10) == Array(0..<5))
  }

  @Test func shippedPacksStateTheirPrecision() throws {
    for pack in RulePackLoader.embedded {
      #expect(pack.text.contains("\nprecision: "), "\(pack.path) does not state its precision")
    }
    let rules = try RuleSet.load().descriptions
    for rule in rules where rule.query != nil { #expect(rule.precision == .high, "\(rule.id) is syntactic") }
    for rule in rules where rule.category == .archverify { #expect(rule.precision == .veryHigh) }
    // A pack without `precision` (such as a team's own) gets one from its kind.
    let semantic = ReportWriterTests.rule
    #expect(semantic.precision == .medium)
    let query = RuleDescription(
      id: semantic.id, name: semantic.name, message: semantic.message, level: .error, category: .auth,
      tags: [], securitySeverity: nil, rationale: semantic.rationale, languages: [.python], examples: [],
      query: "(call) @finding", source: semantic.source)
    #expect(query.precision == .high)
  }
}
