import Yams

/// The operations files and documents of a generated application: README, Dockerfile,
/// docker-compose.yml, the nginx configuration, the CI workflow, the tool settings, the ADRs and the
/// compliance documents (docs/generated-application.md), rendered from `Templates/project/`.
///
/// Decisions:
/// - Every value that comes from the blueprint's free text (the product's name, stories, string
///   defaults) is escaped for the file it lands in: `markdownInline` in Markdown, `yamlString` in
///   YAML, `singleLine` in comments. Identifiers (package, entity, field, role, enum and job names)
///   are validated by the loader and go in as they are.
/// - The YAML files are parsed after rendering; one that does not parse is a template bug and
///   fails the render instead of reaching the output.
/// - ADRs are numbered in a fixed order: the seven decisions every project has, the front end's,
///   then one per integration in the order stripe, sendgrid, celery (not the blueprint's order), so
///   reordering `integrations:` changes no file name.
/// - The personal-data inventory is derived from field names and types (`personalDataCategory`);
///   the documents say how, and leave what only the operator can decide as "Operator decision:" items.
struct ProjectDocsRenderer {
  typealias RenderError = FlaskProjectRenderer.RenderError

  let blueprint: Blueprint
  let schema: FlaskSchema

  func render() throws(RenderError) -> [GeneratedFile] {
    let view = projectView()
    var files: [GeneratedFile] = []
    func add(_ path: String, _ template: String, _ extra: [String: Any] = [:]) throws(RenderError) {
      files.append(
        try GeneratorTemplateLibrary.file(path, template: "project/" + template, view.merging(extra) { $1 }))
    }
    try add("README.md", "README.md")
    try add("Dockerfile", "Dockerfile")
    if blueprint.frontend == .nextjs {
      try add("frontend/Dockerfile", "frontend/Dockerfile")
    }
    try add("docker-compose.yml", "docker-compose.yml")
    try add("deploy/nginx.conf", "deploy/nginx.conf")
    try add(".github/workflows/ci.yml", "github/workflows/ci.yml")
    try add("pyproject.toml", "pyproject.toml")
    try add(".gitignore", "gitignore")
    try add(".dockerignore", "dockerignore")
    try add("docs/decisions/README.md", "decisions/README.md")
    for decision in decisions() {
      try add(
        "docs/decisions/" + decision.fileName, "decisions/" + decision.slug + ".md",
        ["number": String(decision.number), "title": decision.title])
    }
    let documents = complianceDocuments()
    if !documents.isEmpty {
      try add("docs/compliance/README.md", "compliance/README.md")
    }
    for document in documents {
      try add("docs/compliance/" + document.fileName, "compliance/" + document.fileName)
    }
    for file in files where file.path.hasSuffix(".yml") {
      _ = try Self.parseYAML(file.contents, path: file.path)
    }
    return files.sorted { $0.path < $1.path }
  }

  // MARK: Decisions and documents

  /// An architecture decision record: `docs/decisions/<NNNN>-<slug>.md` from the template
  /// `project/decisions/<slug>.md`.
  struct Decision: Equatable {
    let number: Int
    let slug: String
    let title: String

    var fileName: String { Self.fourDigits(number) + "-" + slug + ".md" }

    static func fourDigits(_ number: Int) -> String {
      let digits = String(number)
      return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
  }

  /// The ADRs of this blueprint, numbered from 1.
  func decisions() -> [Decision] {
    var entries: [(slug: String, title: String)] = [
      ("application-factory-and-layered-services", "Application factory and layered services"),
      ("postgresql-only", "PostgreSQL only, no SQLite fallback"),
      ("shared-schema-multi-tenancy", "Shared-schema multi-tenancy, scoped in the services"),
      ("jwt-in-httponly-cookies-with-csrf", "JWT in httpOnly cookies with CSRF double submit"),
      ("one-alembic-revision-per-table", "One Alembic revision per table"),
      ("openapi-document-as-contract", "The OpenAPI document is the API's contract"),
      ("rate-limiting", "Rate limits on the authentication endpoints"),
    ]
    if blueprint.frontend == .nextjs {
      entries.append(("nextjs-front-end-on-the-same-origin", "A Next.js front end on the API's origin"))
    }
    for integration in Blueprint.Integration.allCases where blueprint.has(integration) {
      switch integration {
      case .stripe:
        entries.append(
          ("stripe-billing-webhooks", "Stripe billing through signed webhooks and a state machine"))
      case .sendgrid:
        entries.append(("sendgrid-email", "Transactional email through SendGrid"))
      case .celery:
        entries.append(("celery-background-jobs", "Background jobs with Celery"))
      }
    }
    return entries.enumerated().map {
      Decision(number: $0.offset + 1, slug: $0.element.slug, title: $0.element.title)
    }
  }

  /// A compliance document: `docs/compliance/<fileName>` from `project/compliance/<fileName>`.
  struct ComplianceDocument: Equatable {
    let flag: Blueprint.Compliance
    let fileName: String
    let title: String
  }

  /// One document per compliance flag of the blueprint, in the order gdpr, hipaa, pci.
  func complianceDocuments() -> [ComplianceDocument] {
    Blueprint.Compliance.allCases.filter(blueprint.compliance.contains).map { flag in
      switch flag {
      case .gdpr:
        return ComplianceDocument(
          flag: flag, fileName: "gdpr-dpia.md", title: "GDPR data protection impact assessment")
      case .hipaa:
        return ComplianceDocument(
          flag: flag, fileName: "hipaa-risk-assessment.md", title: "HIPAA Security Rule risk assessment")
      case .pci:
        return ComplianceDocument(
          flag: flag, fileName: "pci-scope-statement.md", title: "PCI DSS scope statement")
      }
    }
  }

  // MARK: Personal data

  /// Why a field holds personal data, judged from its name and type.
  enum PersonalDataCategory: String, CaseIterable, Sendable {
    case health = "health (special category)"
    case insurance
    case credential
    case financial
    case identity
    case contact
    case freeText = "free text"
  }

  /// Name fragments that make a field personal data, checked in this order (the first match names
  /// the category). Fragments are matched anywhere in the lower snake case name (`date_of_birth`
  /// contains `birth`); `words` must equal one word of it (`ssn`, not the `ssn` of `classname`).
  static let personalDataRules: [(category: PersonalDataCategory, fragments: [String], words: [String])] = [
    (
      .health,
      [
        "medical", "health", "diagnos", "allerg", "medication", "prescription", "symptom", "treatment",
        "disabilit",
      ],
      []
    ),
    (.insurance, ["insurance"], []),
    (.credential, ["password"], []),
    (.financial, ["iban", "salary", "income", "bank_account"], []),
    (.identity, ["name", "birth", "gender", "passport", "national"], ["ssn", "dob"]),
    (.contact, ["email", "phone", "mobile", "address", "postcode", "postal"], []),
    (.freeText, ["note"], []),
  ]

  /// The category of personal data a field called `name` of type `kind` holds, with the reason,
  /// or nil when neither its name nor its type suggests personal data.
  static func personalDataCategory(name: String, kind: Field.Kind) -> (
    category: PersonalDataCategory, reason: String
  )? {
    let lower = name.lowercased()
    let words = Set(lower.split(separator: "_").map(String.init))
    for rule in personalDataRules {
      if let fragment = rule.fragments.first(where: { lower.contains($0) }) {
        return (rule.category, "name contains `\(fragment)`")
      }
      if let word = rule.words.first(where: { words.contains($0) }) {
        return (rule.category, "name has the word `\(word)`")
      }
      if rule.category == .contact && kind == .email {
        return (rule.category, "type `email`")
      }
    }
    return nil
  }

  /// A column of the generated schema that holds personal data.
  struct PersonalDataItem: Equatable, Sendable {
    let model: String
    let column: String
    let type: String
    let category: PersonalDataCategory
    let reason: String

    /// `Patient.date_of_birth`.
    var qualifiedName: String { model + "." + column }
  }

  /// The built-in models' personal data, whatever the blueprint: the accounts and invitations.
  static let builtInPersonalData: [PersonalDataItem] = [
    PersonalDataItem(
      model: "User", column: "email", type: "string(320)", category: .contact, reason: "the account's login"),
    PersonalDataItem(
      model: "User", column: "full_name", type: "string(160)", category: .identity,
      reason: "the account holder's name"),
    PersonalDataItem(
      model: "User", column: "password_hash", type: "string(255)", category: .credential,
      reason: "a one-way hash of the password"),
    PersonalDataItem(
      model: "Invitation", column: "email", type: "string(320)", category: .contact,
      reason: "the invited person's address"),
  ]

  /// Every column that holds personal data: the built-in models', then the entities' fields whose
  /// name or type suggests personal data, in blueprint order.
  func personalDataInventory() -> [PersonalDataItem] {
    var items = Self.builtInPersonalData
    for entity in blueprint.entities {
      for field in entity.fields {
        guard let found = Self.personalDataCategory(name: field.name, kind: field.kind) else { continue }
        items.append(
          PersonalDataItem(
            model: entity.name, column: field.column, type: Self.typeDescription(field),
            category: found.category, reason: found.reason))
      }
    }
    return items
  }

  /// An entity whose records are about people: it holds personal data itself, or refers (directly
  /// or through other entities) to one that does.
  struct DataSubjectRecord: Equatable, Sendable {
    let entity: String
    /// The entity's own personal-data columns.
    let personalColumns: [String]
    /// Refs to entities whose records are about people.
    let references: [Reference]
    /// Free text (`text`, `json`) columns not already classified: they may hold anything.
    let freeTextColumns: [String]

    /// `patient_id` → `Patient`.
    struct Reference: Equatable, Sendable {
      let column: String
      let target: String
    }
  }

  /// The entities whose records are about people, in blueprint order.
  func dataSubjectRecords() -> [DataSubjectRecord] {
    let inventory = personalDataInventory()
    var personal = Set(inventory.map(\.model)).intersection(blueprint.entities.map(\.name))
    // Reference chains of any length: grow the set until no entity joins it.
    var changed = true
    while changed {
      changed = false
      for entity in blueprint.entities where !personal.contains(entity.name) {
        if entity.fields.contains(where: { $0.kind == .ref && personal.contains($0.target ?? "") }) {
          personal.insert(entity.name)
          changed = true
        }
      }
    }
    return blueprint.entities.filter { personal.contains($0.name) }.map { entity in
      let own = inventory.filter { $0.model == entity.name }.map(\.column)
      return DataSubjectRecord(
        entity: entity.name, personalColumns: own,
        references: entity.fields.compactMap { field in
          guard field.kind == .ref, let target = field.target, personal.contains(target) else { return nil }
          return DataSubjectRecord.Reference(column: field.column, target: target)
        },
        freeTextColumns: entity.fields.filter {
          ($0.kind == .text || $0.kind == .json) && !own.contains($0.column)
        }.map(\.column))
    }
  }

  /// Fields whose names suggest payment card data, which would bring the application into PCI scope.
  func cardDataFields() -> [String] {
    let cardWords: Set<String> = ["card", "cards", "cardholder", "creditcard", "pan", "cvv", "cvc", "cvv2"]
    return blueprint.entities.flatMap { entity in
      entity.fields.filter { field in
        !cardWords.isDisjoint(with: field.name.split(separator: "_").map(String.init))
      }.map { entity.name + "." + $0.column }
    }
  }

  // MARK: Escaping

  /// `text` as one line of Markdown that renders as written, also inside a table cell: line breaks
  /// become spaces and the characters Markdown gives a meaning inline (`|` among them) are
  /// backslash-escaped.
  static func markdownInline(_ text: String) -> String {
    var result = ""
    for character in singleLine(text) {
      if "\\`*_[]<>|~#&!".contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }

  /// `text` as a YAML double-quoted scalar: backslashes, quotes, control characters and Unicode line
  /// breaks escaped, so any text stays one scalar whatever it contains (`:`, `#`, `- `, quotes).
  static func yamlString(_ text: String) -> String { BlockYAML.doubleQuoted(text) }

  /// `text` on one line, for a comment: every line break and control character becomes a space.
  static func singleLine(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      let isBreak =
        scalar.value < 0x20 || scalar.value == 0x7F || ["\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
      result.unicodeScalars.append(isBreak ? " " : scalar)
    }
    return result
  }

  /// `word` after "a" or "an", by its first letter: `an Appointment`, `a Patient`.
  static func withArticle(_ word: String) -> String {
    ("AEIOUaeiou".contains(word.first ?? "x") ? "an " : "a ") + word
  }

  /// The value of a rendered YAML file; throws when it does not parse.
  static func parseYAML(_ text: String, path: String) throws(RenderError) -> Any? {
    do {
      return try Yams.load(yaml: text)
    } catch {
      throw .template(.init(description: "the rendered \(path) is not valid YAML: \(error)"))
    }
  }

  // MARK: Views

  /// How a field's type reads in the documents: `string(120)`, `decimal(12, 2)`, `ref → Customer`.
  static func typeDescription(_ field: Field) -> String {
    switch field.kind {
    case .string: return "string(\(field.maxLength ?? 255))"
    case .email: return "email(\(field.maxLength ?? 320))"
    case .decimal: return "decimal(12, 2)"
    case .ref: return "ref → \(field.target ?? "")"
    default: return field.kind.rawValue
    }
  }

  /// The default value as a Markdown table cell.
  static func defaultDescription(_ field: Field) -> String {
    switch field.defaultValue {
    case .none: return ""
    case .string(let text): return field.kind == .enum ? "`\(text)`" : "\"" + markdownInline(text) + "\""
    case .integer(let number): return "`\(number)`"
    case .decimal(let text): return "`\(text)`"
    case .boolean(let flag): return "`\(flag)`"
    }
  }

  /// An operation of the HTTP API, as the README lists it.
  struct Operation: Equatable {
    let method: String
    let path: String
    let summary: String
    let access: String
    let answers: String
  }

  /// Every operation the application serves, read from its OpenAPI document's operations so the
  /// README and `openapi.yaml` cannot disagree.
  func operations() -> [Operation] {
    FlaskOpenAPI(blueprint: blueprint, schema: schema).operations().map { operation in
      let statuses = operation.responses.map(\.key)
      var access: String
      switch operation.access {
      case .anyone:
        access = operation.path == "/api/billing/webhook" ? "Stripe signature" : "public"
      case .accessCookie: access = "access cookie"
      case .accessCookieAndCSRF: access = "access cookie + CSRF"
      case .refreshCookieAndCSRF: access = "refresh cookie + CSRF"
      }
      if statuses.contains("403") { access += ", admin roles" }
      if statuses.contains("429") { access += ", rate-limited" }
      return Operation(
        method: operation.method.uppercased(), path: operation.path,
        summary: Self.markdownInline(operation.summary),
        access: access, answers: statuses.joined(separator: ", "))
    }
  }

  /// A setting of `.env.example`, as the README lists it.
  struct Setting: Equatable {
    let name: String
    let required: String
    let purpose: String
  }

  /// The settings the application reads (the variables `.env.example` names).
  func settings() -> [Setting] {
    let package = blueprint.package
    var result = [
      Setting(name: "FLASK_APP", required: "for the `flask` command", purpose: "`\(package)`"),
      Setting(name: "DATABASE_URL", required: "yes", purpose: "the PostgreSQL database (SQLite is refused)"),
      Setting(
        name: "TEST_DATABASE_URL", required: "for the tests",
        purpose: "a PostgreSQL database the test suite empties and migrates"),
      Setting(name: "SECRET_KEY", required: "yes", purpose: "signs Flask's own tokens; a long random value"),
      Setting(
        name: "JWT_SECRET_KEY", required: "yes", purpose: "signs the JWT cookies; another long random value"),
      Setting(
        name: "RATELIMIT_STORAGE_URI", required: "no",
        purpose: "where rate-limit counters live: `memory://` (default) or `redis://...` with several workers"
      ),
      Setting(
        name: "TRUSTED_PROXY_COUNT", required: "no",
        purpose: "reverse proxies in front that set `X-Forwarded-For`: 0 (default), 1 behind nginx"),
    ]
    if blueprint.has(.stripe) {
      result += [
        Setting(name: "STRIPE_SECRET_KEY", required: "for billing", purpose: "the Stripe API key"),
        Setting(
          name: "STRIPE_WEBHOOK_SECRET", required: "yes",
          purpose: "verifies the `Stripe-Signature` of webhook events"),
      ]
    }
    if blueprint.has(.sendgrid) {
      result += [
        Setting(
          name: "SENDGRID_API_KEY", required: "to send email",
          purpose: "the SendGrid API key; without it messages are logged, not sent"),
        Setting(name: "MAIL_FROM", required: "to send email", purpose: "the sender address of every message"),
      ]
    }
    if blueprint.has(.celery) {
      result += [
        Setting(
          name: "CELERY_BROKER_URL", required: "no",
          purpose: "the Celery broker (default `redis://localhost:6379/0`)"),
        Setting(name: "CELERY_RESULT_BACKEND", required: "no", purpose: "where Celery keeps task results"),
      ]
    }
    return result
  }

  /// The project's files and folders with what each holds, for the README's layout section.
  func layout() -> [(path: String, purpose: String)] {
    let package = blueprint.package
    let modules = blueprint.entities.map(\.names.module)
    var extensions = ["db", "migrate", "jwt", "limiter"]
    if blueprint.has(.celery) { extensions.append("celery") }
    if blueprint.has(.sendgrid) { extensions.append("mail") }
    var services = ["tenancy", "auth"] + modules
    var api = ["health", "auth"] + modules
    let models = schema.tables.map(\.names.module)
    var tests = ["conftest.py", "test_auth.py", "one test_<module>.py per entity"]
    if blueprint.has(.stripe) {
      services.append("billing")
      api.append("billing")
      tests.append("test_billing.py")
    }
    if blueprint.has(.sendgrid) { services.append("email") }
    var rows: [(String, String)] = [
      ("\(package)/__init__.py", "`create_app()`: settings, extensions, error handlers, blueprints"),
      ("\(package)/config.py", "settings from the environment; refuses a missing or SQLite `DATABASE_URL`"),
      ("\(package)/extensions.py", extensions.joined(separator: ", ")),
      ("\(package)/errors.py", "`APIError` and the JSON error handlers"),
      ("\(package)/models/", "one module per table: " + models.joined(separator: ", ")),
      ("\(package)/schemas/", "marshmallow schemas: auth, " + modules.joined(separator: ", ")),
      ("\(package)/services/", "business logic: " + services.joined(separator: ", ")),
      ("\(package)/api/", "HTTP blueprints: " + api.joined(separator: ", ")),
    ]
    if blueprint.has(.celery) {
      rows.append(
        ("\(package)/tasks.py", "Celery tasks: " + blueprint.jobs.map(\.name).joined(separator: ", ")))
    }
    rows += [
      ("migrations/", "Alembic (Flask-Migrate): one revision per table, one linear history"),
      ("openapi.yaml", "OpenAPI 3.1: every operation the API serves"),
      ("tests/", "pytest against PostgreSQL: " + tests.joined(separator: ", ")),
    ]
    if blueprint.frontend == .nextjs {
      rows.append(("frontend/", "Next.js (App Router, TypeScript) and its Dockerfile"))
    }
    rows += [
      ("Dockerfile", "the API's image: gunicorn as a non-root user"),
      ("docker-compose.yml", "the whole stack behind nginx"),
      (
        "deploy/nginx.conf",
        "routes `/api/` to the API" + (blueprint.frontend == .nextjs ? ", the rest to the front end" : "")
      ),
      (".github/workflows/ci.yml", "lint, tests against PostgreSQL, builds"),
      ("docs/decisions/", "architecture decision records"),
    ]
    if !blueprint.compliance.isEmpty {
      rows.append(("docs/compliance/", complianceDocuments().map(\.fileName).joined(separator: ", ")))
    }
    rows += [
      ("requirements.txt", "pinned Python dependencies"),
      ("pyproject.toml", "ruff and pytest settings"),
      (".env.example", "every setting, to copy to `.env`"),
    ]
    return rows
  }

  func projectView() -> [String: Any] {
    let tenant = EntityNames(blueprint.tenancy.modelName)
    let tenantColumn = blueprint.tenancy.column
    let adminRoles = blueprint.adminRoles
    let hasFrontend = blueprint.frontend == .nextjs
    let inventory = personalDataInventory()
    let records = dataSubjectRecords()
    let operations = operations()
    let layout = layout()
    let pathWidth = layout.map(\.path.count).max() ?? 0
    let enumTypes = schema.tables.flatMap { table in
      table.columns.compactMap { column -> [String: Any]? in
        guard case .enumeration(let name, _, let values) = column.type else { return nil }
        return ["name": name, "values": values.map { "`\($0)`" }.joined(separator: ", ")]
      }
    }
    let tables = schema.tables.map(\.names.table)
    let integrations = Blueprint.Integration.allCases.filter(blueprint.has)
    let documents = complianceDocuments()
    let healthEntities = Set(inventory.filter { $0.category == .health }.map(\.model))

    return [
      "nameMarkdown": Self.markdownInline(blueprint.name),
      "nameComment": Self.singleLine(blueprint.name),
      "workflowName": Self.yamlString(Self.singleLine(blueprint.name) + " CI"),
      "package": blueprint.package,
      "tenant": blueprint.tenancy.rawValue,
      "tenantUpper": blueprint.tenancy.rawValue.uppercased(),
      "aTenant": Self.withArticle(blueprint.tenancy.rawValue),
      "tenantTable": tenant.table,
      "tenantColumn": tenantColumn,
      "firstRole": blueprint.roles.first ?? "owner",
      "rolesList": blueprint.roles.map { "`\($0)`" }.joined(separator: ", "),
      "adminRolesList": adminRoles.map { "`\($0)`" }.joined(separator: " and "),
      "roles": blueprint.roles.enumerated().map { index, role -> [String: Any] in
        let may: String
        if index == 0 {
          may =
            "everything, deleting records included; given to whoever registers a new "
            + blueprint.tenancy.rawValue
        } else if adminRoles.contains(role) {
          may = "everything, deleting records included"
        } else {
          may = "list, read, create and update records; not delete them (403)"
        }
        return ["name": role, "may": may]
      },
      "hasFrontend": hasFrontend,
      "hasStripe": blueprint.has(.stripe),
      "hasSendgrid": blueprint.has(.sendgrid),
      "hasCelery": blueprint.has(.celery),
      "hasIntegrations": !integrations.isEmpty,
      "integrationsList": integrations.map { "`\($0.rawValue)`" }.joined(separator: ", "),
      "hasCompliance": !documents.isEmpty,
      "complianceDocuments": documents.map {
        ["fileName": $0.fileName, "title": $0.title, "flag": $0.flag.rawValue]
      },
      "decisions": decisions().map {
        ["fileName": $0.fileName, "title": $0.title, "number": String($0.number)]
      },
      "entityCount": String(blueprint.entities.count),
      "entitiesList": blueprint.entities.map(\.name).joined(separator: ", "),
      "entityTablesList": blueprint.entities.map { "`\($0.names.table)`" }.joined(separator: ", "),
      "entities": blueprint.entities.map(entityView),
      "operations": operations.map {
        [
          "method": $0.method, "path": $0.path, "summary": $0.summary, "access": $0.access,
          "answers": $0.answers,
        ]
      },
      "operationCount": String(operations.count),
      "settings": settings().map { ["name": $0.name, "required": $0.required, "purpose": $0.purpose] },
      "layout": layout.map { row in
        ["line": row.path + String(repeating: " ", count: pathWidth - row.path.count + 2) + row.purpose]
      },
      "tablesList": tables.map { "`\($0)`" }.joined(separator: ", "),
      "tableCount": String(tables.count),
      "enumTypes": enumTypes,
      "hasEnumTypes": !enumTypes.isEmpty,
      "uniqueConstraints": schema.tables.filter(\.isEntity).flatMap { table in
        table.uniqueConstraints.map {
          ["name": $0.name, "table": table.names.table, "columns": $0.columns.joined(separator: ", ")]
        }
      },
      "jobs": blueprint.jobs.map { job in
        [
          "name": job.name, "entity": job.entity,
          "table": blueprint.entity(named: job.entity)?.names.table ?? "",
        ]
      },
      "hasJobs": !blueprint.jobs.isEmpty,
      "jobsList": blueprint.jobs.map { "`\($0.name)` on \($0.entity)" }.joined(separator: ", "),
      "personalData": inventory.map { item -> [String: Any] in
        [
          "model": item.model, "column": item.column, "type": item.type, "category": item.category.rawValue,
          "reason": item.reason,
        ]
      },
      "dataSubjectRecords": records.map { record -> [String: Any] in
        let holds = record.personalColumns.map { "`\($0)`" }.joined(separator: ", ")
        let refers = record.references.map { "\($0.target) (`\($0.column)`)" }.joined(separator: ", ")
        let freeText = record.freeTextColumns.map { "`\($0)`" }.joined(separator: ", ")
        return [
          "entity": record.entity,
          "table": blueprint.entity(named: record.entity)?.names.table ?? "",
          "holds": holds.isEmpty ? "none directly" : holds,
          "refers": refers,
          "freeText": freeText,
        ]
      },
      "hasDataSubjectRecords": !records.isEmpty,
      "dataSubjectEntitiesList": records.map(\.entity).joined(separator: ", "),
      "healthEntitiesList": blueprint.entities.map(\.name).filter(healthEntities.contains).joined(
        separator: ", "),
      "hasHealthData": !healthEntities.isEmpty,
      "cardDataFields": cardDataFields().map { "`\($0)`" }.joined(separator: ", "),
      "hasCardDataFields": !cardDataFields().isEmpty,
    ]
  }

  func entityView(_ entity: Entity) -> [String: Any] {
    let names = entity.names
    return [
      "className": names.className,
      "table": names.table,
      "module": names.module,
      "collectionPath": names.collectionPath,
      "fields": entity.fields.map { field -> [String: Any] in
        var details: [String] = []
        if field.kind == .enum {
          details.append("one of " + field.values.map { "`\($0)`" }.joined(separator: ", "))
        }
        if field.kind == .ref {
          details.append(Self.withArticle(field.target ?? "") + " of the same \(blueprint.tenancy.rawValue)")
        }
        return [
          "name": field.name,
          "column": field.column,
          "type": Self.typeDescription(field),
          "required": field.required ? "yes" : "no",
          "unique": field.unique ? "per \(blueprint.tenancy.rawValue)" : "",
          "default": Self.defaultDescription(field),
          "details": details.joined(separator: "; "),
        ]
      },
      "stories": entity.stories.map { ["text": Self.markdownInline($0)] },
      "hasStories": !entity.stories.isEmpty,
    ]
  }
}
