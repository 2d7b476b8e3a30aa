import Foundation
import Testing

@testable import GeneratorHarness

/// The operations files and documents of a generated project (`ProjectDocsRenderer`).
@Suite struct ProjectDocsRendererTests {
  static let acmePaths = [
    ".dockerignore",
    ".github/workflows/ci.yml",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "deploy/nginx.conf",
    "docker-compose.yml",
    "docs/decisions/0001-application-factory-and-layered-services.md",
    "docs/decisions/0002-postgresql-only.md",
    "docs/decisions/0003-shared-schema-multi-tenancy.md",
    "docs/decisions/0004-jwt-in-httponly-cookies-with-csrf.md",
    "docs/decisions/0005-one-alembic-revision-per-table.md",
    "docs/decisions/0006-openapi-document-as-contract.md",
    "docs/decisions/0007-rate-limiting.md",
    "docs/decisions/0008-nextjs-front-end-on-the-same-origin.md",
    "docs/decisions/README.md",
    "frontend/Dockerfile",
    "pyproject.toml",
  ]

  static let clinicPaths = [
    ".dockerignore",
    ".github/workflows/ci.yml",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "deploy/nginx.conf",
    "docker-compose.yml",
    "docs/compliance/README.md",
    "docs/compliance/gdpr-dpia.md",
    "docs/compliance/hipaa-risk-assessment.md",
    "docs/decisions/0001-application-factory-and-layered-services.md",
    "docs/decisions/0002-postgresql-only.md",
    "docs/decisions/0003-shared-schema-multi-tenancy.md",
    "docs/decisions/0004-jwt-in-httponly-cookies-with-csrf.md",
    "docs/decisions/0005-one-alembic-revision-per-table.md",
    "docs/decisions/0006-openapi-document-as-contract.md",
    "docs/decisions/0007-rate-limiting.md",
    "docs/decisions/0008-nextjs-front-end-on-the-same-origin.md",
    "docs/decisions/0009-stripe-billing-webhooks.md",
    "docs/decisions/0010-sendgrid-email.md",
    "docs/decisions/0011-celery-background-jobs.md",
    "docs/decisions/README.md",
    "frontend/Dockerfile",
    "pyproject.toml",
  ]

  static func renderer(_ blueprint: Blueprint) throws -> ProjectDocsRenderer {
    ProjectDocsRenderer(blueprint: blueprint, schema: try FlaskProjectRenderer(blueprint: blueprint).schema)
  }

  static func render(_ blueprint: Blueprint) throws -> [String: String] {
    Dictionary(uniqueKeysWithValues: try renderer(blueprint).render().map { ($0.path, $0.contents) })
  }

  static func render(_ name: String) throws -> [String: String] {
    try render(try RenderedExamples.blueprint(name))
  }

  /// A YAML mapping's entries by key (keys as text: `on` is a boolean to YAML 1.1, `true` here).
  static func mapping(_ value: Any?) -> [String: Any] {
    guard let mapping = value as? [AnyHashable: Any] else { return [:] }
    return Dictionary(uniqueKeysWithValues: mapping.map { ("\($0.key.base)", $0.value) })
  }

  static func yaml(_ text: String?, path: String = "file.yml") throws -> [String: Any] {
    mapping(try ProjectDocsRenderer.parseYAML(try #require(text), path: path))
  }

  // MARK: Files

  @Test func theExamplesRenderExactlyTheseFiles() throws {
    let acme = try Self.renderer(try RenderedExamples.blueprint("acme-orders")).render().map(\.path)
    #expect(acme == Self.acmePaths)
    let clinic = try Self.renderer(try RenderedExamples.blueprint("clinic-scheduling")).render().map(\.path)
    #expect(clinic == Self.clinicPaths)
  }

  @Test func withoutAFrontEndThereIsNoFrontEndImageJobServiceOrDecision() throws {
    var blueprint = try RenderedExamples.blueprint("acme-orders")
    blueprint.frontend = .none
    let files = try Self.render(blueprint)
    #expect(files["frontend/Dockerfile"] == nil)
    #expect(files["docs/decisions/0008-nextjs-front-end-on-the-same-origin.md"] == nil)
    #expect(files.keys.filter { $0.hasPrefix("docs/decisions/0") }.count == 7)
    let compose = try Self.yaml(files["docker-compose.yml"])
    #expect(Set(Self.mapping(compose["services"]).keys) == ["app", "db", "redis", "nginx"])
    let ci = try Self.yaml(files[".github/workflows/ci.yml"])
    #expect(Set(Self.mapping(ci["jobs"]).keys) == ["backend", "docker"])
    let nginx = try #require(files["deploy/nginx.conf"])
    #expect(!nginx.contains("frontend"))
    let readme = try #require(files["README.md"])
    #expect(!readme.contains("npm install"))
    let dockerignore = try #require(files[".dockerignore"])
    #expect(!dockerignore.contains("frontend"))
  }

  @Test func complianceDocumentsFollowTheirFlags() throws {
    let acme = try Self.render("acme-orders")
    #expect(acme.keys.filter { $0.hasPrefix("docs/compliance/") }.isEmpty)

    var blueprint = try RenderedExamples.blueprint("acme-orders")
    blueprint.compliance = [.pci]
    let pci = try Self.render(blueprint)
    #expect(
      pci.keys.filter { $0.hasPrefix("docs/compliance/") }.sorted() == [
        "docs/compliance/README.md", "docs/compliance/pci-scope-statement.md",
      ])
    let statement = try #require(pci["docs/compliance/pci-scope-statement.md"])
    #expect(statement.contains("no payment integration"))
    #expect(statement.contains("No field of the blueprint has a name that suggests card data"))

    blueprint.compliance = [.hipaa, .pci, .gdpr]
    let all = try Self.render(blueprint)
    #expect(
      all.keys.filter { $0.hasPrefix("docs/compliance/") }.sorted() == [
        "docs/compliance/README.md", "docs/compliance/gdpr-dpia.md",
        "docs/compliance/hipaa-risk-assessment.md", "docs/compliance/pci-scope-statement.md",
      ])
    let index = try #require(all["docs/compliance/README.md"])
    for file in ["gdpr-dpia.md", "hipaa-risk-assessment.md", "pci-scope-statement.md"] {
      #expect(index.contains("(\(file))"))
    }
  }

  @Test func thePCIStatementFollowsStripeAndCardLikeFields() throws {
    var blueprint = try RenderedExamples.blueprint("clinic-scheduling")
    blueprint.compliance = [.pci]
    let statement = try #require(try Self.render(blueprint)["docs/compliance/pci-scope-statement.md"])
    #expect(statement.contains("Payments go through Stripe"))
    #expect(statement.contains("Self-Assessment Questionnaire A"))
    #expect(!statement.contains("**Warning:**"))

    let flagged = try Blueprint.parse(
      """
      name: Shop
      stack: flask
      compliance: [pci]
      entities:
        - name: Payment
          fields:
            - {name: card_number, type: string}
            - {name: discard_reason, type: text}
            - {name: company, type: string}
      """, path: "shop.yaml")
    let warned = try #require(try Self.render(flagged)["docs/compliance/pci-scope-statement.md"])
    #expect(
      warned.contains(
        "**Warning:** these fields of the blueprint have names that suggest card data: "
          + "`Payment.card_number`. If"
      ))
  }

  // MARK: Docker compose and CI

  @Test(arguments: RenderedExamples.names)
  func composeHasTheServicesAndNoSecrets(_ name: String) throws {
    let files = try Self.render(name)
    let blueprint = try RenderedExamples.blueprint(name)
    let compose = try Self.yaml(files["docker-compose.yml"])
    let services = Self.mapping(compose["services"])
    var expected: Set<String> = ["app", "db", "redis", "nginx", "frontend"]
    if blueprint.has(.celery) { expected.insert("worker") }
    #expect(Set(services.keys) == expected)

    let app = Self.mapping(services["app"])
    #expect(app["build"] as? String == ".")
    #expect(app["env_file"] as? String == ".env")
    #expect(Self.mapping(Self.mapping(app["depends_on"])["db"])["condition"] as? String == "service_healthy")
    let command = try #require(app["command"] as? [Any]).map { "\($0)" }.joined(separator: " ")
    #expect(command.contains("flask --app \(blueprint.package) db upgrade && exec gunicorn"))
    #expect(command.contains("'\(blueprint.package):create_app()'"))

    let db = Self.mapping(services["db"])
    #expect(db["image"] as? String == "postgres:16")
    #expect(db["healthcheck"] != nil)
    #expect((db["volumes"] as? [Any])?.first as? String == "db-data:/var/lib/postgresql/data")
    #expect(Self.mapping(compose["volumes"]).keys.contains("db-data"))
    #expect(Self.mapping(services["redis"])["image"] as? String == "redis:7")

    let nginx = Self.mapping(services["nginx"])
    #expect(nginx["image"] as? String == "nginx:1.27")
    #expect((nginx["ports"] as? [Any])?.first as? String == "8080:80")
    #expect(
      (nginx["volumes"] as? [Any])?.first as? String
        == "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro")

    if blueprint.has(.celery) {
      let worker = Self.mapping(services["worker"])
      let command = try #require(worker["command"] as? [String])
      #expect(command.prefix(2) == ["python", "-c"])
      #expect(command.last?.contains("from \(blueprint.package) import create_app; ") == true)
      #expect(
        command.last?.hasSuffix("create_app(); celery.worker_main(['worker', '--loglevel=INFO'])") == true)
      #expect(
        Self.mapping(worker["environment"]).keys.sorted() == Self.mapping(app["environment"]).keys.sorted())
      #expect(Self.mapping(worker["healthcheck"])["disable"] as? Bool == true)
    }

    // Every secret is interpolated from .env with a required-value check, never written.
    for (serviceName, service) in services {
      for (key, value) in Self.mapping(Self.mapping(service)["environment"]) {
        let text = "\(value)"
        let secret = ["SECRET", "PASSWORD"].contains { key.contains($0) }
        if secret {
          #expect(text == "${\(key):?set \(key) in .env}", "\(serviceName).\(key)")
        }
        if key == "DATABASE_URL" {
          #expect(text.contains(":${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db:5432/"))
        }
      }
    }
  }

  @Test(arguments: RenderedExamples.names)
  func theWorkflowHasTheJobsAndGeneratesItsSecrets(_ name: String) throws {
    let files = try Self.render(name)
    let blueprint = try RenderedExamples.blueprint(name)
    let package = blueprint.package
    let workflow = try Self.yaml(files[".github/workflows/ci.yml"])
    #expect(workflow["name"] as? String == blueprint.name + " CI")
    let jobs = Self.mapping(workflow["jobs"])
    #expect(Set(jobs.keys) == ["backend", "frontend", "docker"])

    let backend = Self.mapping(jobs["backend"])
    let postgres = Self.mapping(Self.mapping(backend["services"])["postgres"])
    #expect(postgres["image"] as? String == "postgres:16")
    #expect((postgres["options"] as? String)?.contains("--health-cmd") == true)
    let env = Self.mapping(backend["env"])
    #expect(env["TEST_DATABASE_URL"] as? String == "postgresql://postgres@localhost:5432/\(package)_test")
    #expect(env["SECRET_KEY"] == nil && env["JWT_SECRET_KEY"] == nil)
    let steps = try #require(backend["steps"] as? [Any]).map(Self.mapping)
    let runs = steps.compactMap { $0["run"] as? String }
    let uses = steps.compactMap { $0["uses"] as? String }
    #expect(uses.contains("actions/setup-python@v5"))
    #expect(steps.contains { Self.mapping($0["with"])["python-version"] as? String == "3.12" })
    #expect(runs.contains { $0.hasPrefix("pip install -r requirements.txt ruff==") })
    #expect(runs.contains("ruff check ."))
    #expect(runs.contains("flask --app \(package) db upgrade"))
    #expect(runs.contains("pytest -q"))
    let secrets = try #require(runs.first { $0.contains("GITHUB_ENV") })
    #expect(secrets.contains("secrets.token_hex(32)"))
    #expect(secrets.contains("SECRET_KEY JWT_SECRET_KEY"))
    #expect(secrets.contains("STRIPE_WEBHOOK_SECRET") == blueprint.has(.stripe))
    // Migrating comes before testing, linting before both.
    let order = ["ruff check .", "flask --app \(package) db upgrade", "pytest -q"].compactMap(runs.firstIndex)
    #expect(order == order.sorted() && order.count == 3)

    let frontend = Self.mapping(jobs["frontend"])
    let frontendRuns = try #require(frontend["steps"] as? [Any]).compactMap {
      Self.mapping($0)["run"] as? String
    }
    #expect(frontendRuns.contains { $0.contains("npm ci") })
    #expect(frontendRuns.contains("npm run typecheck"))
    #expect(frontendRuns.contains("npm run build"))

    let docker = Self.mapping(jobs["docker"])
    let dockerRuns = try #require(docker["steps"] as? [Any]).compactMap { Self.mapping($0)["run"] as? String }
    #expect(dockerRuns.contains("docker build --tag \(package):ci ."))
    #expect(dockerRuns.contains("docker build --file frontend/Dockerfile --tag \(package)-frontend:ci ."))
  }

  @Test(arguments: RenderedExamples.names)
  func theImagesRunAsUnprivilegedUsers(_ name: String) throws {
    let files = try Self.render(name)
    let package = try RenderedExamples.blueprint(name).package
    let dockerfile = try #require(files["Dockerfile"])
    #expect(dockerfile.contains("FROM python:3.12-slim AS builder\n"))
    #expect(dockerfile.contains("RUN pip wheel --wheel-dir /wheels -r requirements.txt\n"))
    #expect(dockerfile.contains("FROM python:3.12-slim AS runtime\n"))
    #expect(dockerfile.contains("\nUSER 10001:10001\n"))
    #expect(dockerfile.contains("http://127.0.0.1:8000/api/health"))
    #expect(dockerfile.contains("HEALTHCHECK "))
    #expect(dockerfile.contains("\"--bind\", \"0.0.0.0:8000\""))
    #expect(dockerfile.contains("\"\(package):create_app()\"]\n"))
    let frontend = try #require(files["frontend/Dockerfile"])
    #expect(frontend.contains("FROM node:20-alpine AS builder\n"))
    #expect(frontend.contains("npm run build"))
    #expect(frontend.contains("\nUSER node\n"))
    #expect(frontend.contains("\"next\", \"start\"") || frontend.contains("next\", \"start\""))
  }

  @Test func nginxRoutesTheAPIAndTheFrontEnd() throws {
    let nginx = try #require(try Self.render("acme-orders")["deploy/nginx.conf"])
    #expect(nginx.contains("server app:8000;"))
    #expect(nginx.contains("server frontend:3000;"))
    #expect(nginx.contains("location /api/ {\n        proxy_pass http://acme_orders_api;\n"))
    #expect(nginx.contains("location / {\n        proxy_pass http://acme_orders_frontend;\n"))
    #expect(nginx.contains("listen 80;"))
  }

  @Test func pyprojectKeepsTheConservativeRuleSet() throws {
    let pyproject = try #require(try Self.render("acme-orders")["pyproject.toml"])
    #expect(pyproject.contains("target-version = \"py311\"\nline-length = 110\n"))
    #expect(pyproject.contains("select = [\"E\", \"F\", \"I\", \"B\"]\n"))
    #expect(pyproject.contains("[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n"))
    #expect(pyproject.contains("known-first-party = [\"acme_orders\"]"))
  }

  @Test func ignoreFilesKeepSecretsOut() throws {
    let files = try Self.render("acme-orders")
    let gitignore = try #require(files[".gitignore"]).split(separator: "\n").map(String.init)
    for entry in [".env", "!.env.example", ".venv/", "__pycache__/", "node_modules/", ".next/"] {
      #expect(gitignore.contains(entry), "\(entry)")
    }
    let dockerignore = try #require(files[".dockerignore"]).split(separator: "\n").map(String.init)
    for entry in [".git", ".env", ".venv", "**/__pycache__", "frontend/node_modules", "frontend/.next"] {
      #expect(dockerignore.contains(entry), "\(entry)")
    }
  }

  // MARK: README

  @Test(arguments: RenderedExamples.names)
  func theReadmeListsEveryOperationAndSetting(_ name: String) throws {
    let blueprint = try RenderedExamples.blueprint(name)
    let readme = try #require(try Self.render(name)["README.md"])
    let operations = try Self.renderer(blueprint).operations()
    #expect(operations.count == 12 + 5 * blueprint.entities.count + (blueprint.has(.stripe) ? 2 : 0))
    for operation in operations {
      #expect(
        readme.contains("| \(operation.method) | `\(operation.path)` |"),
        "\(operation.method) \(operation.path)")
    }
    var variables = [
      "FLASK_APP", "DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "JWT_SECRET_KEY",
      "RATELIMIT_STORAGE_URI", "TRUSTED_PROXY_COUNT",
    ]
    let integrationVariables = [
      "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SENDGRID_API_KEY", "MAIL_FROM", "CELERY_BROKER_URL",
      "CELERY_RESULT_BACKEND",
    ]
    if blueprint.integrations.isEmpty {
      for variable in integrationVariables { #expect(!readme.contains("`\(variable)`"), "\(variable)") }
    } else {
      variables += integrationVariables
    }
    for variable in variables { #expect(readme.contains("| `\(variable)` |"), "\(variable)") }
    for command in [
      "python3 -m venv .venv", "pip install -r requirements.txt", "cp .env.example .env",
      "flask --app \(blueprint.package) db upgrade", "flask --app \(blueprint.package) run",
      "TEST_DATABASE_URL=", "cd frontend && npm install && npm run dev", "docker compose up --build",
    ] {
      #expect(readme.contains(command), "\(command)")
    }
    for entity in blueprint.entities {
      #expect(readme.contains("### \(entity.name)\n"))
      for field in entity.fields { #expect(readme.contains("| `\(field.name)` | `\(field.column)` |")) }
    }
    #expect(readme.contains("[`openapi.yaml`](openapi.yaml)"))
  }

  // MARK: Decisions

  @Test(arguments: RenderedExamples.names)
  func everyDecisionRecordHasTheNygardSections(_ name: String) throws {
    let files = try Self.render(name)
    let index = try #require(files["docs/decisions/README.md"])
    let records = files.filter { $0.key.hasPrefix("docs/decisions/0") }.sorted { $0.key < $1.key }
    for (number, record) in records.enumerated() {
      let fileName = String(record.key.dropFirst("docs/decisions/".count))
      #expect(fileName.hasPrefix(ProjectDocsRenderer.Decision.fourDigits(number + 1) + "-"))
      #expect(record.value.hasPrefix("# \(number + 1). "), "\(fileName)")
      var rest = Substring(record.value)
      for heading in [
        "\n## Status\n\nAccepted\n", "\n## Context\n", "\n## Decision\n", "\n## Consequences\n",
      ] {
        let range = try #require(rest.range(of: heading), "\(fileName) lacks \(heading)")
        rest = rest[range.upperBound...]
      }
      #expect(index.contains("| \(number + 1) | ["), "\(fileName)")
      #expect(index.contains("](\(fileName)) | Accepted |"), "\(fileName)")
    }
  }

  @Test func theDecisionsSpeakOfThisBlueprint() throws {
    let files = try Self.render("clinic-scheduling")
    let tenancy = try #require(files["docs/decisions/0003-shared-schema-multi-tenancy.md"])
    #expect(tenancy.contains("`patients`, `practitioners`, `appointments`, `invoices`"))
    #expect(tenancy.contains("`organization_id`"))
    #expect(tenancy.contains("`uq_patients_email` on `patients` (email, organization_id)"))
    #expect(tenancy.contains("`owner` and `admin`"))
    #expect(tenancy.contains("404"))
    let celery = try #require(files["docs/decisions/0011-celery-background-jobs.md"])
    #expect(celery.contains("- `send_appointment_reminder`, on one Appointment (table `appointments`)\n"))
    #expect(celery.contains("- `send_invoice_email`, on one Invoice (table `invoices`)\n"))
    let postgres = try #require(files["docs/decisions/0002-postgresql-only.md"])
    #expect(
      postgres.contains("`appointments_status`: `booked`, `confirmed`, `completed`, `no_show`, `cancelled`"))
    let stripe = try #require(files["docs/decisions/0009-stripe-billing-webhooks.md"])
    #expect(stripe.contains("`data.object.metadata.organization_id`"))
  }

  @Test func integrationDecisionsAreNumberedInAFixedOrder() throws {
    var blueprint = try RenderedExamples.blueprint("clinic-scheduling")
    let written = try Self.render(blueprint)
    blueprint.integrations.reverse()
    blueprint.compliance.reverse()
    #expect(try Self.render(blueprint) == written)
  }

  // MARK: Personal data

  @Test func theClinicInventoryListsExactlyThesePersonalData() throws {
    let renderer = try Self.renderer(try RenderedExamples.blueprint("clinic-scheduling"))
    let inventory = renderer.personalDataInventory()
    #expect(
      inventory.map(\.qualifiedName) == [
        "User.email", "User.full_name", "User.password_hash", "Invitation.email",
        "Patient.full_name", "Patient.email", "Patient.date_of_birth", "Patient.medical_notes",
        "Patient.insurance", "Practitioner.full_name", "Practitioner.email",
      ])
    #expect(
      inventory.map(\.category.rawValue) == [
        "contact", "identity", "credential", "contact", "identity", "contact", "identity",
        "health (special category)", "insurance", "identity", "contact",
      ])
    let records = renderer.dataSubjectRecords()
    #expect(records.map(\.entity) == ["Patient", "Practitioner", "Appointment", "Invoice"])
    #expect(records[2].references.map(\.column) == ["patient_id", "practitioner_id"])
    #expect(records[2].freeTextColumns == ["reason"])
    #expect(records[3].references.map(\.target) == ["Appointment"])

    let files = try Self.render("clinic-scheduling")
    for document in ["docs/compliance/gdpr-dpia.md", "docs/compliance/hipaa-risk-assessment.md"] {
      let text = try #require(files[document])
      let rows = text.split(separator: "\n").filter {
        $0.hasPrefix("| User |") || $0.hasPrefix("| Invitation |") || $0.hasPrefix("| Patient |")
          || $0.hasPrefix("| Practitioner |") || $0.hasPrefix("| Appointment |")
          || $0.hasPrefix("| Invoice |")
      }
      #expect(
        rows.prefix(11).map {
          $0.split(separator: "|")[0...1].map { $0.trimmingCharacters(in: .whitespaces) }
        }
        .map { "\($0[0]).\($0[1].trimmingCharacters(in: ["`"]))" } == inventory.map(\.qualifiedName),
        "\(document)")
      #expect(text.contains("| Patient | `date_of_birth` | date | identity | name contains `birth` |"))
      #expect(
        text.contains(
          "| Appointment | `appointments` | none directly | Patient (`patient_id`), "
            + "Practitioner (`practitioner_id`) | `reason` |"
        ))
    }
    let dpia = try #require(files["docs/compliance/gdpr-dpia.md"])
    #expect(
      dpia.contains("**Operator decision:** the purpose of each processing operation, and its lawful basis"))
    #expect(dpia.contains("Article 9(2) that allows processing the health data of\nPatient"))
    #expect(!dpia.lowercased().contains("todo") && !dpia.contains("TBD") && !dpia.contains("[insert"))
    let hipaa = try #require(files["docs/compliance/hipaa-risk-assessment.md"])
    #expect(hipaa.contains("| Audit controls (b) |"))
    #expect(hipaa.contains("| Transmission security (e)(1) | cookies are `Secure`"))
  }

  @Test(arguments: [
    ("date_of_birth", Field.Kind.date, "identity"),
    ("medical_notes", .text, "health (special category)"),
    ("notes", .text, "free text"),
    ("contact", .email, "contact"),
    ("home_phone", .string, "contact"),
    ("ssn", .string, "identity"),
    ("password_hint", .string, "credential"),
    ("insurance", .json, "insurance"),
  ])
  func fieldsArePersonalDataByNameOrType(_ name: String, _ kind: Field.Kind, _ category: String) {
    #expect(ProjectDocsRenderer.personalDataCategory(name: name, kind: kind)?.category.rawValue == category)
  }

  @Test(arguments: ["title", "sku", "crossnumber", "status", "unit_price", "starts_at", "consent_given"])
  func otherFieldsAreNot(_ name: String) {
    #expect(ProjectDocsRenderer.personalDataCategory(name: name, kind: .string) == nil)
  }

  // MARK: Escaping

  @Test func markdownInlineEscapesPipesAndLineBreaks() {
    #expect(ProjectDocsRenderer.markdownInline("a|b") == "a\\|b")
    #expect(ProjectDocsRenderer.markdownInline("one\ntwo\r\nthree") == "one two  three")
    #expect(ProjectDocsRenderer.markdownInline("\\|") == "\\\\\\|")
    #expect(ProjectDocsRenderer.markdownInline("<b>*x*</b> [y](z)") == "\\<b\\>\\*x\\*\\</b\\> \\[y\\](z)")
    #expect(ProjectDocsRenderer.markdownInline("Acme Orders") == "Acme Orders")
  }

  @Test(arguments: [
    "Acme Orders", "Acme: Orders", "\"quoted\" # not a comment", "- a list?", "back\\slash", "two\nlines",
    "tab\there", "yes", "null", "123", "{a: b}", "&anchor *alias", "déjà vu ✓", "bell\u{7}",
    "line\u{2028}sep",
  ])
  func yamlStringRoundTrips(_ text: String) throws {
    let quoted = ProjectDocsRenderer.yamlString(text)
    #expect(!quoted.contains("\n"))
    let parsed = try Self.yaml("key: \(quoted)\n")
    #expect(parsed["key"] as? String == text, "\(quoted)")
  }

  @Test func singleLineRemovesBreaksAndControlCharacters() {
    #expect(ProjectDocsRenderer.singleLine("a\nb\rc\u{2028}d\u{0}e") == "a b c d e")
    #expect(ProjectDocsRenderer.singleLine("Acme Orders") == "Acme Orders")
  }

  @Test func aHostileProductNameStaysInItsPlace() throws {
    var blueprint = try RenderedExamples.blueprint("clinic-scheduling")
    blueprint.name = "Acme | \"Orders\": #1\n- injected: true\n<script>"
    blueprint.compliance = [.gdpr, .hipaa, .pci]
    let files = try Self.render(blueprint)
    let workflow = try Self.yaml(files[".github/workflows/ci.yml"])
    #expect(workflow["name"] as? String == "Acme | \"Orders\": #1 - injected: true <script> CI")
    #expect(workflow["injected"] == nil)
    let compose = try Self.yaml(files["docker-compose.yml"])
    #expect(compose["injected"] == nil)
    #expect(compose["name"] as? String == "clinic_scheduling")
    let readme = try #require(files["README.md"])
    #expect(readme.hasPrefix("# Acme \\| \"Orders\": \\#1 - injected: true \\<script\\>\n"))
    for (path, text) in files {
      for line in text.split(separator: "\n") where line.hasPrefix("#") && !path.hasSuffix(".md") {
        #expect(!line.contains("injected") || line.contains("#1 - injected"), "\(path): \(line)")
      }
    }
  }

  /// Every Markdown table row has as many cells as its header: user text never adds a column.
  @Test func markdownTablesKeepTheirColumns() throws {
    var hostile = try RenderedExamples.blueprint("clinic-scheduling")
    hostile.name = "A | B"
    hostile.compliance = [.gdpr, .hipaa, .pci]
    let stories = try Blueprint.parse(
      """
      name: "Pipes | Inc"
      stack: flask
      compliance: [gdpr]
      entities:
        - name: Note
          fields:
            - {name: label, type: string, default: "a|b"}
            - {name: body_notes, type: text}
          stories:
            - As a member | admin I can write notes
      """, path: "pipes.yaml")
    for blueprint in [try RenderedExamples.blueprint("acme-orders"), hostile, stories] {
      for (path, text) in try Self.render(blueprint) where path.hasSuffix(".md") {
        var columns: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
          guard line.hasPrefix("|") else {
            columns = nil
            continue
          }
          let count = Self.cellCount(String(line))
          if let columns {
            #expect(count == columns, "\(path): \(line)")
          } else {
            columns = count
          }
        }
      }
    }
  }

  /// The cells of a GitHub-flavoured Markdown table row: `|` not preceded by a backslash.
  static func cellCount(_ row: String) -> Int {
    var count = 0
    var escaped = false
    for character in row {
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        count += 1
      }
    }
    return count - 1
  }

  // MARK: Determinism

  @Test(arguments: RenderedExamples.names)
  func renderingIsDeterministicAndComplete(_ name: String) throws {
    let blueprint = try RenderedExamples.blueprint(name)
    let first = try Self.renderer(blueprint).render()
    let second = try Self.renderer(blueprint).render()
    #expect(first == second)
    for file in first {
      #expect(!file.contents.contains("{{"), "\(file.path) has an unrendered tag")
      #expect(file.contents.hasSuffix("\n") && !file.contents.hasSuffix("\n\n"), "\(file.path) ends badly")
      #expect(!file.contents.contains("\n\n\n"), "\(file.path) has a double blank line")
      #expect(!file.contents.contains(" \n"), "\(file.path) has trailing spaces")
    }
  }
}
