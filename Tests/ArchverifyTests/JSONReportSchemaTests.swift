import ArchCore
import Foundation
import Reports
import Testing

/// `--format json` against its schema, `Reports/schema/archverify-report.schema.json`: real
/// reports validate, and the schema is strict enough to catch drift.
@Suite struct JSONReportSchemaTests {
  @Test func taskboardReportValidates() throws {
    try FileManager.default.createDirectory(at: SchemaValidation.artifacts, withIntermediateDirectories: true)
    let file = SchemaValidation.artifacts.appendingPathComponent("taskboard.json")
    let result = try Archverify.run(
      ["audit", ".", "--format", "json", "--output", file.path], in: SARIFTests.taskboard)
    #expect(result.stdout == "")
    #expect(result.stderr == "")
    #expect([0, 1].contains(result.status))
    try SchemaValidation.expectValid([file], against: SchemaValidation.reportSchema)
  }

  @Test func reportWithSuppressedBaselinedAndSkippedFindingsValidates() throws {
    let project = try SARIFTests.baselinedProject()
    let result = try project.run(
      "audit", "--baseline", "baseline.json", "--format", "json", "--output", "report.json")
    #expect(result == RunResult(stdout: "", stderr: "", status: 0))
    try SchemaValidation.expectValid(
      [project.url.appendingPathComponent("report.json")], against: SchemaValidation.reportSchema)
    let text = try project.read("report.json")
    Snapshot.assert(text, named: "json-report", ext: "json")
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(text.utf8))
    #expect(Set(document.findings.compactMap(\.suppression?.kind)) == [.inSource, .external])
    #expect(document.summary.skippedFiles == ["app/blob.py"])
    #expect(
      document.findings.contains { $0.path == "openapi.yaml" && $0.ruleId == "openapi/orphan-operation" })
  }

  @Test func schemaRejectsDrift() throws {
    let project = try TemporaryProject(Projects.suppressions)
    let valid = try project.run("audit", "--format", "json").stdout
    let first = "\"suppressed\" : false"
    let mutations: [(name: String, find: String, replace: String)] = [
      ("extra-finding-key", first, "\"endLine\" : 1,\n      \(first)"),
      ("extra-top-level-key", "{\n  \"categories\"", "{\n  \"generatedAt\" : \"today\",\n  \"categories\""),
      ("suppressed-without-suppression", first, "\"suppressed\" : true"),
      ("suppression-on-unsuppressed", "\"suppressed\" : true", "\"suppressed\" : false"),
      ("unknown-level", "\"level\" : \"error\"", "\"level\" : \"fatal\""),
      ("absolute-path", "\"path\" : \"app/", "\"path\" : \"/app/"),
      ("missing-summary-key", "\"baselined\" : 0,", ""),
      ("unknown-category", "\"migrations\" : {", "\"migration\" : {"),
      ("score-over-100", "\"score\" : 92,", "\"score\" : 192,"),
    ]
    var files: [URL] = []
    for mutation in mutations {
      let range = try #require(valid.range(of: mutation.find), "\(mutation.name): text not found")
      let text = valid.replacingCharacters(in: range, with: mutation.replace)
      #expect(text != valid)
      try project.write("\(mutation.name).json", text)
      files.append(project.url.appendingPathComponent("\(mutation.name).json"))
    }
    try project.write("valid.json", valid)
    try SchemaValidation.expectValid(
      [project.url.appendingPathComponent("valid.json")], against: SchemaValidation.reportSchema)
    let result = try SchemaValidation.validate(files, against: SchemaValidation.reportSchema)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    for file in files {
      #expect(result.stderr.contains(file.path + ": "), "\(file.lastPathComponent) was accepted")
    }
  }

  @Test func missingPythonIsAFailureThatNamesMakeTestVenv() {
    let nowhere = URL(fileURLWithPath: "/nonexistent/.build/test-venv/bin/python")
    #expect {
      try SchemaValidation.python(environment: ["ARCHVERIFY_TEST_PYTHON": nowhere.path], venv: nowhere)
    } throws: { error in
      "\(error)" == "ARCHVERIFY_TEST_PYTHON=\(nowhere.path) is not an executable; run `make test-venv`"
    }
    #expect {
      try SchemaValidation.python(environment: [:], venv: nowhere)
    } throws: { error in
      "\(error)"
        == "no Python with jsonschema: run `make test-venv` (it creates \(nowhere.path)) "
        + "or set ARCHVERIFY_TEST_PYTHON"
    }
  }
}
