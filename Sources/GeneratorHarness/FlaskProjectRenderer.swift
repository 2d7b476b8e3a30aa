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

  /// The pinned requirements: versions that install together on Python 3.11 and later.
  public static let requirements: [(name: String, version: String)] = [
    ("alembic", "1.16.5"),
    ("Flask", "3.1.3"),
    ("Flask-JWT-Extended", "4.7.1"),
    ("Flask-Limiter", "3.12"),
    ("Flask-Migrate", "4.1.0"),
    ("Flask-SQLAlchemy", "3.1.1"),
    ("gunicorn", "23.0.0"),
    ("marshmallow", "3.26.1"),
    ("psycopg[binary]", "3.2.10"),
    ("pytest", "8.4.2"),
    ("SQLAlchemy", "2.0.45"),
  ]

  /// Every file, sorted by path.
  public func render() throws(RenderError) -> [GeneratedFile] {
    let package = blueprint.package
    let common = commonView()
    var files: [GeneratedFile] = []
    func add(_ path: String, _ template: String, _ view: [String: Any]) throws(RenderError) {
      do {
        let text = try GeneratorTemplateLibrary.render(view, template: "flask/" + template)
        files.append(GeneratedFile(path: path, contents: text))
      } catch {
        throw .template(error)
      }
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
    try add("migrations/alembic.ini", "migrations/alembic.ini", common)
    try add("migrations/env.py", "migrations/env.py", common)
    try add("migrations/script.py.mako", "migrations/script.py.mako", common)
    for revision in revisions() {
      try add(
        "migrations/versions/" + revision.fileName, "migrations/versions/create_table.py",
        common.merging(revision.view) { $1 })
    }
    try add("openapi.yaml", "openapi.yaml", common)
    try add("requirements.txt", "requirements.txt", common)
    try add(".env.example", "env.example", common)
    return files.sorted { $0.path < $1.path }
  }

  /// Writes every file into `folder` (each path checked by its rules).
  public func write(into folder: OutputFolder) throws {
    for file in try render() {
      try folder.write(Data(file.contents.utf8), to: file.path)
    }
  }

  // MARK: Views

  func commonView() -> [String: Any] {
    let tenant = EntityNames(blueprint.tenancy.modelName)
    return [
      "name": blueprint.name,
      "package": blueprint.package,
      "tenantClass": tenant.className,
      "tenantModule": tenant.module,
      "tenantTable": tenant.table,
      "tenantColumn": blueprint.tenancy.column,
      "models": schema.tables.map { ["className": $0.names.className, "module": $0.names.module] },
      "requirements": Self.requirements.map { ["name": $0.name, "version": $0.version] },
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
