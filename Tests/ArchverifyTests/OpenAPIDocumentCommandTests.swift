import Foundation
import Testing

/// OpenAPI documents as `archverify audit` reads them: a broken or missing one is an input
/// error (exit 2) named like a compiler error.
@Suite struct OpenAPIDocumentCommandTests {
  @Test func malformedDocumentIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    try project.write("api/openapi.yaml", "openapi: 3.0.3\npaths:\n  /orders:\n    get: list_orders\n")
    let result = try project.run("audit")
    #expect(
      result
        == RunResult(
          stdout: "",
          stderr: """
            api/openapi.yaml:4:10: error: the 'get' operation of '/orders' must be a mapping (an operation \
            object)
                get: list_orders
                     ^

            """, status: 2))
    // Named from wherever archverify runs.
    let fromParent = try Archverify.run(
      ["audit", project.url.lastPathComponent], in: project.url.deletingLastPathComponent())
    #expect(fromParent.status == 2)
    #expect(fromParent.stderr.hasPrefix("\(project.url.lastPathComponent)/api/openapi.yaml:4:10: error: "))
  }

  @Test func jsonSyntaxErrorIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    try project.write("swagger.json", "{\"swagger\": \"2.0\", \"paths\": {\"/a\": {}}\n")
    let result = try project.run("audit")
    #expect(result.status == 2)
    #expect(
      result.stderr == """
        swagger.json:2:1: error: invalid JSON: while parsing a flow mapping: did not find expected ',' or '}'

        ^

        """)
  }

  @Test func configuredDocumentMustExist() throws {
    let project = try TemporaryProject(Projects.clean)
    try project.write("archverify.yml", "openapi: docs/openapi.yaml\n")
    let result = try project.run("audit")
    #expect(
      result
        == RunResult(
          stdout: "",
          stderr:
            "docs/openapi.yaml: error: no such OpenAPI document (named by 'openapi' in the configuration)\n",
          status: 2))
  }

  @Test func configuredDocumentReplacesDiscoveredOnes() throws {
    let project = try TemporaryProject(Projects.clean)
    // Only the configured document is read: the broken `openapi.yaml` beside it is not.
    try project.write("archverify.yml", "openapi: ./docs/api-v2.yaml\n")
    try project.write("openapi.yaml", "not: [an, openapi, document\n")
    try project.write("docs/api-v2.yaml", "openapi: 3.1.0\npaths: {}\n")
    #expect(try project.run("audit").status == 0)
    try project.write("docs/api-v2.yaml", "openapi: 3.1.0\npaths: []\n")
    let broken = try project.run("audit")
    #expect(broken.status == 2)
    #expect(broken.stderr.hasPrefix("docs/api-v2.yaml:2:8: error: 'paths' must be a mapping of paths"))
  }
}
