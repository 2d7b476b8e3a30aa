import Foundation
import Testing

/// Validates JSON files against a JSON Schema with `scripts/validate-json-schema.py`, run by the
/// Python of the test venv, which has `jsonschema` (`make test-venv`).
enum SchemaValidation {
  /// The repository's root folder.
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// The official SARIF 2.1.0 schema (draft-04), as published by OASIS.
  static let sarifSchema = repository.appendingPathComponent(
    "Tests/ArchverifyTests/Schemas/sarif-schema-2.1.0.json")
  /// The schema of `audit --format json`.
  static let reportSchema = repository.appendingPathComponent("Reports/schema/archverify-report.schema.json")
  static let script = repository.appendingPathComponent("scripts/validate-json-schema.py")
  /// Where tests keep files worth looking at after the run.
  static let artifacts = repository.appendingPathComponent(".build/artifacts")

  struct PythonNotFound: Error, CustomStringConvertible {
    let description: String
  }

  /// `ARCHVERIFY_TEST_PYTHON` when set (as `make test` does), else the venv's Python. Missing
  /// both is a failure, never a skip: CI always has the venv.
  static func python(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    venv: URL = repository.appendingPathComponent(".build/test-venv/bin/python")
  ) throws -> URL {
    if let configured = environment["ARCHVERIFY_TEST_PYTHON"], !configured.isEmpty {
      guard FileManager.default.isExecutableFile(atPath: configured) else {
        throw PythonNotFound(
          description: "ARCHVERIFY_TEST_PYTHON=\(configured) is not an executable; run `make test-venv`")
      }
      return URL(fileURLWithPath: configured)
    }
    guard FileManager.default.isExecutableFile(atPath: venv.path) else {
      throw PythonNotFound(
        description: "no Python with jsonschema: run `make test-venv` (it creates \(venv.path)) "
          + "or set ARCHVERIFY_TEST_PYTHON")
    }
    return venv
  }

  /// Runs the validator over `documents`; status 0 and `FILE: valid` lines when all are valid.
  static func validate(_ documents: [URL], against schema: URL) throws -> RunResult {
    try Archverify.runTool(
      try python().path, [script.path, schema.path] + documents.map(\.path), in: repository)
  }

  /// Expects every document to be valid, showing the validator's errors otherwise.
  static func expectValid(
    _ documents: [URL], against schema: URL, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try validate(documents, against: schema)
    let expected = documents.map { "\($0.path): valid\n" }.joined()
    #expect(result.stderr == "", "schema validation failed", sourceLocation: sourceLocation)
    #expect(result == RunResult(stdout: expected, stderr: "", status: 0), sourceLocation: sourceLocation)
  }
}
