import ArchCore
import Audit
import Foundation
import OpenAPIModel
import Rules
import Testing

/// `openapi/unknown-client-call` and how the auditor hands OpenAPI documents to rules.
@Suite struct OpenAPIClientCallTests {
  static let document = """
    openapi: 3.0.3
    info: {title: Orders, version: "1"}
    servers:
      - url: https://api.example.com/api
    paths:
      /orders:
        get:
          responses: {"200": {description: OK}}
      /orders/{order_id}:
        get:
          responses: {"200": {description: OK}}
        put:
          responses: {"200": {description: OK}}

    """

  private func reported(_ files: [String: String], configuration: Configuration = Configuration()) throws
    -> [String]
  {
    try TemporaryProject(files: files).audit(configuration: configuration).findings
      .filter { $0.ruleId == UnknownClientCallRule.id && !$0.isSuppressed }
      .map { "\($0.location.path):\($0.location.line):\($0.location.column): \($0.message)" }
  }

  @Test func fixtureFindingsHaveExactPositionsAndMessages() throws {
    let root = Repository.fixtures.appendingPathComponent("nextjs-openapi-client").path
    let result = try Auditor(rules: shippedRules, options: AuditOptions(root: root, jobs: 2)).run()
    let found = result.findings.filter { $0.ruleId == UnknownClientCallRule.id }.map {
      "\($0.location.path):\($0.location.line):\($0.location.column): \($0.message)"
    }
    let none = "matches no operation in openapi.yaml; fix the URL or describe the endpoint in the document"
    #expect(
      found == [
        "web/components/OrderActions.tsx:11:11: GET /api/invoices \(none)",
        "web/components/OrderActions.tsx:13:11: PATCH /api/orders/${orderId} matches /api/orders/{order_id} "
          + "in openapi.yaml, which has no PATCH operation there (only GET, PUT, DELETE)",
        "web/lib/orders.ts:18:26: GET /api/order \(none)",
        "web/lib/orders.ts:32:24: GET /api/orders/${orderId}/lines \(none)",
        "web/lib/orders.ts:43:10: PATCH /api/orders/${orderId} matches /api/orders/{order_id} in openapi.yaml, "
          + "which has no PATCH operation there (only GET, PUT, DELETE)",
        "web/lib/orders.ts:55:23: GET /api/healthz \(none)",
      ])
    #expect(found.count == Set(found).count)
    let levels = Set(result.findings.filter { $0.ruleId == UnknownClientCallRule.id }.map(\.level))
    #expect(levels == [.warning])
  }

  @Test func nothingIsReportedWithoutADocument() throws {
    #expect(try reported(["web/lib/api.ts": "fetch('/api/nowhere');\n"]).isEmpty)
  }

  @Test func serversHostAndBasePathDecideWhatIsChecked() throws {
    let code = """
      fetch("https://api.example.com/api/orders/7");
      fetch("https://API.example.com/orders");
      fetch("https://cdn.example.com/orders");
      fetch("//api.example.com/api/order");
      fetch(`http://localhost:${PORT}/api/orderz`);
      fetch(`https://${host}/api/anything`);
      fetch("orders");
      fetch("/orders");
      """
    let none = "matches no operation in openapi.yaml; fix the URL or describe the endpoint in the document"
    #expect(
      try reported(["openapi.yaml": Self.document, "web/lib/api.ts": code]) == [
        "web/lib/api.ts:2:1: GET /orders \(none)",
        "web/lib/api.ts:4:1: GET /api/order \(none)",
        "web/lib/api.ts:5:1: GET /api/orderz \(none)",
        "web/lib/api.ts:8:1: GET /orders \(none)",
      ])
  }

  @Test func opaqueBaseMayIncludeTheServersBasePath() throws {
    let code = """
      const API_URL = process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:5000";
      export const a = () => fetch(`${API_URL}/orders`);
      export const b = () => fetch(`${API_URL}/api/orders/${id}`);
      export const c = () => fetch(`${process.env.NEXT_PUBLIC_BACKEND}/order`);
      export const d = () => fetch(`${uploadUrl}/order`);
      export const e = () => fetch(`${window.location.origin}/api/orders${query}`);
      export const f = () => fetch(`${window.location.origin}/api/ordrs${query}`);
      export const g = (method: string) => fetch(`${API_URL}/orders`, { method });
      """
    let none = "matches no operation in openapi.yaml; fix the URL or describe the endpoint in the document"
    #expect(
      try reported(["openapi.yaml": Self.document, "web/lib/api.ts": code]) == [
        "web/lib/api.ts:4:24: GET /order \(none)",
        "web/lib/api.ts:7:24: GET /api/ordrs${query} \(none)",
      ])
  }

  @Test func severalDocumentsAreAllRead() throws {
    let admin = "openapi: 3.1.0\nservers: [{url: /admin}]\npaths:\n  /users:\n    get: {}\n"
    let code = "fetch('/admin/users');\nfetch('/api/orders');\nfetch('/admin/groups');\n"
    #expect(
      try reported([
        "openapi.yaml": Self.document, "admin/swagger.yml": admin, "tests/openapi.yaml": "broken: [",
        "web/lib/api.ts": code,
      ]) == [
        "web/lib/api.ts:3:1: GET /admin/groups matches no operation in admin/swagger.yml, openapi.yaml; fix "
          + "the URL or describe the endpoint in the document"
      ])
  }

  @Test func configuredDocumentIsTheOnlyOneRead() throws {
    var configuration = Configuration()
    configuration.settings.openAPIPath = "spec/api.json"
    let json = #"{"openapi": "3.0.0", "paths": {"/v2/orders": {"get": {}}}}"#
    #expect(
      try reported(
        [
          "openapi.yaml": "not an openapi document", "spec/api.json": json,
          "web/a.ts": "fetch('/v2/orders');\n",
        ],
        configuration: configuration
      ).isEmpty)
    #expect(
      try reported(
        ["spec/api.json": json, "web/a.ts": "fetch('/api/orders');\n"], configuration: configuration) == [
          "web/a.ts:1:1: GET /api/orders matches no operation in spec/api.json; fix the URL or describe the "
            + "endpoint in the document"
        ])
  }

  @Test func malformedDocumentStopsTheAudit() throws {
    let project = try TemporaryProject(files: ["openapi.yml": "openapi: 3.0.3\npaths:\n  /a: [\n"])
    let expected = InputError(
      path: URL(fileURLWithPath: project.root + "/openapi.yml").standardizedFileURL.path, line: 4, column: 1,
      message: "invalid YAML: while parsing a flow node: did not find expected node content", sourceLine: "")
    #expect(throws: expected) { try project.audit() }
  }

  @Test func yamlSuppressionCommentsAreRead() throws {
    let document = """
      openapi: 3.0.3
      info:
        title: Orders
        description: |
          # archverify: ignore[openapi/unknown-client-call] is text in a block scalar
        summary: "# archverify: ignore[openapi/unknown-client-call] is text in a string"
      paths: # archverify: ignore[openapi/unknown-client-call] no finding here
        /orders:
          get: {}

      """
    let result = try TemporaryProject(files: ["openapi.yaml": document]).audit()
    let notes = result.findings.filter { $0.ruleId == ToolRules.unusedSuppression }.map {
      "\($0.location.path):\($0.location.line):\($0.location.column): \($0.snippet)"
    }
    #expect(
      notes == [
        "openapi.yaml:7:10: paths: # archverify: ignore[openapi/unknown-client-call] no finding here"
      ])
  }
}
