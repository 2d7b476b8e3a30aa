import ArchCore
import OpenAPIModel
import Testing

/// The byte offset of the first occurrence of `needle` in `text`.
private func offset(of needle: String, in text: String) throws -> Int {
  let bytes = Array(text.utf8)
  let pattern = Array(needle.utf8)
  var start = 0
  while start + pattern.count <= bytes.count {
    if Array(bytes[start..<(start + pattern.count)]) == pattern { return start }
    start += 1
  }
  Issue.record("'\(needle)' does not occur")
  throw CancellationError()
}

/// `METHOD path line:column` of every operation, for compact expectations.
private func summary(_ document: OpenAPIDocument) -> [String] {
  document.operations.map { "\($0.method) \($0.path) \($0.line):\($0.column)" }
}

@Suite struct OpenAPIDocumentParsingTests {
  @Test func yamlOpenAPI30WithRelativeServer() throws {
    let text = """
      openapi: 3.0.3
      info: {title: Orders, version: "1"}
      servers:
        - url: /api
      paths:
        /orders:
          summary: Orders of the workspace
          parameters:
            - {name: page, in: query, schema: {type: integer}}
          get:
            operationId: list_orders
            responses: {"200": {description: OK}}
          post:
            responses: {"201": {description: Created}}
          x-internal: true
        /orders/{order_id}:
          servers:
            - url: https://Admin.Example.com:8443/v2/
          $ref: "#/components/pathItems/Order"
          delete:
            responses: {"204": {description: Gone}}
          patch:
            servers: []
            responses: {"200": {description: OK}}
        x-paths-extension: {}
      """
    let document = try OpenAPIDocument.parse(text, path: "docs/openapi.yaml")
    #expect(document.path == "docs/openapi.yaml")
    #expect(document.specification == .openAPI)
    #expect(document.version == "3.0.3")
    #expect(document.servers == [OpenAPIServer(url: "/api", host: nil, basePath: "/api")])
    #expect(document.basePaths == ["/api"])
    #expect(
      summary(document) == [
        "GET /orders 10:5", "POST /orders 13:5", "DELETE /orders/{order_id} 20:5",
        "PATCH /orders/{order_id} 22:5",
      ])
    #expect(document.operations.map(\.operationId) == ["list_orders", nil, nil, nil])
    #expect(document.operations[0].offset == (try offset(of: "get:", in: text)))
    #expect(document.operations[2].offset == (try offset(of: "delete:", in: text)))
    let admin = OpenAPIServer(
      url: "https://Admin.Example.com:8443/v2/", host: "admin.example.com", basePath: "/v2")
    #expect(document.operations[0].servers == document.servers)
    #expect(document.operations[2].servers == [admin])
    // An empty `servers` list falls back to the enclosing level's servers.
    #expect(document.operations[3].servers == [admin])
    #expect(document.operations[0].routePaths == [RoutePath("/api/orders")])
    #expect(document.operations[2].routePaths.map(\.description) == ["/v2/orders/{}"])
  }

  @Test func jsonOpenAPI31WithTabsAndMultiByteKeys() throws {
    let text = """
      {
      \t"openapi": "3.1.0",
      \t"info": {"title": "Café", "version": "1"},
      \t"paths": {
      \t\t"/menü/{item}": {"get": {"operationId": "menu_item"}, "put": {}},
      \t\t"/health": {"get": {}}
      \t}
      }
      """
    let document = try OpenAPIDocument.parse(text, path: "openapi.json")
    #expect(document.version == "3.1.0")
    #expect(document.servers == [.root])
    #expect(summary(document) == ["GET /menü/{item} 5:20", "PUT /menü/{item} 5:57", "GET /health 6:15"])
    #expect(document.operations[0].offset == (try offset(of: "\"get\": {\"operationId\"", in: text)))
    #expect(document.operations[1].offset == (try offset(of: "\"put\"", in: text)))
    #expect(document.operations[0].routePaths == [RoutePath("/menü/{}")])
  }

  @Test func swagger20HostAndBasePath() throws {
    let text = """
      swagger: "2.0"
      host: api.example.com
      basePath: /v1/
      schemes: [http, https]
      paths:
        /users/{id}:
          get: {responses: {"200": {description: OK}}}
      """
    let document = try OpenAPIDocument.parse(text, path: "swagger.yaml")
    #expect(document.specification == .swagger)
    #expect(document.version == "2.0")
    #expect(
      document.servers == [
        OpenAPIServer(url: "http://api.example.com/v1", host: "api.example.com", basePath: "/v1")
      ])
    #expect(summary(document) == ["GET /users/{id} 7:5"])
    #expect(document.operations[0].routePaths == [RoutePath("/v1/users/<int:id>")])

    let relative = try OpenAPIDocument.parse(
      "swagger: '2.0'\nbasePath: /api\npaths: {}\n", path: "swagger.json")
    #expect(relative.servers == [OpenAPIServer(url: "/api", host: nil, basePath: "/api")])
    #expect(relative.operations.isEmpty)
  }

  @Test func serverVariablesTakeTheirDefaults() throws {
    let text = """
      openapi: 3.1.0
      servers:
        - url: "{scheme}://{region}.example.com/{base}"
          variables:
            scheme: {default: https, enum: [https, http]}
            region: {default: eu}
            base: {default: api/v1}
        - url: http://localhost:5000
        - url: ./
        - url: "{unknown}/x"
      paths: {}
      """
    let document = try OpenAPIDocument.parse(text, path: "openapi.yaml")
    #expect(
      document.servers == [
        OpenAPIServer(url: "https://eu.example.com/api/v1", host: "eu.example.com", basePath: "/api/v1"),
        OpenAPIServer(url: "http://localhost:5000", host: "localhost", basePath: "/"),
        OpenAPIServer(url: "./", host: nil, basePath: "/"),
        OpenAPIServer(url: "{unknown}/x", host: nil, basePath: "/{unknown}/x"),
      ])
    #expect(document.basePaths == ["/api/v1", "/", "/{unknown}/x"])
  }

  @Test func documentWithoutPathsHasNoOperations() throws {
    let document = try OpenAPIDocument.parse("openapi: 3.1.0\nwebhooks: {}\n", path: "openapi.yaml")
    #expect(document.operations.isEmpty)
    #expect(document.servers == [.root])
  }

  @Test func windowsLineEndingsKeepPositionsExact() throws {
    let text = "openapi: 3.0.0\r\npaths:\r\n  /ünï:\r\n    post: {}\r\n"
    let document = try OpenAPIDocument.parse(text, path: "openapi.yaml")
    #expect(summary(document) == ["POST /ünï 4:5"])
    #expect(document.operations[0].offset == (try offset(of: "post:", in: text)))
  }

  @Test func methodKeysAreLowerCaseOnly() throws {
    let text = "openapi: 3.0.0\npaths:\n  /a:\n    GET: {}\n    trace: {}\n    query: {}\n"
    #expect(summary(try OpenAPIDocument.parse(text, path: "openapi.yaml")) == ["TRACE /a 5:5"])
  }
}

/// Every malformed input is an `InputError` at the right place with a clear message.
@Suite struct OpenAPIDocumentErrorTests {
  private func error(_ text: String, path: String = "openapi.yaml") -> String {
    do {
      _ = try OpenAPIDocument.parse(text, path: path)
      return "no error"
    } catch let error as InputError {
      return error.description
    } catch {
      return "unexpected \(error)"
    }
  }

  @Test func yamlSyntaxError() {
    #expect(
      error("openapi: 3.0.0\npaths:\n  /a:\n    get: {\n") == """
        openapi.yaml:5:1: error: invalid YAML: while parsing a flow node: did not find expected node content

        ^
        """)
    #expect(
      error("openapi: 3.0.0\npaths:\n  /a: [x\n  /b: y\n") == """
        openapi.yaml:4:5: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'
          /b: y
            ^
        """)
  }

  @Test func jsonSyntaxError() {
    #expect(
      error("{\"openapi\": \"3.1.0\",\n \"paths\": {\"/a\": {\"get\": {}}\n", path: "api/openapi.json") == """
        api/openapi.json:3:1: error: invalid JSON: while parsing a flow mapping: did not find expected ',' or '}'

        ^
        """)
  }

  @Test func duplicateKey() {
    #expect(
      error("openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n    get: {}\n") == """
        openapi.yaml:4:5: error: invalid YAML: duplicate key 'get' in one mapping
            get: {}
            ^
        """)
  }

  @Test func emptyDocument() {
    #expect(
      error("# nothing here\n") == "openapi.yaml:1:1: error: the OpenAPI document is empty\n# nothing here\n^"
    )
  }

  @Test func rootThatIsNotAMapping() {
    #expect(
      error("- openapi: 3.0.0\n") == """
        openapi.yaml:1:1: error: an OpenAPI document is a mapping with an 'openapi' (or 'swagger') version \
        at its top level
        - openapi: 3.0.0
        ^
        """)
  }

  @Test func noVersionKey() {
    #expect(
      error("info: {title: x}\npaths: {}\n") == """
        openapi.yaml:1:1: error: not an OpenAPI document: no 'openapi' or 'swagger' version at the top level \
        (add openapi: 3.1.0, or set 'openapi' in archverify.yml to the right file)
        info: {title: x}
        ^
        """)
  }

  @Test func unsupportedVersions() {
    #expect(
      error("openapi: 2.0\npaths: {}\n") == """
        openapi.yaml:1:10: error: unsupported OpenAPI version '2.0' (expected 3.0.x or 3.1.x; Swagger 2.0 \
        documents say swagger: "2.0")
        openapi: 2.0
                 ^
        """)
    #expect(
      error("swagger: '1.2'\n") == """
        openapi.yaml:1:10: error: unsupported Swagger version '1.2' (expected "2.0")
        swagger: '1.2'
                 ^
        """)
  }

  @Test func pathsThatAreNotAMapping() {
    #expect(
      error("openapi: 3.0.0\npaths:\n  - /a\n") == """
        openapi.yaml:3:3: error: 'paths' must be a mapping of paths to path items
          - /a
          ^
        """)
    #expect(
      error("openapi: 3.0.0\npaths:\n") == """
        openapi.yaml:2:7: error: 'paths' must be a mapping of paths to path items
        paths:
              ^
        """)
  }

  @Test func pathItemThatIsNotAMapping() {
    #expect(
      error("openapi: 3.0.0\npaths:\n  /a: yes\n") == """
        openapi.yaml:3:7: error: the path item of '/a' must be a mapping of methods to operations
          /a: yes
              ^
        """)
  }

  @Test func operationThatIsNotAMapping() {
    #expect(
      error("openapi: 3.0.0\npaths:\n  /orders:\n    get: list_orders\n") == """
        openapi.yaml:4:10: error: the 'get' operation of '/orders' must be a mapping (an operation object)
            get: list_orders
                 ^
        """)
  }

  @Test func malformedServers() {
    #expect(
      error("openapi: 3.0.0\nservers: /api\npaths: {}\n") == """
        openapi.yaml:2:10: error: 'servers' must be a list of server objects, each with a 'url'
        servers: /api
                 ^
        """)
    #expect(
      error("openapi: 3.0.0\nservers:\n  - description: prod\npaths: {}\n") == """
        openapi.yaml:3:5: error: a server object needs a 'url' string
          - description: prod
            ^
        """)
  }
}
