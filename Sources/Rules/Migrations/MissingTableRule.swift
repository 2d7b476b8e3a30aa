import ArchCore
import PyAnalysis

/// `migrations/missing-table`: a table the models map to that the Alembic history does not leave
/// in place. A model's table (its `__tablename__`, or the name its library derives) that no revision
/// creates with `op.create_table` (renames followed), or that a later revision drops or renames
/// away, is reported at the model class; models that share a table (single-table inheritance) are
/// reported once, at the model that owns it. Association tables (`db.Table("tags_posts", ...)`) are
/// checked too and reported at their statement; reflected tables (`autoload_with=`) are not. When
/// the project has models but no Alembic `versions/` folder, one finding at the first model in path
/// order says so. A table counts as created when any Alembic environment creates it. Tables no
/// revision creates are not reported when the history starts from a schema made outside Alembic
/// (it alters tables it never creates) or when a `create_table` names a table the analysis cannot
/// read.
public struct MissingTableRule: SemanticRule {
  public static let id = "migrations/missing-table"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let tables = Self.mappedTables(project)
    guard !tables.isEmpty else { return [] }
    let migrations = Self.history(project)
    guard migrations.hasVersionsFolder else { return [Self.noVersionsFolder(project, tables)] }
    // A history that alters tables it never creates starts from a schema made outside Alembic, which
    // may hold any table no revision creates.
    let hasBaseline = !migrations.baselineTables.isEmpty
    let unresolved = migrations.unresolvedOperations
    return tables.compactMap { table in
      let names = table.migratedNames(in: migrations.schema)
      guard !names.contains(where: migrations.schema.hasTable) else { return nil }
      let cause = Self.absence(of: table.qualifiedName, as: names.first.flatMap(migrations.schema.table))
      if cause.neverCreated
        && (hasBaseline
          || unresolved.contains { operation in
            (names + [table.name]).contains(where: operation.mayCreate(table:))
          })
      {
        return nil
      }
      return RuleHit(
        ruleId: Self.id, path: table.path, offset: table.offset,
        message: "\(table.subject) \(cause.text); \(cause.remedy)")
    }
  }

  /// The project's Alembic history: its `versions/` folders, else the revisions found in any
  /// folder (an `alembic.ini` whose `version_locations` names another folder).
  static func history(_ project: ProjectFacts) -> MigrationHistory {
    if project.migrations.hasVersionsFolder { return project.migrations }
    return MigrationHistory(
      files: project.pythonApplicationFiles.map { (path: $0.file.path, file: $0.python) }, anyFolder: true)
  }

  /// The one finding of a project with models but no migrations, at its first model class (or its
  /// first association table when it has no model class).
  static func noVersionsFolder(_ project: ProjectFacts, _ tables: [MappedTable]) -> RuleHit {
    let first = project.models.concreteModels.first.map { ($0.path, $0.offset) }
    let place = first ?? (tables[0].path, tables[0].offset)
    let names = tables.map { "`\($0.name)`" }
    let listed =
      names.count <= 3
      ? names.joined(separator: ", ")
      : names.prefix(3).joined(separator: ", ")
        + " and \(names.count - 3) more"
    return RuleHit(
      ruleId: id, path: place.0, offset: place.1,
      message: "the project maps ORM models to tables (\(listed)) but has no Alembic `versions/` folder "
        + "with revisions, so no migration creates them; set up migrations (`alembic init migrations`, "
        + "or `flask db init` with Flask-Migrate) and generate the first revision with "
        + "`alembic revision --autogenerate` (`flask db migrate`)")
  }

  /// Why the replayed history does not hold table `name`, given what it did to a table of that name
  /// (which does not exist); `neverCreated` when no revision creates it (rather than one dropping or
  /// renaming it).
  static func absence(of name: String, as table: MigratedTable?) -> (
    text: String, remedy: String, neverCreated: Bool
  ) {
    let generate =
      "generate a revision that creates it (`alembic revision --autogenerate`, `flask db migrate`)"
    let neverCreated = (
      "is created by no Alembic revision (no `op.create_table(\"\(name)\", ...)`)", generate, true
    )
    guard let table, table.created != nil else { return neverCreated }
    if let dropped = table.dropped {
      return (
        "is dropped by revision `\(dropped.revision)` (\(dropped.path))",
        "remove the model or \(generate) again", false
      )
    }
    if let rename = table.renamedAway {
      return (
        "is renamed to `\(rename.to)` by revision `\(rename.site.revision)` (\(rename.site.path))",
        "map the model to `\(rename.to)` or \(generate)", false
      )
    }
    return neverCreated
  }

  // MARK: Mapped tables

  /// A table the application maps: by concrete models (several under single-table inheritance)
  /// and/or by a module-level `Table(...)`.
  struct MappedTable {
    let name: String
    /// The schema given by `__table_args__ = {"schema": ...}` or `Table(..., schema=...)`, when
    /// written as a literal.
    let schema: String?
    /// The concrete models stored in it, the one that owns it (shares no other's table) first.
    let models: [ORMModel]
    /// The association table declared with `Table(...)`, if any.
    let table: ORMTable?

    /// Where findings about the whole table go: the owning model's class, else the `Table(...)`
    /// statement.
    var path: String { models.first?.path ?? table?.path ?? "" }
    var offset: Int { models.first?.offset ?? table?.offset ?? 0 }

    /// The name as messages show it: `schema.table` when the schema is known.
    var qualifiedName: String { schema.map { "\($0).\(name)" } ?? name }

    /// `table \`x\` of model \`M\``, for messages.
    var subject: String {
      if models.isEmpty { return "table `\(qualifiedName)` (declared with `Table(...)`)" }
      let names = models.map { "`\($0.name)`" }.joined(separator: ", ")
      return "table `\(qualifiedName)` of model\(models.count == 1 ? "" : "s") \(names)"
    }

    /// The names the revisions may give this table, among those they touch: `schema.table` or the
    /// bare name when the schema is known; else the bare name, or failing that every `*.table`
    /// (a schema set by a function the analysis does not evaluate).
    func migratedNames(in schema: MigrationSchema) -> [String] {
      if let owner = self.schema {
        return ["\(owner).\(name)", name].filter { schema.table($0) != nil }
      }
      if schema.table(name) != nil { return [name] }
      return schema.tables.keys.filter { $0.hasSuffix("." + name) }.sorted()
    }
  }

  /// The tables the application's models and `Table(...)` statements map, in the order they first
  /// appear (path order, then source order). Models whose table name is computed at run time, and
  /// tables reflected from the database (`autoload_with=`), are left out.
  static func mappedTables(_ project: ProjectFacts) -> [MappedTable] {
    var files: [String: PythonFile] = [:]
    for item in project.pythonApplicationFiles { files[item.file.path] = item.python }
    struct Key: Hashable {
      let schema: String?
      let name: String
    }
    var order: [Key] = []
    var models: [Key: [ORMModel]] = [:]
    var declared: [Key: ORMTable] = [:]
    for model in project.models.concreteModels {
      guard let name = model.tableName else { continue }
      let options = tableOptions(model, in: files[model.path])
      guard !options.reflected else { continue }
      let key = Key(schema: options.schema, name: name)
      if models[key] == nil && declared[key] == nil { order.append(key) }
      models[key, default: []].append(model)
    }
    for table in project.models.tables {
      let options = tableOptions(table, in: files[table.path])
      let key = Key(schema: options.schema, name: table.name)
      guard declared[key] == nil, !options.reflected else { continue }
      if models[key] == nil { order.append(key) }
      declared[key] = table
    }
    return order.map { key in
      var mapped = models[key] ?? []
      if let owner = mapped.firstIndex(where: { $0.sharesTableWith == nil }), owner > 0 {
        mapped.insert(mapped.remove(at: owner), at: 0)
      }
      return MappedTable(name: key.name, schema: key.schema, models: mapped, table: declared[key])
    }
  }

  /// Whether a model's `__table__` or `__table_args__` reflects its table from the database, and
  /// the schema they give it.
  static func tableOptions(_ model: ORMModel, in file: PythonFile?) -> (reflected: Bool, schema: String?) {
    guard let file else { return (false, nil) }
    var moduleValues: [String: PyValue] = [:]
    for assignment in file.assignments where assignment.function == nil && assignment.classIndex == nil {
      guard let value = assignment.value else { continue }
      for target in assignment.targets {
        if case .name(let name) = target.expr { moduleValues[name] = value }
      }
    }
    var result: (reflected: Bool, schema: String?) = (false, nil)
    for assignment in file.assignments
    where assignment.classIndex == model.classIndex && assignment.function == nil {
      guard var value = assignment.value,
        assignment.targets.contains(where: {
          $0.expr == .name("__table__") || $0.expr == .name("__table_args__")
        })
      else { continue }
      if case .name(let variable) = value.expr, let table = moduleValues[variable] { value = table }
      result.reflected = result.reflected || reflects(value)
      result.schema = result.schema ?? schema(in: value)
    }
    return result
  }

  /// Whether the `Table(...)` statement of `table` reflects it from the database, and its schema.
  static func tableOptions(_ table: ORMTable, in file: PythonFile?) -> (reflected: Bool, schema: String?) {
    guard let value = file?.assignments.first(where: { $0.range.lowerBound == table.offset })?.value
    else { return (false, nil) }
    return (reflects(value), schema(in: value))
  }

  /// The `schema` of `{"schema": "x"}`, of a `(..., {"schema": "x"})` tuple or of a
  /// `Table(..., schema="x")` call.
  static func schema(in value: PyValue) -> String? {
    switch value.expr {
    case .dict(let pairs):
      return pairs.first { $0.key?.stringLiteral == "schema" }?.value.stringLiteral
    case .sequence(let items):
      guard let last = items.last, case .dict = last.expr else { return nil }
      return schema(in: last)
    case .call(let call):
      return call.keyword("schema")?.value.stringLiteral
    default:
      return nil
    }
  }

  /// Whether a value passes `autoload_with=`/`autoload=True`, as a keyword or a dict key.
  static func reflects(_ value: PyValue) -> Bool {
    let keys: Set<String> = ["autoload_with", "autoload"]
    return value.contains { nested in
      switch nested.expr {
      case .call(let call):
        return call.keywords.contains { keys.contains($0.name) && $0.value.expr != .bool(false) }
      case .dict(let pairs):
        return pairs.contains { pair in
          pair.key?.stringLiteral.map(keys.contains) == true && pair.value.expr != .bool(false)
        }
      default:
        return false
      }
    }
  }
}
