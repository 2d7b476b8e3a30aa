import ArchCore

/// The ORM models and module-level tables of a project, built once per run from the application's
/// Python modules (their `PythonFile` facts; no tree is walked).
///
/// Models are classes mapped by Flask-SQLAlchemy (`db.Model`, where `db` is bound to
/// `SQLAlchemy(...)` or imported as `db`), SQLAlchemy declarative (a base from `declarative_base()`,
/// `registry().generate_base()`, `@as_declarative()`, or a subclass of `DeclarativeBase`), or
/// SQLModel (`table=True`). Base classes are followed through imports between project modules
/// (absolute, relative, aliased, star imports), else by a class name unique in the project, so a
/// model gets the columns of its mixins, abstract bases and SQLModel schemas. Bases from
/// `automap_base()` are not followed: their classes reflect tables rather than declare them. Alembic
/// revisions and modules in a migrations folder are left out.
public struct ModelCatalog: Sendable {
  /// Every model class, abstract ones included, in path order and then source order.
  public let models: [ORMModel]
  /// Tables declared at module level with `Table("name", ...)` or `db.Table("name", ...)`
  /// (association tables), in path order and then source order. They are not models.
  public let tables: [ORMTable]
  /// The accepted tenant column names (`AnalysisSettings.tenantColumns`), for messages.
  public let tenantColumnNames: [String]

  private let globalModelNames: Set<String>
  private let modelsByName: [String: [Int]]
  private let modelsByTable: [String: [Int]]
  /// For each module path, the names it binds to a model (its own classes and imports) or, with
  /// nil, to something else that shadows a model of that name.
  private let modelBindings: [String: [String: Int?]]
  /// For each module path, its local names for project modules (`import app.models as m`).
  private let moduleAliases: [String: [String: String]]

  /// Builds the catalogue of the given modules (the project's application files).
  public init(modules: [(path: String, file: PythonFile)], settings: AnalysisSettings) {
    self.init(graph: ModuleGraph(files: modules), settings: settings)
  }

  /// Builds the catalogue of the modules of `graph` (the project's application files), resolving
  /// names between them as the graph does.
  public init(graph: ModuleGraph, settings: AnalysisSettings) {
    let discovery = ModelDiscovery(graph: graph, settings: settings)
    models = discovery.models
    tables = discovery.tables
    tenantColumnNames = settings.tenantColumns
    globalModelNames = Set(settings.globalModels)
    var byName: [String: [Int]] = [:]
    var byTable: [String: [Int]] = [:]
    for (index, model) in discovery.models.enumerated() {
      byName[model.name, default: []].append(index)
      if let table = model.tableName, !model.isAbstract { byTable[table, default: []].append(index) }
    }
    modelsByName = byName
    modelsByTable = byTable
    modelBindings = discovery.modelBindings
    moduleAliases = discovery.moduleAliases
  }

  /// An empty catalogue.
  public init() {
    self.init(modules: [], settings: AnalysisSettings())
  }

  /// Models that are mapped to a table: every model but the abstract ones.
  public var concreteModels: [ORMModel] { models.filter { !$0.isAbstract } }

  /// Models with a tenant column, declared or inherited, in path order.
  public var tenantScopedModels: [ORMModel] { models.filter(\.isTenantScoped) }

  /// Whether any model has a tenant column: a project without one is not multi-tenant.
  public var hasTenantScopedModel: Bool { models.contains(where: \.isTenantScoped) }

  /// Every model whose class is called `name`, abstract ones included, in path order.
  public func models(named name: String) -> [ORMModel] {
    (modelsByName[name] ?? []).map { models[$0] }
  }

  /// The concrete models mapped to the table `name`: one, or several under single-table inheritance.
  public func models(forTable name: String) -> [ORMModel] {
    (modelsByTable[name] ?? []).map { models[$0] }
  }

  /// The module-level table called `name`.
  public func table(named name: String) -> ORMTable? { tables.first { $0.name == name } }

  /// The model that `name` (`Order`, an alias `O`, or `m.Order` through a module alias) stands for
  /// in the module at `path`: what the module binds the name to through its classes and imports.
  /// A name the module does not bind, or a look-up without a path, falls back to the model of that
  /// class name when the project has exactly one; a name bound to a class that is not a model (a
  /// schema of the same name) is nil.
  public func model(named name: String, in path: String? = nil) -> ORMModel? {
    var className = name
    if let dot = name.lastIndex(of: ".") {
      className = String(name[name.index(after: dot)...])
      if let path, let target = moduleAliases[path]?[String(name[..<dot])],
        let bound = modelBindings[target]?[className]
      {
        return bound.map { models[$0] }
      }
    } else if let path, let bound = modelBindings[path]?[name] {
      return bound.map { models[$0] }
    }
    let candidates = modelsByName[className] ?? []
    return candidates.count == 1 ? models[candidates[0]] : nil
  }

  /// Whether `name`, as used in the module at `path`, is a tenant-scoped model.
  public func isTenantScoped(_ name: String, in path: String? = nil) -> Bool {
    model(named: name, in: path)?.isTenantScoped ?? false
  }

  /// Whether a model class name is on the global-model allowlist (built-in plus `global_models`).
  public func isGlobal(_ name: String) -> Bool { globalModelNames.contains(name) }
}

/// The library that maps a model.
public enum ORMFramework: String, Sendable, Hashable {
  /// Flask-SQLAlchemy's `db.Model`: a table name derived from the class name when none is given.
  case flaskSQLAlchemy
  /// SQLAlchemy declarative (`declarative_base()`, `DeclarativeBase`, a registry).
  case sqlAlchemy
  /// SQLModel with `table=True`: the lower-cased class name as the default table name.
  case sqlModel
}

/// A mapped class: where it is, its table and its columns.
public struct ORMModel: Sendable {
  /// The class name.
  public let name: String
  /// Path of the module that declares it.
  public let path: String
  /// The module's dotted name (`app.models.order`), as in `ModuleGraph`.
  public let module: String
  /// Index into the module's `PythonFile.classes`.
  public let classIndex: Int
  /// Where findings about the model go: the `class` keyword, or its first decorator.
  public let offset: Int
  public let framework: ORMFramework
  /// `__abstract__ = True`: a base for other models, with no table of its own.
  public let isAbstract: Bool
  /// The table the model is stored in: its `__tablename__`, the name in `__table__ = Table(...)`,
  /// the one a mixin gives, the default of its library (Flask-SQLAlchemy's snake case, SQLModel's
  /// lower case), or its parent's under single-table inheritance. Nil when abstract, or when the
  /// name is computed at run time or the library gives none.
  public let tableName: String?
  /// Under single-table inheritance, the name of the model whose table this one shares.
  public let sharesTableWith: String?
  /// Columns declared in the class itself, in source order.
  public let declaredColumns: [ORMColumn]
  /// Columns from its bases (mixins, abstract models, SQLModel schemas, parent models) that the
  /// class does not redeclare, nearest base first.
  public let inheritedColumns: [ORMColumn]
  /// The columns stored in the model's own table: those declared in the class and those of bases
  /// that are not themselves mapped (mixins, abstract models, schemas). Columns of a mapped parent
  /// are in the parent's table and listed there.
  public let tableColumns: [ORMColumn]
  /// Its tenant columns (per `AnalysisSettings.tenantColumns`), declared or inherited.
  public let tenantColumns: [ORMColumn]
  /// Whether the class name is on the global-model allowlist.
  public let isGlobal: Bool

  /// Every column, declared ones first.
  public var columns: [ORMColumn] { declaredColumns + inheritedColumns }

  /// Whether the model is mapped and has a tenant column.
  public var isTenantScoped: Bool { !isAbstract && !tenantColumns.isEmpty }

  /// Attribute names of its tenant columns (`workspace_id`), for checking a query's filter.
  public var tenantColumnNames: [String] { tenantColumns.map(\.name) }

  /// The column with attribute name `name`, declared or inherited.
  public func column(named name: String) -> ORMColumn? {
    declaredColumns.first { $0.name == name } ?? inheritedColumns.first { $0.name == name }
  }
}

/// A column of a model or a table.
public struct ORMColumn: Sendable, Hashable {
  /// The attribute name (`workspace_id`); for a column of a `Table(...)`, its database name.
  public let name: String
  /// The name in the database: the string first argument of `Column("ws_id", ...)`, a `name=`
  /// keyword, or else the attribute name.
  public let databaseName: String
  /// The type as written: `db.String(120)` in `Column(db.String(120))`, `int` in `Mapped[int]` or
  /// `Mapped[Optional[int]]`, the annotation of a SQLModel field. Its range gives the source text.
  public let type: PyValue?
  /// The type's own name without module or arguments (`String`, `Integer`, `int`).
  public let typeName: String?
  /// Targets of its foreign keys as written (`workspace.id`), from `ForeignKey(...)` or SQLModel's
  /// `foreign_key=`.
  public let foreignKeys: [String]
  public let isPrimaryKey: Bool
  /// Path of the module that declares the column (a mixin's module for an inherited column).
  public let path: String
  /// Start of the statement that declares it: the assignment, the `@declared_attr` function, or the
  /// `Column(...)` call inside `Table(...)`.
  public let offset: Int
  /// The class that declares it; nil for a column of a `Table(...)`.
  public let className: String?
}

/// A table declared at module level, usually an association table:
/// `order_tags = db.Table("order_tags", db.Column("order_id", db.ForeignKey("order.id")), ...)`.
public struct ORMTable: Sendable {
  /// The table name in the database.
  public let name: String
  /// The variable it is assigned to.
  public let variable: String?
  public let path: String
  /// Start of the assignment.
  public let offset: Int
  public let columns: [ORMColumn]
}
