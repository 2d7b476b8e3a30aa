import ArchCore
import Audit
import Foundation
import Rules
import Testing
import TreeSitter

@testable import GeneratorHarness

/// The front ends of the example blueprints and of a few blueprints made to stress the names.
enum RenderedFrontends {
  static func render(_ blueprint: Blueprint) throws -> [GeneratedFile] {
    try NextjsRenderer(blueprint: blueprint, schema: try FlaskSchema(blueprint)).render()
  }

  static func render(_ name: String) throws -> [GeneratedFile] {
    try render(try RenderedExamples.blueprint(name))
  }

  static func file(_ path: String, of files: [GeneratedFile]) throws -> String {
    try #require(files.first { $0.path == path }, "no \(path)").contents
  }

  /// A blueprint whose entities take the names of built-in types and screens, and whose product
  /// name is full of characters that mean something in TSX.
  static let awkwardBlueprint = """
    name: 'Evil {x} </a> "q" ''r'' & \\ co'
    package: evil_co
    stack: flask
    tenancy: organization
    roles: [owner, admin, member]
    integrations: [stripe]
    entities:
      - name: Session
        fields:
          - {name: status, type: enum, values: [open, closed], default: open}
          - {name: title, type: string, required: true}
      - name: Page
        fields:
          - {name: body, type: text}
          - {name: session, type: ref, to: Session}
      - name: Setting
        fields:
          - {name: value, type: json}
      - name: SubscriptionStatus
        fields:
          - {name: seats, type: integer, required: true}
      - name: MemberList
        fields:
          - {name: label, type: string}
      - name: InvitationCreate
        fields:
          - {name: note, type: text}
    """

  static func awkward() throws -> Blueprint {
    try Blueprint.parse(awkwardBlueprint, path: "awkward.yaml")
  }

  /// The syntax errors and missing nodes of a script, by line; empty for other files.
  static func syntaxProblems(_ file: GeneratedFile) throws -> [String] {
    guard let language = Language(fileName: file.path) else { return [] }
    let tree = try #require(Parser().parse(SourceText(file.contents), as: language))
    var problems: [String] = []
    tree.rootNode.walk { node in
      if node.isError || node.isMissing {
        problems.append("\(node.isMissing ? "MISSING" : "ERROR") \(node.type) at line \(node.startRow + 1)")
      }
      return true
    }
    return problems
  }

  /// A `fetch(url, options)` call of a script: the method and path it requests (substitutions
  /// as `{id}`, no query string) and the text of each option by name.
  struct FetchCall: Equatable {
    let method: String
    let path: String
    let options: [String: String]
  }

  static func fetchCalls(_ file: GeneratedFile) throws -> [FetchCall] {
    guard let language = Language(fileName: file.path) else { return [] }
    let tree = try #require(Parser().parse(SourceText(file.contents), as: language))
    var calls: [FetchCall] = []
    tree.rootNode.walk { node in
      guard node.type == "call_expression", node.child(field: "function")?.text == "fetch",
        let arguments = node.child(field: "arguments")?.namedChildren, let url = arguments.first
      else { return true }
      var options: [String: String] = [:]
      if arguments.count > 1, arguments[1].type == "object" {
        for pair in arguments[1].namedChildren where pair.type == "pair" {
          if let key = pair.child(field: "key")?.text, let value = pair.child(field: "value")?.text {
            options[key] = value
          }
        }
      }
      let method = options["method"].map { String($0.dropFirst().dropLast()) } ?? "GET"
      calls.append(FetchCall(method: method, path: path(of: url), options: options))
      return true
    }
    return calls
  }

  /// The path a URL literal names: quotes dropped, each `${...}` as `{id}`, up to a `?`.
  static func path(of url: Node) -> String {
    var text = ""
    if url.type == "template_string" {
      for child in url.children {
        switch child.type {
        case "template_substitution": text += "{id}"
        case "`": continue
        default: text += child.text
        }
      }
      // Older grammars keep the literal text in the template string itself, not in children.
      if text.isEmpty || !text.hasPrefix("/") {
        text = url.text.dropFirst().dropLast().replacingOccurrences(
          of: #"\$\{[^}]*\}"#, with: "{id}", options: .regularExpression)
      }
    } else {
      text = String(url.text.dropFirst().dropLast())
    }
    return String(text.prefix { $0 != "?" })
  }

  /// The operations of the Operations table of docs/generated-application.md, as `METHOD path`
  /// as written (`GET /api/<segment>/{id}`).
  static func documentedOperations() throws -> [String] {
    let text = try String(
      contentsOf: RenderedExamples.repository.appendingPathComponent("docs/generated-application.md"),
      encoding: .utf8)
    let table = try #require(text.components(separatedBy: "### Operations\n").dropFirst().first)
    return table.split(separator: "\n", omittingEmptySubsequences: false)
      .drop { !$0.hasPrefix("|") }
      .prefix { $0.hasPrefix("|") }
      .dropFirst(2)
      .map {
        $0.split(separator: "|", omittingEmptySubsequences: false)[1].trimmingCharacters(in: .whitespaces)
      }
  }

  /// The documented operations the front end does not call: they are not a user's.
  static let operationsNotForTheFrontend: Set = ["GET /api/health", "POST /api/billing/webhook"]

  /// Every operation of docs/generated-application.md the front end calls for a blueprint, as
  /// `METHOD path`: the table's rows, `<segment>` made each entity's, billing with Stripe only.
  static func clientOperations(of blueprint: Blueprint) throws -> [String] {
    var operations: [String] = []
    for operation in try documentedOperations() where !operationsNotForTheFrontend.contains(operation) {
      if operation.contains("<segment>") {
        operations += blueprint.entities.map {
          operation.replacingOccurrences(of: "/api/<segment>", with: $0.names.collectionPath)
        }
      } else if !operation.contains(" /api/billing/") || blueprint.has(.stripe) {
        operations.append(operation)
      }
    }
    return operations.sorted()
  }

  static let acmePaths = [
    "frontend/.gitignore",
    "frontend/app/(auth)/forgot-password/page.tsx",
    "frontend/app/(auth)/layout.tsx",
    "frontend/app/(auth)/login/page.tsx",
    "frontend/app/(auth)/register/page.tsx",
    "frontend/app/(auth)/reset-password/page.tsx",
    "frontend/app/(auth)/verify-email/page.tsx",
    "frontend/app/customers/[id]/edit/page.tsx",
    "frontend/app/customers/[id]/page.tsx",
    "frontend/app/customers/new/page.tsx",
    "frontend/app/customers/page.tsx",
    "frontend/app/dashboard/page.tsx",
    "frontend/app/globals.css",
    "frontend/app/invitations/accept/page.tsx",
    "frontend/app/layout.tsx",
    "frontend/app/order-items/[id]/edit/page.tsx",
    "frontend/app/order-items/[id]/page.tsx",
    "frontend/app/order-items/new/page.tsx",
    "frontend/app/order-items/page.tsx",
    "frontend/app/orders/[id]/edit/page.tsx",
    "frontend/app/orders/[id]/page.tsx",
    "frontend/app/orders/new/page.tsx",
    "frontend/app/orders/page.tsx",
    "frontend/app/page.tsx",
    "frontend/app/products/[id]/edit/page.tsx",
    "frontend/app/products/[id]/page.tsx",
    "frontend/app/products/new/page.tsx",
    "frontend/app/products/page.tsx",
    "frontend/app/settings/page.tsx",
    "frontend/components/AppNav.tsx",
    "frontend/components/EntityForm.tsx",
    "frontend/components/InputField.tsx",
    "frontend/components/Messages.tsx",
    "frontend/components/Pagination.tsx",
    "frontend/components/RecordDetail.tsx",
    "frontend/components/RecordForm.tsx",
    "frontend/components/RecordList.tsx",
    "frontend/eslint.config.mjs",
    "frontend/lib/api.ts",
    "frontend/lib/fields.ts",
    "frontend/lib/hooks.ts",
    "frontend/lib/resources.ts",
    "frontend/lib/routes.ts",
    "frontend/lib/types.ts",
    "frontend/next-env.d.ts",
    "frontend/next.config.ts",
    "frontend/package.json",
    "frontend/tsconfig.json",
  ]
}

@Suite struct NextjsRendererTests {
  @Test func acmeOrdersRendersExactlyTheseFiles() throws {
    #expect(try RenderedFrontends.render("acme-orders").map(\.path) == RenderedFrontends.acmePaths)
  }

  @Test func clinicSchedulingAddsBillingAndItsOwnEntities() throws {
    let paths = try RenderedFrontends.render("clinic-scheduling").map(\.path)
    #expect(paths.count == 49)
    #expect(paths.contains("frontend/app/billing/page.tsx"))
    for segment in ["patients", "practitioners", "appointments", "invoices"] {
      for page in ["page.tsx", "new/page.tsx", "[id]/page.tsx", "[id]/edit/page.tsx"] {
        #expect(paths.contains("frontend/app/\(segment)/\(page)"), "\(segment)/\(page)")
      }
    }
  }

  @Test(arguments: RenderedExamples.names)
  func renderingIsDeterministic(_ name: String) throws {
    #expect(try RenderedFrontends.render(name) == RenderedFrontends.render(name))
  }

  @Test(arguments: RenderedExamples.names)
  func everyScriptParsesWithoutErrorOrMissingNodes(_ name: String) throws {
    let files = try RenderedFrontends.render(name)
    let scripts = files.filter { Language(fileName: $0.path) != nil }
    #expect(scripts.count == files.count - 4, "all but .gitignore, globals.css and the JSON files")
    for file in scripts {
      let problems = try RenderedFrontends.syntaxProblems(file)
      #expect(problems.isEmpty, "\(file.path): \(problems)\n\(file.contents)")
    }
    for file in files where file.path.hasSuffix(".json") {
      #expect(
        (try? JSONSerialization.jsonObject(with: Data(file.contents.utf8))) != nil, "\(file.path) is not JSON"
      )
    }
  }

  /// The parse check above is not vacuous: a broken script is reported.
  @Test func aBrokenScriptIsReported() throws {
    let broken = GeneratedFile(
      path: "frontend/app/page.tsx", contents: "export default function P() {\n  return <div>{</div>;\n}\n")
    #expect(try !RenderedFrontends.syntaxProblems(broken).isEmpty)
    let unclosed = GeneratedFile(path: "frontend/lib/a.ts", contents: "export const a = f(1, 2;\n")
    #expect(try !RenderedFrontends.syntaxProblems(unclosed).isEmpty)
  }

  @Test func theFormsDescribeEachFieldByItsColumn() throws {
    let resources = try RenderedFrontends.file(
      "frontend/lib/resources.ts", of: try RenderedFrontends.render("acme-orders"))
    for spec in [
      "{ name: \"email\", label: \"Email\", kind: \"email\", required: true, maxLength: 255 }",
      "{ name: \"notes\", label: \"Notes\", kind: \"text\", required: false }",
      "{ name: \"active\", label: \"Active\", kind: \"boolean\", required: false, defaultValue: true }",
      "{ name: \"status\", label: \"Status\", kind: \"enum\", required: false, defaultValue: \"draft\", "
        + "values: [\"draft\", \"paid\", \"shipped\", \"cancelled\"] }",
      "{ name: \"customer_id\", label: \"Customer\", kind: \"ref\", required: true, target: \"/customers\" }",
      "{ name: \"quantity\", label: \"Quantity\", kind: \"integer\", required: true, defaultValue: 1 }",
      "{ name: \"placed_at\", label: \"Placed at\", kind: \"datetime\", required: false }",
    ] {
      #expect(resources.contains(spec), "\(spec)")
    }
    #expect(resources.contains("create: (body) => createOrderItem(body as types.OrderItemCreate),"))
    #expect(resources.contains("  \"orderItems\",\n] as const;"))
  }

  @Test func awkwardNamesStillGiveValidScripts() throws {
    let files = try RenderedFrontends.render(try RenderedFrontends.awkward())
    for file in files {
      let problems = try RenderedFrontends.syntaxProblems(file)
      #expect(problems.isEmpty, "\(file.path): \(problems)\n\(file.contents)")
    }
    let types = try RenderedFrontends.file("frontend/lib/types.ts", of: files)
    let declared = types.split(separator: "\n").filter { $0.hasPrefix("export type ") }.map {
      $0.dropFirst("export type ".count).prefix { $0.isLetter || $0.isNumber }
    }
    #expect(Set(declared).count == declared.count, "\(declared)")
    #expect(types.contains("export type ResultPage<T> = {"))
    #expect(types.contains("export type AuthSession = {"))
    #expect(types.contains("export type Session = {"))
    #expect(types.contains("export type Subscription = {"))
    #expect(types.contains("export type BillingSubscriptionStatus = \"incomplete\" | "))
    #expect(types.contains("  status: BillingSubscriptionStatus | null;\n"))
    #expect(types.contains("export type SessionStatus = \"open\" | \"closed\";"))
    #expect(types.contains("  organization: {"))
    #expect(types.contains("export type MemberList = {\n  id: number;\n  label: string | null;\n"))
    #expect(types.contains("export type TenantMemberList = {\n  items: Member[];\n};"))
    #expect(types.contains("export type InvitationRequest = {\n  email: string;\n  role: Role;\n};"))
    let api = try RenderedFrontends.file("frontend/lib/api.ts", of: files)
    #expect(api.contains("export async function listMembers(): Promise<types.TenantMemberList> {"))
    #expect(api.contains("(body: types.InvitationRequest): Promise<types.Invitation> {"))
    #expect(
      api.contains("export async function acceptInvitation(token: string): Promise<types.AuthSession> {"))
    // The settings screen gives its route to the entity `Setting`.
    let paths = files.map(\.path)
    #expect(paths.contains("frontend/app/settings/page.tsx"))
    #expect(paths.contains("frontend/app/account/page.tsx"))
    #expect(try RenderedFrontends.file("frontend/components/AppNav.tsx", of: files).contains("\"/account\""))
    #expect(try RenderedFrontends.file("frontend/app/settings/page.tsx", of: files).contains("RecordList"))
  }

  @Test func theProductNameIsEscapedForJSXAndStringLiterals() throws {
    let files = try RenderedFrontends.render(try RenderedFrontends.awkward())
    let escaped = "Evil &#123;x&#125; &lt;/a&gt; &quot;q&quot; &#39;r&#39; &amp; \\ co"
    #expect(
      try RenderedFrontends.file("frontend/components/AppNav.tsx", of: files).contains(
        "\n        \(escaped)\n"))
    #expect(
      try RenderedFrontends.file("frontend/app/(auth)/layout.tsx", of: files).contains(">\(escaped)</p>"))
    #expect(
      try RenderedFrontends.file("frontend/app/layout.tsx", of: files).contains(
        "    default: \"Evil {x} </a> \\\"q\\\" 'r' & \\\\ co\",\n"))
  }

  @Test func jsxTextEscapesWhatJSXReads() {
    #expect(NextjsRenderer.jsxText("Acme Orders") == "Acme Orders")
    #expect(NextjsRenderer.jsxText("{a}") == "&#123;a&#125;")
    #expect(NextjsRenderer.jsxText("<b> & c") == "&lt;b&gt; &amp; c")
    #expect(NextjsRenderer.jsxText("\"d\" 'e'") == "&quot;d&quot; &#39;e&#39;")
    #expect(NextjsRenderer.jsxText("&amp;") == "&amp;amp;")
    #expect(NextjsRenderer.jsxText("Café ☕") == "Café ☕")
  }

  @Test func stringLiteralEscapesQuotesBackslashesAndControls() {
    #expect(NextjsRenderer.stringLiteral("Acme") == "\"Acme\"")
    #expect(NextjsRenderer.stringLiteral("a\"b\\c") == "\"a\\\"b\\\\c\"")
    #expect(NextjsRenderer.stringLiteral("l1\nl2\r\t") == "\"l1\\nl2\\r\\t\"")
    #expect(NextjsRenderer.stringLiteral("\u{0}\u{1f}\u{7f}") == "\"\\u0000\\u001f\\u007f\"")
    #expect(NextjsRenderer.stringLiteral("\u{2028}\u{2029}") == "\"\\u2028\\u2029\"")
    #expect(NextjsRenderer.stringLiteral("é {x} `y` ${z}") == "\"é {x} `y` ${z}\"")
  }

  @Test(arguments: RenderedExamples.names)
  func noWebStorageAnywhere(_ name: String) throws {
    for file in try RenderedFrontends.render(name) {
      #expect(!file.contents.contains("localStorage"), "\(file.path)")
      #expect(!file.contents.contains("sessionStorage"), "\(file.path)")
    }
  }

  @Test(arguments: RenderedExamples.names)
  func everyFetchSendsTheCookiesAndStateChangesSendTheCSRFHeader(_ name: String) throws {
    let files = try RenderedFrontends.render(name)
    for file in files where file.path != "frontend/lib/api.ts" {
      #expect(try RenderedFrontends.fetchCalls(file).isEmpty, "\(file.path) calls fetch itself")
      #expect(!file.contents.contains("fetch("), "\(file.path)")
    }
    let calls = try RenderedFrontends.fetchCalls(
      try #require(files.first { $0.path == "frontend/lib/api.ts" }))
    #expect(!calls.isEmpty)
    for call in calls {
      #expect(call.options["credentials"] == "\"include\"", "\(call.method) \(call.path)")
      if call.method != "GET" {
        let headers = call.options["headers"] ?? ""
        let expected = call.path == "/api/auth/refresh" ? "csrfHeaders(\"csrf_refresh_token\")" : nil
        #expect(
          expected.map { headers == $0 } ?? ["jsonHeaders()", "csrfHeaders()"].contains(headers),
          "\(call.method) \(call.path) sends \(headers)")
      }
    }
    let api = try RenderedFrontends.file("frontend/lib/api.ts", of: files)
    #expect(api.contains("return token ? { \"X-CSRF-TOKEN\": token } : {};"))
    #expect(!api.contains("Authorization"))
  }

  @Test(arguments: RenderedExamples.names)
  func theClientCallsEachAPIOperationOnceByItsLiteralPath(_ name: String) throws {
    let blueprint = try RenderedExamples.blueprint(name)
    let api = try #require(try RenderedFrontends.render(blueprint).first { $0.path == "frontend/lib/api.ts" })
    let called = try RenderedFrontends.fetchCalls(api).map { "\($0.method) \($0.path)" }.sorted()
    #expect(called == (try RenderedFrontends.clientOperations(of: blueprint)))
  }

  /// The operations above are read from the document's table, not made up by the test.
  @Test func theDocumentedOperationsIncludeTheMembersAndInvitations() throws {
    let documented = try RenderedFrontends.documentedOperations()
    #expect(documented.count == Set(documented).count, "\(documented)")
    for operation in [
      "GET /api/health", "POST /api/auth/login", "GET /api/<segment>/{id}", "DELETE /api/<segment>/{id}",
      "GET /api/members", "POST /api/invitations", "POST /api/invitations/accept",
      "GET /api/billing/subscription", "POST /api/billing/webhook",
    ] {
      #expect(documented.contains(operation), "\(operation)")
    }
    let acme = try RenderedFrontends.clientOperations(of: try RenderedExamples.blueprint("acme-orders"))
    #expect(acme.contains("PATCH /api/order-items/{id}"))
    #expect(!acme.contains("GET /api/billing/subscription"))
  }

  @Test func theStaticAnalyserMatchesEveryCallToTheOpenAPIDocument() throws {
    let scratch = try RenderedExamples.write("acme-orders")
    var configuration = Configuration()
    configuration.settings.requireTenantColumns = true
    var options = AuditOptions(root: scratch.path, configuration: configuration)
    options.isUntrustedOutput = true
    let result = try Auditor(rules: try RuleSet.load(), options: options).run()
    let frontend = result.findings.filter { $0.location.path.hasPrefix("frontend/") }
    #expect(frontend.map { "\($0.ruleId) \($0.location.path):\($0.location.line)" } == [])
    #expect(result.filesWithParseErrors.filter { $0.hasPrefix("frontend/") } == [])
  }

  @Test func typesFollowTheFieldTypesOfTheAPI() throws {
    let types = try RenderedFrontends.file(
      "frontend/lib/types.ts", of: try RenderedFrontends.render("acme-orders"))
    for line in [
      "export type OrderStatus = \"draft\" | \"paid\" | \"shipped\" | \"cancelled\";",
      "export type Order = {\n  id: number;\n  number: string;\n  status: OrderStatus | null;\n"
        + "  total: string | null;\n  placed_at: string | null;\n  customer_id: number;\n"
        + "  created_at: string;\n  updated_at: string;\n};",
      "export type OrderCreate = {\n  number: string;\n  status?: OrderStatus | null;\n"
        + "  total?: string | null;\n  placed_at?: string | null;\n  customer_id: number;\n};",
      "  customer_id?: number;\n};",
      "  attributes: unknown;\n",
      "  active?: boolean | null;\n",
      "  quantity?: number;\n  unit_price: string;\n};",
      "export type Page<T> = {\n  items: T[];\n  page: number;\n  per_page: number;\n  total: number;\n};",
      "export type Role = \"owner\" | \"admin\" | \"member\";",
      "  workspace: {\n    id: number;\n    name: string;\n  };\n  role: Role;\n",
      "export type Member = {\n  user_id: number;\n  email: string;\n  full_name: string | null;\n"
        + "  role: Role;\n  joined_at: string;\n};",
      "export type MemberList = {\n  items: Member[];\n};",
      "export type Invitation = {\n  id: number;\n  email: string;\n  role: Role;\n  expires_at: string;\n};",
      "export type InvitationCreate = {\n  email: string;\n  role: Role;\n};",
    ] {
      #expect(types.contains(line), "\(line)")
    }
  }

  @Test func thePackageIsPinnedAndTheProxyIsConfigured() throws {
    let files = try RenderedFrontends.render("acme-orders")
    let package = try RenderedFrontends.file("frontend/package.json", of: files)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(package.utf8)) as? [String: Any])
    let dependencies = try #require(json["dependencies"] as? [String: String])
    let devDependencies = try #require(json["devDependencies"] as? [String: String])
    #expect(dependencies["next"]?.hasPrefix("15.") == true)
    #expect(dependencies["react"]?.hasPrefix("19.") == true)
    #expect(dependencies["react"] == dependencies["react-dom"])
    #expect(devDependencies["eslint-config-next"] == dependencies["next"])
    for version in Array(dependencies.values) + Array(devDependencies.values) {
      #expect(version.allSatisfy { $0.isNumber || $0 == "." }, "\(version) is not an exact version")
    }
    let scripts = try #require(json["scripts"] as? [String: String])
    #expect(scripts.keys.sorted() == ["build", "dev", "lint", "start", "typecheck"])
    #expect(json["name"] as? String == "acme-orders-frontend")
    let config = try RenderedFrontends.file("frontend/next.config.ts", of: files)
    #expect(config.contains("process.env.API_ORIGIN ?? \"http://localhost:5000\""))
    #expect(config.contains("source: \"/api/:path*\""))
    #expect(try RenderedFrontends.file("frontend/tsconfig.json", of: files).contains("\"strict\": true"))
    #expect(try RenderedFrontends.file("frontend/.gitignore", of: files).contains("node_modules/\n"))
  }

  @Test func searchParamsAreReadInsideASuspenseBoundary() throws {
    for file in try RenderedFrontends.render("acme-orders") where file.contents.contains("useSearchParams()")
    {
      let isSharedList = file.path == "frontend/components/RecordList.tsx"
      #expect(isSharedList || file.contents.contains("<Suspense"), "\(file.path)")
    }
    for file in try RenderedFrontends.render("acme-orders") where file.contents.contains("<RecordList ") {
      #expect(file.contents.contains("<Suspense"), "\(file.path)")
    }
  }

  @Test func frontendNoneRendersNoFrontendFiles() throws {
    let text = try String(
      contentsOf: RenderedExamples.repository.appendingPathComponent("examples/blueprints/acme-orders.yaml"),
      encoding: .utf8)
    #expect(text.contains("frontend: nextjs\n"))
    let blueprint = try Blueprint.parse(
      text.replacingOccurrences(of: "frontend: nextjs\n", with: "frontend: none\n"), path: "acme-orders.yaml")
    #expect(blueprint.frontend == .none)
    let paths = try FlaskProjectRenderer(blueprint: blueprint).render().map(\.path)
    #expect(paths.filter { $0.hasPrefix("frontend/") } == [])
    #expect(paths.contains("openapi.yaml"))
  }

  @Test func theSettingsScreenListsTheMembersAndOffersTheBlueprintsRoles() throws {
    let acme = try RenderedFrontends.file(
      "frontend/app/settings/page.tsx", of: try RenderedFrontends.render("acme-orders"))
    #expect(acme.contains("useLoad(listMembers)"))
    #expect(acme.contains("<h2>Members</h2>\n      <MembersTable />\n      <InviteForm />\n"))
    #expect(
      acme.contains("const roles: readonly types.Role[] = [\n  \"owner\",\n  \"admin\",\n  \"member\",\n];"))
    #expect(acme.contains("const DEFAULT_ROLE: types.Role = \"member\";"))
    #expect(acme.contains("await createInvitation({ email: formText(values, \"email\"), role });"))
    // A 401 goes to the sign-in screen; a 403 (not an admin role) shows the API's message.
    #expect(acme.contains("useSubmission(true);"))
    #expect(acme.contains("<ErrorMessage message={error} />"))
    let clinic = try RenderedFrontends.file(
      "frontend/app/settings/page.tsx", of: try RenderedFrontends.render("clinic-scheduling"))
    #expect(clinic.contains("  \"owner\",\n  \"admin\",\n  \"practitioner\",\n  \"receptionist\",\n];"))
    #expect(clinic.contains("const DEFAULT_ROLE: types.Role = \"receptionist\";"))
    // The settings screen keeps its members when it moves to `/account`.
    let account = try RenderedFrontends.file(
      "frontend/app/account/page.tsx", of: try RenderedFrontends.render(try RenderedFrontends.awkward()))
    #expect(account.contains("useLoad(listMembers)"))
  }

  @Test func theInvitationLinkAsksTheSignedInUserToAccept() throws {
    let page = try RenderedFrontends.file(
      "frontend/app/invitations/accept/page.tsx", of: try RenderedFrontends.render("acme-orders"))
    #expect(page.contains("const token = useSearchParams().get(\"token\") ?? \"\";"))
    #expect(page.contains("<Suspense fallback={null}>\n      <InvitationAcceptance />\n    </Suspense>"))
    #expect(page.contains("onClick={handleAccept}"))
    #expect(page.contains("await acceptInvitation(token);"))
    #expect(page.contains("router.replace(\"/dashboard\");"))
    // Signed out, the screen stays (with its token) and links to sign-in, which comes back here.
    #expect(page.contains("useSubmission(false)"))
    #expect(page.contains("loginPath(`/invitations/accept?${new URLSearchParams({ token }).toString()}`)"))
    #expect(page.contains("<Link href={signIn}>Sign in</Link>"))
    #expect(page.contains("<Link href=\"/register\">Create one</Link>"))
  }

  @Test func acmeOrdersAPIClientMatchesItsSnapshot() throws {
    let api = try RenderedFrontends.file(
      "frontend/lib/api.ts", of: try RenderedFrontends.render("acme-orders"))
    Snapshot.assert(api, named: "nextjs-api-acme-orders", ext: "ts")
  }
}

/// The front end's modules that need neither React nor Next.js (the typed API client, the types,
/// the field and route tables) compile with the TypeScript compiler in strict mode. Debian's
/// `node-typescript` provides `tsc` (`.ci/run` installs it); the npm packages of React and Next.js
/// are not available here, so the components are checked by parsing only.
@Suite struct FrontendTypeScriptTests {
  static var compiler: String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/tsc" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  @Test(arguments: RenderedExamples.names)
  func theTypedClientCompilesInStrictMode(_ name: String) throws {
    let tsc = try #require(Self.compiler, "no tsc on the PATH: apt-get install node-typescript")
    let scratch = try RenderedExamples.write(name)
    let lib = scratch.path + "/frontend/lib"
    let modules = try FileManager.default.contentsOfDirectory(atPath: lib).sorted().filter { file in
      guard file.hasSuffix(".ts"), let text = try? String(contentsOfFile: lib + "/" + file, encoding: .utf8)
      else { return false }
      return !text.contains("from \"react\"") && !text.contains("from \"next")
    }
    #expect(modules.contains("api.ts") && modules.contains("types.ts"), "\(modules)")
    let result = try runCommand(
      [
        tsc, "--strict", "--noEmit", "--noUnusedLocals", "--noUnusedParameters",
        "--exactOptionalPropertyTypes",
        "--target", "es2022", "--lib", "es2022,dom", "--module", "esnext", "--moduleResolution", "node",
      ] + modules.map { "lib/" + $0 }, in: scratch.path + "/frontend",
      environment: ProcessInfo.processInfo.environment.filter { ["PATH", "HOME"].contains($0.key) },
      timeout: 300)
    #expect(result.status == 0 && result.stdout.isEmpty, "\(result.log)")
  }
}
