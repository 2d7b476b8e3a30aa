import ArchCore
import Foundation
import OpenAPIModel
import Testing
import Yams

@testable import GeneratorHarness

/// The generated `openapi.yaml`: exactly the operations of docs/generated-application.md, valid
/// OpenAPI 3.1, readable block YAML, and the same bytes for the same blueprint.
@Suite struct FlaskOpenAPITests {
  static func document(_ blueprint: Blueprint) throws -> String {
    FlaskOpenAPI(blueprint: blueprint, schema: try FlaskSchema(blueprint)).render()
  }

  static func document(_ example: String) throws -> String {
    try document(try RenderedExamples.blueprint(example))
  }

  /// The document as Foundation values (mappings are `[String: Any]`).
  static func load(_ text: String) throws -> [String: Any] {
    try #require(try Yams.load(yaml: text) as? [String: Any])
  }

  struct Missing: Error, CustomStringConvertible {
    let description: String
  }

  /// The value at `keys` below `root`, as sorted-key JSON, to compare whole subtrees; throws
  /// `Missing` when there is none.
  static func json(_ root: [String: Any], _ keys: String...) throws -> String {
    try json(root, keys)
  }

  static func json(_ root: [String: Any], _ keys: [String]) throws -> String {
    var node: Any = root
    for key in keys {
      guard let child = (node as? [String: Any])?[key] else {
        throw Missing(description: "no \(keys.joined(separator: "."))")
      }
      node = child
    }
    let data = try JSONSerialization.data(
      withJSONObject: node, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }

  /// `METHOD path operationId` of every operation, in document order, as archverify's own parser
  /// reads them.
  static func operations(_ text: String) throws -> [String] {
    try OpenAPIDocument.parse(text, path: "openapi.yaml").operations.map {
      "\($0.method) \($0.path) \($0.operationId ?? "-")"
    }
  }

  static let authOperations = [
    "GET /api/health getHealth",
    "POST /api/auth/register register",
    "POST /api/auth/login login",
    "POST /api/auth/logout logout",
    "POST /api/auth/refresh refreshSession",
    "GET /api/auth/me getCurrentSession",
    "POST /api/auth/forgot-password forgotPassword",
    "POST /api/auth/reset-password resetPassword",
    "POST /api/auth/verify-email verifyEmail",
    "GET /api/members listMembers",
    "POST /api/invitations createInvitation",
    "POST /api/invitations/accept acceptInvitation",
  ]

  static func crud(_ segment: String, _ singular: String, _ plural: String) -> [String] {
    [
      "GET /api/\(segment) list\(plural)",
      "POST /api/\(segment) create\(singular)",
      "GET /api/\(segment)/{id} get\(singular)",
      "PATCH /api/\(segment)/{id} update\(singular)",
      "DELETE /api/\(segment)/{id} delete\(singular)",
    ]
  }

  @Test func acmeOrdersHasExactlyTheServedOperations() throws {
    let expected =
      Self.authOperations + Self.crud("customers", "Customer", "Customers")
      + Self.crud("products", "Product", "Products") + Self.crud("orders", "Order", "Orders")
      + Self.crud("order-items", "OrderItem", "OrderItems")
    #expect(try Self.operations(try Self.document("acme-orders")) == expected)
    #expect(expected.count == 32)
  }

  @Test func clinicSchedulingHasExactlyTheServedOperationsWithBilling() throws {
    let expected =
      Self.authOperations + Self.crud("patients", "Patient", "Patients")
      + Self.crud("practitioners", "Practitioner", "Practitioners")
      + Self.crud("appointments", "Appointment", "Appointments")
      + Self.crud("invoices", "Invoice", "Invoices")
      + ["POST /api/billing/webhook receiveStripeWebhook", "GET /api/billing/subscription getSubscription"]
    #expect(try Self.operations(try Self.document("clinic-scheduling")) == expected)
    #expect(expected.count == 34)
  }

  /// `openapi/undocumented-route` and `openapi/orphan-operation` compare the document with the
  /// Flask routes `/api/<segment>` and `/api/<segment>/<int:id>`: every entity path must match one.
  @Test(arguments: RenderedExamples.names)
  func entityPathsMatchTheFlaskRoutes(_ name: String) throws {
    let blueprint = try RenderedExamples.blueprint(name)
    let documented = Set(
      try OpenAPIDocument.parse(try Self.document(name), path: "openapi.yaml").operations.map(\.routePath))
    for entity in blueprint.entities {
      let segment = entity.names.urlSegment
      #expect(documented.contains(RoutePath("/api/\(segment)")), "\(segment)")
      #expect(documented.contains(RoutePath("/api/\(segment)/<int:id>")), "\(segment)")
    }
    let flaskRoutes =
      ["/api/health"] + Self.authOperations.dropFirst().map { String($0.split(separator: " ")[1]) }
      + blueprint.entities.flatMap {
        ["/api/\($0.names.urlSegment)", "/api/\($0.names.urlSegment)/<int:id>"]
      }
      + (blueprint.has(.stripe) ? ["/api/billing/webhook", "/api/billing/subscription"] : [])
    #expect(documented == Set(flaskRoutes.map(RoutePath.init)))
  }

  @Test(arguments: RenderedExamples.names)
  func theSameBlueprintGivesTheSameBytes(_ name: String) throws {
    let first = try Self.document(name)
    #expect(try Self.document(name) == first)
    #expect(try Self.document(try RenderedExamples.blueprint(name)) == first)
  }

  @Test func theProjectRendererWritesThisDocumentAsOpenapiYaml() throws {
    let written = try RenderedExamples.render("acme-orders").first { $0.path == "openapi.yaml" }
    #expect(written?.contents == (try Self.document("acme-orders")))
  }

  @Test func acmeOrdersMatchesItsSnapshot() throws {
    Snapshot.assert(
      try Self.document("acme-orders"), named: "flask-openapi-acme-orders", ext: "yaml")
  }

  @Test func bothExamplesAreValidAgainstTheOpenAPI31Schema() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archverify-openapi-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var documents: [URL] = []
    for name in RenderedExamples.names + ["clashing-names"] {
      let text =
        name == "clashing-names" ? try Self.document(try Self.clashingBlueprint()) : try Self.document(name)
      let json = try JSONSerialization.data(withJSONObject: try Self.load(text), options: [.sortedKeys])
      let file = folder.appendingPathComponent("\(name).json")
      try json.write(to: file)
      documents.append(file)
    }
    let result = try OpenAPISchemaValidation.validate(documents)
    #expect(result.stderr == "")
    #expect(result.stdout == documents.map { "\($0.path): valid\n" }.joined())
    #expect(result.status == 0)
  }

  @Test(arguments: RenderedExamples.names)
  func everyReferenceResolves(_ name: String) throws {
    let root = try Self.load(try Self.document(name))
    let references = Self.references(in: root)
    #expect(references.count > 50)
    for reference in references {
      let keys = reference.dropFirst(2).split(separator: "/").map(String.init)
      #expect(reference.hasPrefix("#/components/"), "\(reference)")
      var node: Any? = root
      for key in keys { node = (node as? [String: Any])?[key] }
      #expect(node != nil, "\(reference) does not resolve")
    }
  }

  static func references(in node: Any) -> [String] {
    if let mapping = node as? [String: Any] {
      let own = (mapping["$ref"] as? String).map { [$0] } ?? []
      return own + mapping.keys.sorted().flatMap { references(in: mapping[$0] as Any) }
    }
    if let list = node as? [Any] { return list.flatMap { references(in: $0) } }
    return []
  }

  // MARK: Security and responses

  /// The statuses and security of each kind of operation, as the Operations table gives them.
  static let expectedAnswers: [String: (statuses: [String], security: String)] = [
    "GET /api/health": (["200"], "[]"),
    "POST /api/auth/register": (["201", "400", "409", "422", "429"], "[]"),
    "POST /api/auth/login": (["200", "400", "401", "422", "429"], "[]"),
    "POST /api/auth/logout": (["204"], "[]"),
    "POST /api/auth/refresh": (["200", "401"], #"[{"csrfToken":[],"refreshCookie":[]}]"#),
    "GET /api/auth/me": (["200", "401"], #"[{"cookieAuth":[]}]"#),
    "POST /api/auth/forgot-password": (["202", "400", "422", "429"], "[]"),
    "POST /api/auth/reset-password": (["200", "400", "422", "429"], "[]"),
    "POST /api/auth/verify-email": (["200", "400", "422"], "[]"),
    "GET /api/members": (["200", "401"], #"[{"cookieAuth":[]}]"#),
    "POST /api/invitations": (
      ["201", "400", "401", "403", "409", "422"], #"[{"cookieAuth":[],"csrfToken":[]}]"#
    ),
    "POST /api/invitations/accept": (
      ["200", "400", "401", "403", "422"], #"[{"cookieAuth":[],"csrfToken":[]}]"#
    ),
    "GET collection": (["200", "400", "401"], #"[{"cookieAuth":[]}]"#),
    "POST collection": (["201", "400", "401", "409", "422"], #"[{"cookieAuth":[],"csrfToken":[]}]"#),
    "GET item": (["200", "401", "404"], #"[{"cookieAuth":[]}]"#),
    "PATCH item": (["200", "400", "401", "404", "409", "422"], #"[{"cookieAuth":[],"csrfToken":[]}]"#),
    "DELETE item": (["204", "401", "403", "404", "409"], #"[{"cookieAuth":[],"csrfToken":[]}]"#),
    "POST /api/billing/webhook": (["200", "400"], "[]"),
    "GET /api/billing/subscription": (["200", "401"], #"[{"cookieAuth":[]}]"#),
  ]

  @Test func everyOperationHasTheTablesStatusesAndSecurity() throws {
    let text = try Self.document("clinic-scheduling")
    let root = try Self.load(text)
    let paths = try #require(root["paths"] as? [String: Any])
    let entityPaths = try RenderedExamples.blueprint("clinic-scheduling").entities.flatMap {
      [($0.names.collectionPath, "collection"), ($0.names.itemPath, "item")]
    }
    for operation in try OpenAPIDocument.parse(text, path: "openapi.yaml").operations {
      let kind = entityPaths.first { $0.0 == operation.path }?.1 ?? operation.path
      let expected = try #require(Self.expectedAnswers["\(operation.method) \(kind)"], "\(operation.path)")
      let item = try #require(paths[operation.path] as? [String: Any])
      let body = try #require(item[operation.method.lowercased()] as? [String: Any])
      let responses = try #require(body["responses"] as? [String: Any])
      #expect(responses.keys.sorted() == expected.statuses, "\(operation.method) \(operation.path)")
      #expect(
        try Self.json(body, "security") == expected.security, "\(operation.method) \(operation.path)")
      if let noContent = responses["204"] as? [String: Any] {
        #expect(noContent["content"] == nil, "\(operation.method) \(operation.path)")
      }
    }
  }

  @Test func securitySchemesAndErrorResponsesAreShared() throws {
    let root = try Self.load(try Self.document("acme-orders"))
    #expect(
      try Self.json(root, "components", "securitySchemes", "cookieAuth", "in") == #""cookie""#)
    #expect(
      try Self.json(root, "components", "securitySchemes", "cookieAuth", "name") == #""access_token_cookie""#)
    #expect(
      try Self.json(root, "components", "securitySchemes", "refreshCookie", "name")
        == #""refresh_token_cookie""#)
    #expect(try Self.json(root, "components", "securitySchemes", "csrfToken", "in") == #""header""#)
    #expect(try Self.json(root, "components", "securitySchemes", "csrfToken", "name") == #""X-CSRF-TOKEN""#)
    let responses = try #require((root["components"] as? [String: Any])?["responses"] as? [String: Any])
    #expect(
      responses.keys.sorted() == [
        "BadRequest", "Conflict", "Forbidden", "NotFound", "RateLimited", "Unauthorized", "ValidationFailed",
      ])
    #expect(
      try Self.json(responses, "ValidationFailed", "content", "application/json", "schema")
        == ##"{"$ref":"#/components/schemas/ValidationError"}"##)
    #expect(
      try Self.json(responses, "NotFound", "content", "application/json", "schema")
        == ##"{"$ref":"#/components/schemas/Error"}"##)
    #expect(
      try Self.json(root, "paths", "/api/orders/{id}", "delete", "responses", "403")
        == ##"{"$ref":"#/components/responses/Forbidden"}"##)
    #expect(
      try Self.json(root, "components", "parameters", "RecordId", "schema")
        == #"{"maximum":2147483647,"minimum":1,"type":"integer"}"#)
    #expect(
      try Self.json(root, "components", "parameters", "PerPage", "schema")
        == #"{"default":20,"maximum":100,"minimum":1,"type":"integer"}"#)
  }

  // MARK: Schemas

  @Test func entitySchemasFollowTheFieldTypes() throws {
    let root = try Self.load(try Self.document("acme-orders"))
    func schema(_ keys: String...) throws -> String {
      try Self.json(root, ["components", "schemas"] + keys)
    }
    #expect(
      try schema("Order", "required")
        == #"["id","number","status","total","placed_at","customer_id","created_at","updated_at"]"#)
    #expect(try schema("Order", "additionalProperties") == "false")
    #expect(try schema("Order", "properties", "number") == #"{"maxLength":32,"type":"string"}"#)
    #expect(
      try schema("Order", "properties", "status")
        == #"{"enum":["draft","paid","shipped","cancelled",null],"type":["string","null"]}"#)
    #expect(try schema("Order", "properties", "total", "pattern") == #""^-?[0-9]{1,10}\\.[0-9]{2}$""#)
    #expect(try schema("Order", "properties", "total", "type") == #"["string","null"]"#)
    #expect(try schema("Order", "properties", "placed_at", "format") == #""date-time""#)
    #expect(
      try schema("Order", "properties", "customer_id", "maximum") == "2147483647"
        && schema("Order", "properties", "customer_id", "minimum") == "1"
        && schema("Order", "properties", "customer_id", "type") == #""integer""#)
    #expect(try schema("OrderCreate", "required") == #"["number","customer_id"]"#)
    #expect(try schema("OrderCreate", "additionalProperties") == "false")
    #expect(try schema("OrderCreate", "properties", "status", "default") == #""draft""#)
    #expect(try schema("OrderCreate", "properties", "total", "type") == #"["string","number","null"]"#)
    #expect(
      try schema("OrderCreate", "properties", "total", "pattern") == #""^-?[0-9]{1,10}(\\.[0-9]{1,2})?$""#)
    #expect(try schema("OrderItemCreate", "required") == #"["order_id","product_id","unit_price"]"#)
    #expect(
      try schema("OrderItemCreate", "properties", "quantity")
        == #"{"default":1,"maximum":2147483647,"minimum":-2147483648,"type":"integer"}"#)
    #expect(try schema("OrderItemCreate", "properties", "unit_price", "type") == #"["string","number"]"#)
    #expect(try schema("OrderUpdate", "minProperties") == "0")
    #expect(try schema("OrderUpdate", "additionalProperties") == "false")
    #expect(throws: (any Error).self) { try schema("OrderUpdate", "required") }
    #expect(
      try schema("Customer", "properties", "email") == #"{"format":"email","maxLength":255,"type":"string"}"#)
    #expect(try schema("Customer", "properties", "phone") == #"{"maxLength":32,"type":["string","null"]}"#)
    #expect(try schema("Customer", "properties", "notes") == #"{"type":["string","null"]}"#)
    #expect(try schema("Product", "properties", "attributes") == "{}")
    #expect(
      try schema("ProductCreate", "properties", "active") == #"{"default":true,"type":["boolean","null"]}"#)
    #expect(try schema("OrderPage", "required") == #"["items","page","per_page","total"]"#)
    #expect(
      try schema("OrderPage", "properties", "items", "items") == ##"{"$ref":"#/components/schemas/Order"}"##)
  }

  @Test func theTenancyNamesTheSessionAndRegistrationProperties() throws {
    let acme = try Self.load(try Self.document("acme-orders"))
    let clinic = try Self.load(try Self.document("clinic-scheduling"))
    #expect(
      try Self.json(acme, "components", "schemas", "Session", "required") == #"["user","workspace","role"]"#)
    #expect(
      try Self.json(acme, "components", "schemas", "Session", "properties", "role", "enum")
        == #"["owner","admin","member"]"#)
    #expect(
      try Self.json(acme, "components", "schemas", "RegisterRequest", "required")
        == #"["email","password","workspace_name"]"#)
    #expect(
      try Self.json(clinic, "components", "schemas", "Session", "required")
        == #"["user","organization","role"]"#)
    #expect(
      try Self.json(clinic, "components", "schemas", "RegisterRequest", "properties", "organization_name")
        == #"{"maxLength":120,"minLength":1,"type":"string"}"#)
    #expect(
      try Self.json(clinic, "components", "schemas", "Subscription", "properties", "status", "enum")
        == #"["incomplete","trialing","active","past_due","canceled","unpaid","none"]"#)
    #expect(throws: (any Error).self) { try Self.json(acme, "components", "schemas", "Subscription") }
  }

  // MARK: Names

  static func clashingBlueprint() throws -> Blueprint {
    try Blueprint.parse(
      """
      name: Clashing Names
      stack: flask
      integrations: [stripe]
      entities:
        - name: Session
          fields: [{name: title, type: string}]
        - name: Health
          fields: [{name: note, type: text}]
        - name: Message
          fields: [{name: body, type: text, required: true}]
        - name: CurrentSession
          fields: [{name: started_at, type: datetime}]
      """, path: "clashing.yaml")
  }

  @Test func entityNamesThatClashWithBuiltInOnesTakeASuffix() throws {
    let text = try Self.document(try Self.clashingBlueprint())
    let ids = try OpenAPIDocument.parse(text, path: "openapi.yaml").operations.compactMap(\.operationId)
    #expect(Set(ids).count == ids.count)
    #expect(ids.contains("getHealth") && ids.contains("getHealthRecord") && ids.contains("listHealths"))
    #expect(ids.contains("getCurrentSession") && ids.contains("getCurrentSessionRecord"))
    let schemas = try #require(
      (try Self.load(text)["components"] as? [String: Any])?["schemas"] as? [String: Any])
    for name in [
      "SessionRecord", "SessionRecordCreate", "SessionRecordUpdate", "SessionRecordPage", "Session",
    ] {
      #expect(schemas[name] != nil, "\(name)")
    }
    #expect(schemas["MessageRecord"] != nil && schemas["HealthCreate"] != nil)
    #expect(try Self.json(schemas, "Session", "required") == #"["user","workspace","role"]"#)
    #expect(
      try Self.json(
        try Self.load(text), "paths", "/api/sessions", "get", "responses", "200", "content",
        "application/json", "schema") == ##"{"$ref":"#/components/schemas/SessionRecordPage"}"##)
  }

  // MARK: YAML

  static let quotedScalars: [(String, String)] = [
    ("orders", "orders"),
    ("/api/order-items/{id}", "/api/order-items/{id}"),
    ("application/json", "application/json"),
    ("$ref", "$ref"),
    ("The caller's workspace (owner, admin).", "The caller's workspace (owner, admin)."),
    ("#/components/schemas/Order", ##""#/components/schemas/Order""##),
    ("200", #""200""#),
    ("3.1.0", #""3.1.0""#),
    ("", #""""#),
    ("null", #""null""#),
    ("Yes", #""Yes""#),
    ("off", #""off""#),
    ("n", #""n""#),
    ("~", #""~""#),
    ("-1", #""-1""#),
    (".inf", #"".inf""#),
    ("2024-01-31", #""2024-01-31""#),
    ("Acme: Orders", #""Acme: Orders""#),
    ("a # b", #""a # b""#),
    ("say \"hi\"", #""say \"hi\"""#),
    (#"back\slash"#, #""back\\slash""#),
    ("line\nbreak", #""line\nbreak""#),
    ("tab\there", #""tab\there""#),
    ("bell\u{7}", #""bell\x07""#),
    ("Café", "\"Café\""),
    ("split\u{2028}line", #""split\Lline""#),
    ("bom\u{FEFF}", #""bom\uFEFF""#),
    ("trailing ", #""trailing ""#),
    (" leading", #"" leading""#),
    ("@home", #""@home""#),
    ("*alias", #""*alias""#),
    ("&anchor", #""&anchor""#),
    ("!tag", #""!tag""#),
    ("%directive", #""%directive""#),
    ("|literal", #""|literal""#),
    (">folded", #"">folded""#),
    ("'quoted'", #""'quoted'""#),
    ("[flow]", #""[flow]""#),
    ("{flow}", #""{flow}""#),
    ("? key", #""? key""#),
    ("- item", #""- item""#),
    ("<<", #""<<""#),
  ]

  @Test(arguments: quotedScalars)
  func scalarsArePlainOnlyWhenYAMLReadsThemBackUnchanged(_ text: String, _ expected: String) throws {
    #expect(BlockYAML.scalar(text) == expected)
    let loaded = try #require(try Yams.load(yaml: "key: \(BlockYAML.scalar(text))\n") as? [String: Any])
    #expect(loaded["key"] as? String == text)
    let asKey = try #require(try Yams.load(yaml: "\(BlockYAML.scalar(text)): 1\n") as? [String: Any])
    #expect(asKey.keys.first == text)
  }

  @Test func blockYAMLNestsMappingsAndSequencesAndKeepsKeyOrder() {
    let node: YAMLNode = [
      "zeta": 1, "alpha": ["b": true, "a": .null], "list": [["x": 1, "y": "two"], "plain", []],
      "empty": [:], "number": .number("-9999999999.99"),
    ]
    #expect(
      BlockYAML.render(node) == """
        zeta: 1
        alpha:
          b: true
          a: null
        list:
          - x: 1
            "y": two
          - plain
          - []
        empty: {}
        number: -9999999999.99

        """)
  }

  static let oddProductNames = [
    #"Acme: "Orders" #1 \ Ltd"#, "yes", "2024", "- Dash", "'Single'", "Café Ünïcode", "Tab\tName",
    "[Flow] {Name}", "&Anchor *Alias", "Line\u{2028}Separator",
  ]

  @Test(arguments: oddProductNames)
  func anOddProductNameStillGivesValidYAML(_ name: String) throws {
    var blueprint = try RenderedExamples.blueprint("acme-orders")
    blueprint.name = name
    let text = try Self.document(blueprint)
    #expect(try Self.operations(text).count == 32)
    let info = try #require(try Self.load(text)["info"] as? [String: Any])
    #expect(info["title"] as? String == name)
    #expect((info["description"] as? String)?.contains(name) == true)
  }
}

/// Runs `scripts/validate-json-schema.py` against the official OpenAPI 3.1 schema (a copy of
/// spec.openapis.org/oas/3.1/schema/2025-09-15 in `Schemas/`), with the Python of
/// `ARCHVERIFY_TEST_PYTHON` (set by `make test`) or of the test venv, which has `jsonschema`.
private enum OpenAPISchemaValidation {
  static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Schemas/openapi-3.1-schema.json")
  static let script = RenderedExamples.repository.appendingPathComponent("scripts/validate-json-schema.py")

  struct PythonNotFound: Error, CustomStringConvertible {
    let description: String
  }

  /// Missing both interpreters is a failure, never a skip: CI always has the venv.
  static func python() throws -> String {
    if let configured = ProcessInfo.processInfo.environment["ARCHVERIFY_TEST_PYTHON"], !configured.isEmpty {
      guard FileManager.default.isExecutableFile(atPath: configured) else {
        throw PythonNotFound(
          description: "ARCHVERIFY_TEST_PYTHON=\(configured) is not an executable; run `make test-venv`")
      }
      return configured
    }
    let venv = RenderedExamples.repository.appendingPathComponent(".build/test-venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: venv) else {
      throw PythonNotFound(
        description: "no Python with jsonschema: run `make test-venv` or set ARCHVERIFY_TEST_PYTHON")
    }
    return venv
  }

  static func validate(_ documents: [URL]) throws -> (stdout: String, stderr: String, status: Int32) {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-validate-\(UUID())")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: output) }
    let out = output.appendingPathComponent("stdout")
    let err = output.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try python())
    process.arguments = [script.path, schema.path] + documents.map(\.path)
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return (
      (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      (try? String(contentsOf: err, encoding: .utf8)) ?? "",
      process.terminationStatus
    )
  }
}
