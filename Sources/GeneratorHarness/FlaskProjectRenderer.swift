import Foundation

/// One file of a generated project: its path relative to the project folder and its text.
public struct GeneratedFile: Sendable, Equatable {
  public let path: String
  public let contents: String

  public init(path: String, contents: String) {
    self.path = path
    self.contents = contents
  }
}

/// Renders a blueprint into the files of a Flask application (stack `flask`) with the embedded
/// templates of `Templates/flask/`: the application factory, configuration and extensions, the
/// models, the Alembic migrations, `openapi.yaml`, `requirements.txt` and `.env.example`.
///
/// Every name comes from the blueprint's derived names (`EntityNames`, `Field.column`, the
/// tenancy's model and column); the schema (`FlaskSchema`) feeds both the models and the
/// migrations. The output is sorted by path and depends on nothing but the blueprint.
public struct FlaskProjectRenderer: Sendable {
  public let blueprint: Blueprint
  public let schema: FlaskSchema

  /// Why a blueprint could not be rendered.
  public enum RenderError: Error, Equatable, CustomStringConvertible {
    case cycle(FlaskSchema.ReferenceCycle)
    case template(GeneratorTemplateLibrary.TemplateError)

    public var description: String {
      switch self {
      case .cycle(let cycle): return cycle.description
      case .template(let error): return error.description
      }
    }
  }

  public init(blueprint: Blueprint) throws(RenderError) {
    self.blueprint = blueprint
    do {
      schema = try FlaskSchema(blueprint)
    } catch {
      throw .cycle(error)
    }
  }

  /// A pinned requirement; `integration` is the integration that needs it (nil: every project).
  public struct Requirement: Sendable, Equatable {
    public let name: String
    public let version: String
    public let integration: Blueprint.Integration?
  }

  /// Every pinned requirement any project may have: versions that install together on Python 3.11
  /// and later.
  public static let allRequirements: [Requirement] = [
    Requirement(name: "alembic", version: "1.16.5", integration: nil),
    Requirement(name: "celery", version: "5.5.3", integration: .celery),
    Requirement(name: "Flask", version: "3.1.3", integration: nil),
    Requirement(name: "Flask-JWT-Extended", version: "4.7.1", integration: nil),
    Requirement(name: "Flask-Limiter", version: "3.12", integration: nil),
    Requirement(name: "Flask-Migrate", version: "4.1.0", integration: nil),
    Requirement(name: "Flask-SQLAlchemy", version: "3.1.1", integration: nil),
    Requirement(name: "gunicorn", version: "23.0.0", integration: nil),
    Requirement(name: "marshmallow", version: "3.26.1", integration: nil),
    Requirement(name: "psycopg[binary]", version: "3.2.10", integration: nil),
    Requirement(name: "pytest", version: "8.4.2", integration: nil),
    Requirement(name: "redis", version: "6.4.0", integration: nil),
    Requirement(name: "sendgrid", version: "6.12.5", integration: .sendgrid),
    Requirement(name: "SQLAlchemy", version: "2.0.45", integration: nil),
    Requirement(name: "stripe", version: "13.0.1", integration: .stripe),
  ]

  /// The pinned requirements of `blueprint`'s project: the common ones and its integrations'.
  public static func requirements(for blueprint: Blueprint) -> [Requirement] {
    allRequirements.filter { $0.integration.map(blueprint.has) ?? true }
  }

  /// Every file, sorted by path: the back end, its OpenAPI document, the front end, and the
  /// operations files and documents.
  public func render() throws(RenderError) -> [GeneratedFile] {
    var files = try backendFiles()
    files.append(
      GeneratedFile(
        path: "openapi.yaml", contents: FlaskOpenAPI(blueprint: blueprint, schema: schema).render()))
    if blueprint.frontend == .nextjs {
      files += try NextjsRenderer(blueprint: blueprint, schema: schema).render()
    }
    files += try ProjectDocsRenderer(blueprint: blueprint, schema: schema).render()
    return files.sorted { $0.path < $1.path }
  }

  /// The Flask application, its migrations, requirements and settings.
  func backendFiles() throws(RenderError) -> [GeneratedFile] {
    let package = blueprint.package
    let common = commonView()
    var files: [GeneratedFile] = []
    func add(_ path: String, _ template: String, _ view: [String: Any]) throws(RenderError) {
      files.append(try GeneratorTemplateLibrary.file(path, template: "flask/" + template, view))
    }
    try add(package + "/__init__.py", "package/__init__.py", common)
    try add(package + "/config.py", "package/config.py", common)
    try add(package + "/extensions.py", "package/extensions.py", common)
    try add(package + "/models/__init__.py", "package/models/__init__.py", common)
    for table in schema.tables {
      let template =
        table.isEntity
        ? "entity.py"
        : ["users": "user.py", "roles": "role.py"][table.names.table] ?? "\(table.names.module).py"
      let isTenant = table.names.className == blueprint.tenancy.modelName
      try add(
        package + "/models/" + table.names.module + ".py",
        "package/models/" + (isTenant ? "tenant.py" : template), common.merging(modelView(table)) { $1 })
    }
    try add(package + "/errors.py", "package/errors.py", common)
    try add(package + "/api/__init__.py", "package/api/__init__.py", common)
    try add(package + "/api/common.py", "package/api/common.py", common)
    try add(package + "/api/health.py", "package/api/health.py", common)
    try add(package + "/api/auth.py", "package/api/auth.py", common)
    try add(package + "/schemas/__init__.py", "package/schemas/__init__.py", common)
    try add(package + "/schemas/auth.py", "package/schemas/auth.py", common)
    try add(package + "/services/__init__.py", "package/services/__init__.py", common)
    try add(package + "/services/tenancy.py", "package/services/tenancy.py", common)
    try add(package + "/services/auth.py", "package/services/auth.py", common)
    try add(package + "/services/notifications.py", "package/services/notifications.py", common)
    try add(package + "/services/members.py", "package/services/members.py", common)
    try add(package + "/schemas/members.py", "package/schemas/members.py", common)
    try add(package + "/api/members.py", "package/api/members.py", common)
    try add("tests/test_members.py", "tests/test_members.py", common)
    try add("tests/__init__.py", "tests/__init__.py", common)
    try add("tests/conftest.py", "tests/conftest.py", common)
    let entityViews = blueprint.entities.map { FlaskEntityView(entity: $0, blueprint: blueprint).view }
    try add(
      "tests/factories.py", "tests/factories.py", common.merging(["factoryEntities": entityViews]) { $1 })
    try add("tests/test_auth.py", "tests/test_auth.py", common)
    for (entity, entityView) in zip(blueprint.entities, entityViews) {
      let view = common.merging(entityView) { $1 }
      let module = entity.names.module
      try add(package + "/api/\(module).py", "package/api/entity.py", view)
      try add(package + "/schemas/\(module).py", "package/schemas/entity.py", view)
      try add(package + "/services/\(module).py", "package/services/entity.py", view)
      try add("tests/test_\(module).py", "tests/test_entity.py", view)
    }
    if blueprint.has(.stripe) {
      try add(package + "/api/billing.py", "package/api/billing.py", common)
      try add(package + "/schemas/billing.py", "package/schemas/billing.py", common)
      try add(package + "/services/billing.py", "package/services/billing.py", common)
      try add("tests/test_billing.py", "tests/test_billing.py", common)
    }
    if blueprint.has(.sendgrid) {
      try add(package + "/services/email.py", "package/services/email.py", common)
    }
    if blueprint.has(.celery) {
      let view = common.merging(jobsView()) { $1 }
      try add(package + "/tasks.py", "package/tasks.py", view)
      if !blueprint.jobs.isEmpty { try add("tests/test_jobs.py", "tests/test_jobs.py", view) }
    }
    try add("migrations/alembic.ini", "migrations/alembic.ini", common)
    try add("migrations/env.py", "migrations/env.py", common)
    try add("migrations/script.py.mako", "migrations/script.py.mako", common)
    for revision in revisions() {
      try add(
        "migrations/versions/" + revision.fileName, "migrations/versions/create_table.py",
        common.merging(revision.view) { $1 })
    }
    try add("requirements.txt", "requirements.txt", common)
    try add(".env.example", "env.example", common)
    return files
  }

  /// Writes every file into `folder` (each path checked by its rules).
  public func write(into folder: OutputFolder) throws {
    for file in try render() {
      try folder.write(Data(file.contents.utf8), to: file.path)
    }
  }

  // MARK: Views

  func commonView() -> [String: Any] {
    let admins = blueprint.adminRoles
    // A role without administrative rights, when the blueprint has one.
    let memberRole = blueprint.roles.first { !admins.contains($0) }
    let tenant = EntityNames(blueprint.tenancy.modelName)
    return [
      "name": blueprint.name,
      "package": blueprint.package,
      "tenantClass": tenant.className,
      "tenantModule": tenant.module,
      "tenantTable": tenant.table,
      "tenantColumn": blueprint.tenancy.column,
      "models": schema.tables.map { ["className": $0.names.className, "module": $0.names.module] },
      "requirements": Self.requirements(for: blueprint).map { ["name": $0.name, "version": $0.version] },
      "tenantName": blueprint.tenancy.rawValue,
      "ownerRole": blueprint.roles.first ?? "owner",
      "adminRoles": admins.map(pythonString).joined(separator: ", ") + (admins.count == 1 ? "," : ""),
      "memberRole": memberRole ?? "",
      "hasMemberRole": memberRole != nil,
      "inviteRole": memberRole ?? blueprint.roles.first ?? "owner",
      "roleList": blueprint.roles.map(pythonString).joined(separator: ", "),
      "entities": blueprint.entities.map { ["module": $0.names.module, "className": $0.names.className] },
      "sortedModels": schema.tables.map { ["className": $0.names.className, "module": $0.names.module] }
        .sorted { ($0["module"] ?? "") < ($1["module"] ?? "") },
      "apiModules": Self.importList(
        ["auth", "health", "members"] + blueprint.entities.map(\.names.module)
          + (blueprint.has(.stripe) ? ["billing"] : [])),
      "authModelImports": Self.importList(["Membership", "Role", "User", tenant.className]),
      "billingModelImports": Self.importList(["Subscription", tenant.className]),
      "taskModelImports": Self.importList(
        ["Membership", "Role", "User"]
          + blueprint.jobs.compactMap { blueprint.entity(named: $0.entity)?.name }),
      "firstCollectionPath": blueprint.entities.first?.names.collectionPath ?? "/api/health",
      "stripe": blueprint.has(.stripe),
      "sendgrid": blueprint.has(.sendgrid),
      "celery": blueprint.has(.celery),
    ]
  }

  /// Names for one `from ... import` line, deduplicated in isort's order (constants, classes, then
  /// functions and modules, each alphabetical), as ruff's import check wants them.
  static func importList(_ names: [String]) -> String {
    func rank(_ name: String) -> Int {
      if name == name.uppercased() && name.count > 1 { return 0 }
      return name.first?.isUppercase == true ? 1 : 2
    }
    return Set(names).sorted { (rank($0), $0) < (rank($1), $1) }.joined(separator: ", ")
  }

  /// The Celery tasks: one per job, each with the addresses it notifies (an email field of the
  /// record, else of a record it refers to, else the tenant's administrators).
  func jobsView() -> [String: Any] {
    let tenantColumn = blueprint.tenancy.column
    var models: Set<String> = []
    var schemas: [String: String] = [:]
    let jobs = blueprint.jobs.compactMap { job -> [String: Any]? in
      guard let entity = blueprint.entity(named: job.entity) else { return nil }
      let names = entity.names
      models.insert(names.className)
      schemas[names.module] = names.className
      let variable = names.singular
      var recipients = "admin_addresses(\(tenantColumn))"
      var recipientsText = "the \(blueprint.tenancy.rawValue)'s administrators"
      if let email = entity.fields.first(where: { $0.kind == .email }) {
        recipients = "[\(variable).\(email.name)]"
        recipientsText = "the \(Naming.words(email.name).joined(separator: " ")) of the record"
      } else {
        for ref in entity.fields where ref.kind == .ref {
          guard let target = blueprint.entity(named: ref.target ?? ""),
            let email = target.fields.first(where: { $0.kind == .email })
          else { continue }
          recipients = "[\(variable).\(ref.name).\(email.name)] if \(variable).\(ref.name) else []"
          recipientsText =
            "the \(Naming.words(email.name).joined(separator: " ")) of its \(Naming.words(ref.name).joined(separator: " "))"
          break
        }
      }
      return [
        "name": job.name, "className": names.className, "singular": variable, "module": names.module,
        "human": Naming.words(entity.name).joined(separator: " "),
        "title": Naming.words(job.name).joined(separator: " ").capitalizedFirst,
        "recipients": recipients, "recipientsText": recipientsText,
        "hasEmailRecipient": !recipients.hasPrefix("admin_addresses"),
      ]
    }
    return [
      "jobs": jobs,
      "firstJob": jobs.first ?? [:],
      "jobModels": models.sorted(),
      "jobSchemas": schemas.keys.sorted().map { ["module": $0, "className": schemas[$0] ?? ""] },
      "jobImports": blueprint.jobs.map(\.name).sorted().joined(separator: ", "),
      "factoryImports": schemas.keys.sorted().map { "create_" + $0 }.joined(separator: ", "),
    ]
  }

  func modelView(_ table: FlaskSchema.Table) -> [String: Any] {
    let relationships = table.relationships.filter {
      !(table.isEntity && $0.column == blueprint.tenancy.column)
    }
    return [
      "className": table.names.className,
      "table": table.names.table,
      "columns": table.columns.map { ["name": $0.name, "expression": $0.modelExpression] },
      "uniqueConstraints": table.uniqueConstraints.map {
        ["name": $0.name, "columns": $0.columns.map(pythonString).joined(separator: ", ")]
      },
      "hasTableArgs": !table.uniqueConstraints.isEmpty,
      "relationships": relationships.map {
        [
          "attribute": $0.attribute, "targetClass": $0.targetClass, "column": $0.column,
          "isSelfReference": $0.isSelfReference,
        ]
      },
      "enums": table.enums.map { type in
        [
          "pythonClass": type.pythonClass,
          "members": type.values.map { ["member": $0.uppercased(), "value": $0] },
        ]
      },
      "hasEnums": !table.enums.isEmpty,
      "usesDecimal": table.columns.contains {
        if case .decimal = $0.defaultValue { return true }
        return false
      },
    ]
  }

  /// One migration per table, in schema order, each revising the one before.
  func revisions() -> [(fileName: String, view: [String: Any])] {
    var previous: String?
    var result: [(fileName: String, view: [String: Any])] = []
    for (index, table) in schema.tables.enumerated() {
      let number = String(index + 1)
      let ordinal = String(repeating: "0", count: max(0, 4 - number.count)) + number
      let revision = Self.revisionID(ordinal + "_create_" + table.names.table)
      let enums = table.columns.compactMap { column -> String? in
        if case .enumeration(let name, _, _) = column.type { return name }
        return nil
      }
      var view: [String: Any] = [
        "revision": revision,
        "downRevision": previous.map(pythonString) ?? "None",
        "revises": previous ?? "(none: the first revision)",
        "table": table.names.table,
        "columns": table.columns.map { ["expression": $0.migrationExpression] },
        "foreignKeys": table.foreignKeys.map {
          [
            "column": $0.column, "targetTable": $0.targetTable, "name": $0.name, "onDelete": $0.onDelete,
          ]
        },
        "uniqueConstraints": table.uniqueConstraints.map {
          ["name": $0.name, "columns": $0.columns.map(pythonString).joined(separator: ", ")]
        },
        "indexes": table.indexedColumns.map {
          ["name": "ix_\(table.names.table)_\($0.name)", "column": $0.name]
        },
        "enumTypes": enums.map { ["typeName": $0] },
        "hasEnumTypes": !enums.isEmpty,
        "isRoles": table.names.table == "roles",
      ]
      if table.names.table == "roles" {
        view["seedRoles"] = blueprint.roles.map { ["name": $0] }
      }
      result.append((ordinal + "_create_" + table.names.table + ".py", view))
      previous = revision
    }
    return result
  }

  /// A 12-hex-digit revision id derived from the revision's file stem (FNV-1a, 64 bits).
  static func revisionID(_ stem: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in stem.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
  }
}

extension String {
  /// The string with its first character upper-cased (`Send invoice email`).
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
