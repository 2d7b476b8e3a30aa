/// One Alembic revision file: its identifiers (`revision`, `down_revision`, `branch_labels`,
/// `depends_on`, plain or annotated module-level assignments) and the schema operations of its
/// `upgrade()` function in source order. `downgrade()` is not read.
public struct MigrationRevision: Sendable, Hashable {
  /// The file's path, relative to the audited folder.
  public let path: String
  /// The `versions` folder the file lives in (`migrations/versions`).
  public let folder: String
  /// The revision id (`revision = "a1b2c3d4e5f6"`).
  public let id: String
  /// The ids in `down_revision`: none for a base, one for a plain revision, several for a merge.
  public let parents: [String]
  /// Whether every item of `down_revision` is a literal; when false, `parents` holds only the
  /// literal ones and the revision's place in history is unknown.
  public let parentsAreKnown: Bool
  /// `branch_labels`, as a list.
  public let branchLabels: [String]
  /// `depends_on`, as a list. Dependencies order the upgrade but do not make a revision a parent.
  public let dependsOn: [String]
  /// Byte offset of the `revision = ...` statement.
  public let revisionOffset: Int
  /// Byte offset of the `down_revision = ...` statement, when the file has one.
  public let downRevisionOffset: Int?
  /// The schema operations of `upgrade()`, in source order.
  public let operations: [MigrationOperation]
  /// Table and column creations of `upgrade()` whose table or column is not written as a literal
  /// (a loop variable, a helper's result), in source order.
  public let unresolved: [UnresolvedOperation]

  public init(
    path: String, folder: String, id: String, parents: [String], parentsAreKnown: Bool = true,
    branchLabels: [String] = [], dependsOn: [String] = [], revisionOffset: Int, downRevisionOffset: Int?,
    operations: [MigrationOperation] = [], unresolved: [UnresolvedOperation] = []
  ) {
    self.path = path
    self.folder = folder
    self.id = id
    self.parents = parents
    self.parentsAreKnown = parentsAreKnown
    self.branchLabels = branchLabels
    self.dependsOn = dependsOn
    self.revisionOffset = revisionOffset
    self.downRevisionOffset = downRevisionOffset
    self.operations = operations
    self.unresolved = unresolved
  }

  /// Whether `down_revision` names several parents: the revision joins heads.
  public var isMerge: Bool { parents.count > 1 }

  /// The version location the file belongs to: the folder that holds it (`migrations/versions`, or
  /// `migrations/versions/legacy` for a file in a subfolder). Alembic's `version_locations` are not
  /// recursive by default, so each folder is a location of its own.
  public var location: String { MigrationHistory.folder(of: path) }

  /// Reads the revision declared by a module in `folder`, or nil when the module declares no
  /// `revision` string (an `__init__.py`, a helper module).
  public init?(path: String, folder: String, file: PythonFile) {
    var revision: (id: String, offset: Int)?
    var down: (ids: [String], known: Bool, offset: Int)?
    var labels: [String] = []
    var dependencies: [String] = []
    for assignment in file.assignments where assignment.function == nil && assignment.classIndex == nil {
      guard let value = assignment.value else { continue }
      for target in assignment.targets {
        guard case .name(let name) = target.expr else { continue }
        switch name {
        case "revision":
          if let id = value.stringLiteral { revision = (id, assignment.range.lowerBound) }
        case "down_revision":
          let ids = Self.identifiers(value)
          down = (ids.values, ids.known, assignment.range.lowerBound)
        case "branch_labels":
          labels = Self.identifiers(value).values
        case "depends_on":
          dependencies = Self.identifiers(value).values
        default:
          break
        }
      }
    }
    guard let revision else { return nil }
    let upgrade = MigrationOperation.upgrade(of: file)
    self.init(
      path: path, folder: folder, id: revision.id, parents: down?.ids ?? [],
      parentsAreKnown: down?.known ?? true, branchLabels: labels, dependsOn: dependencies,
      revisionOffset: revision.offset, downRevisionOffset: down?.offset,
      operations: upgrade.operations, unresolved: upgrade.unresolved)
  }

  /// The strings of `"a"`, `None`, `("a", "b")` or `["a"]`; `known` is false when an item is not
  /// a string literal (a name, a call).
  static func identifiers(_ value: PyValue) -> (values: [String], known: Bool) {
    switch value.expr {
    case .none:
      return ([], true)
    case .string(let text, isFormatted: false):
      return (text.isEmpty ? [] : [text], true)
    case .sequence(let items):
      var values: [String] = []
      var known = true
      for item in items {
        if let text = item.stringLiteral {
          if !text.isEmpty { values.append(text) }
        } else if item.expr != .none {
          known = false
        }
      }
      return (values, known)
    default:
      return ([], false)
    }
  }
}

/// A column definition in a migration: `sa.Column("email", sa.String(255), nullable=False)`.
public struct MigrationColumn: Sendable, Hashable {
  /// The column name.
  public let name: String
  /// The type's name without its module or arguments (`String` for `sa.String(255)`), when given.
  public let type: String?
  /// The `Column(...)` call.
  public let range: Range<Int>

  public init(name: String, type: String?, range: Range<Int>) {
    self.name = name
    self.type = type
    self.range = range
  }
}

/// One schema operation of a revision's `upgrade()`: an `op.*` call, or a `batch_op.*` call in a
/// `with op.batch_alter_table(...) as batch_op:` block.
public struct MigrationOperation: Sendable, Hashable {
  /// What the operation does; table and column names are the literal strings of the call, a table
  /// given a `schema=` string being named `schema.table`.
  public enum Kind: Sendable, Hashable {
    /// `op.create_table("t", sa.Column(...), ...)`, with its columns (constraints left out).
    case createTable(table: String, columns: [MigrationColumn])
    /// `op.drop_table("t")`.
    case dropTable(table: String)
    /// `op.rename_table("old", "new")`.
    case renameTable(from: String, to: String)
    /// `op.add_column("t", sa.Column(...))` or `batch_op.add_column(sa.Column(...))`.
    case addColumn(table: String, column: MigrationColumn)
    /// `op.drop_column("t", "c")` or `batch_op.drop_column("c")`.
    case dropColumn(table: String, column: String)
    /// `op.alter_column("t", "c", new_column_name="d", type_=sa.Text())` or its batch form.
    case alterColumn(table: String, column: String, newName: String?, newType: String?)
  }

  public let kind: Kind
  /// The call.
  public let range: Range<Int>
  /// Whether the call is made on a `batch_alter_table` context.
  public let isBatch: Bool

  public init(kind: Kind, range: Range<Int>, isBatch: Bool = false) {
    self.kind = kind
    self.range = range
    self.isBatch = isBatch
  }

  /// The table the operation works on (the new name for a rename).
  public var table: String {
    switch kind {
    case .createTable(let table, _), .dropTable(let table), .addColumn(let table, _),
      .dropColumn(let table, _), .alterColumn(let table, _, _, _):
      return table
    case .renameTable(_, let to):
      return to
    }
  }

  /// Column-like calls that are constraints or defaults, never a column's type.
  static let nonTypeCallees: Set<String> = [
    "ForeignKey", "Sequence", "Identity", "Computed", "CheckConstraint", "FetchedValue", "DefaultClause",
    "UniqueConstraint", "PrimaryKeyConstraint",
  ]

  /// The operations of the module-level `upgrade()`, in source order, through any import alias of
  /// `alembic.op` and `sqlalchemy.Column`. Operations of the `upgrade_<bind>()` functions of
  /// Flask-Migrate's multi-database template, of functions nested in an upgrade function and of
  /// module-level helpers an upgrade function calls by name count too, as do calls of imported
  /// functions named like an operation (`create_table("t", ...)`, `add_columns("t", *columns)`),
  /// which projects write to wrap `op`. Creations whose table or column is not a literal are
  /// returned apart, as `unresolved`.
  static func upgrade(of file: PythonFile) -> (
    operations: [MigrationOperation], unresolved: [UnresolvedOperation]
  ) {
    let inUpgrade = upgradeFunctions(in: file)
    guard inUpgrade.contains(true) else { return ([], []) }

    let importedOp = file.localNames(forImportOf: "op", from: "alembic")
    // A module that binds `op` from elsewhere (or not at all) still means Alembic's by `op`.
    var opNames = importedOp.isEmpty ? ["op"] : importedOp
    for item in file.imports where item.module == "alembic" && item.name == nil {
      opNames.insert((item.alias ?? "alembic") + ".op")
    }
    // Imported functions named like an operation: `from app.migrations.utils import create_table`.
    var wrappers: [String: String] = [:]
    for item in file.imports {
      guard let name = item.name, wrapperMethods.contains(name) else { continue }
      wrappers[item.alias ?? name] = name
    }
    let columnNames = file.localNames(forImportOf: "Column", from: "sqlalchemy")
      .union(file.localNames(forImportOf: "Column", from: "sqlalchemy.schema"))
    let constants = Self.moduleStrings(file)
    func string(_ value: PyValue?) -> String? {
      guard let value else { return nil }
      if let text = value.stringLiteral { return text }
      if case .name(let name) = value.expr { return constants[name] }
      return nil
    }
    /// `schema.table` when the call passes `schema=` as a string.
    func qualified(_ table: String?, _ call: PyCall) -> String? {
      guard let table, let schema = string(call.keyword("schema")?.value) else { return table }
      return schema + "." + table
    }
    func isColumnCall(_ value: PyValue?) -> Bool {
      guard let call = value?.call, let callee = call.name else { return false }
      return call.callee.terminalName == "Column" || columnNames.contains(callee)
    }
    func column(_ value: PyValue?) -> MigrationColumn? {
      guard let value, isColumnCall(value), let call = value.call else { return nil }
      guard let name = string(call.argument(0, keyword: "name")) else { return nil }
      let typeValue =
        call.keyword("type_")?.value ?? (call.keyword("name") == nil ? call.argument(1) : call.argument(0))
      return MigrationColumn(name: name, type: typeValue.flatMap(typeName), range: value.range)
    }
    func typeName(_ value: PyValue) -> String? {
      let name = value.call?.callee.terminalName ?? value.terminalName
      guard let name, !nonTypeCallees.contains(name) else { return nil }
      return name
    }

    // `with op.batch_alter_table("t") as batch_op:` blocks, innermost first; nil when the table is
    // not a literal (`for table in TABLES: with op.batch_alter_table(table) as batch_op:`).
    var batches: [(alias: String, table: String?, body: Range<Int>)] = []
    for item in file.withItems {
      guard let alias = item.alias, let call = item.value.call,
        case .attribute(let receiver, "batch_alter_table") = call.callee.expr,
        let receiverName = receiver.dottedName, opNames.contains(receiverName)
      else { continue }
      batches.append((alias, qualified(string(call.argument(0, keyword: "table_name")), call), item.body))
    }
    batches.sort { $0.body.count < $1.body.count }

    var operations: [MigrationOperation] = []
    var unresolved: [UnresolvedOperation] = []
    /// Records the column `value` added to `table`, or an unresolved addition when either is unknown.
    func add(_ value: PyValue?, to table: String?, site: Range<Int>, isBatch: Bool) {
      if let table, let added = column(value) {
        operations.append(
          MigrationOperation(kind: .addColumn(table: table, column: added), range: site, isBatch: isBatch))
        return
      }
      // A column's name is its `Column(...)`'s, or a helper's first string argument (`_column("x")`).
      let name =
        column(value)?.name
        ?? value?.call.flatMap { call in call.arguments.lazy.compactMap { string($0) }.first }
      unresolved.append(UnresolvedOperation(kind: .addColumn, table: table, column: name, range: site))
    }
    for site in file.calls {
      guard let function = site.function, inUpgrade[function] else { continue }
      let call = site.call
      var method: String?
      var isBatch = false
      var batchTable: String??
      switch call.callee.expr {
      case .attribute(let receiver, let name):
        guard let receiverName = receiver.dottedName else { continue }
        if opNames.contains(receiverName) {
          method = name
        } else if let batch = batches.first(where: {
          $0.alias == receiverName && $0.body.contains(site.range.lowerBound)
        }) {
          method = name
          isBatch = true
          batchTable = .some(batch.table)
        }
      case .name(let name):
        method = wrappers[name]
      default:
        break
      }
      guard let method else { continue }
      // Arguments after the table: batch operations have no table argument.
      let shift = isBatch ? 0 : 1
      let table = batchTable ?? qualified(string(call.argument(0, keyword: "table_name")), call)
      func argument(_ index: Int, keyword: String) -> PyValue? {
        call.argument(index + shift - 1, keyword: keyword)
      }
      var kind: MigrationOperation.Kind?
      switch method {
      case "create_table" where !isBatch:
        guard let table else {
          unresolved.append(
            UnresolvedOperation(kind: .createTable, table: nil, column: nil, range: site.range))
          continue
        }
        var columns: [MigrationColumn] = []
        let items = call.keyword("table_name") == nil ? call.arguments.dropFirst() : call.arguments[...]
        for item in items {
          if let found = column(item) {
            columns.append(found)
          } else if isColumnCall(item) || !Self.isTableItem(item) {
            add(item, to: table, site: site.range, isBatch: false)
          }
        }
        if call.hasSplat { add(nil, to: table, site: site.range, isBatch: false) }
        kind = .createTable(table: table, columns: columns)
      case "drop_table" where !isBatch:
        if let table { kind = .dropTable(table: table) }
      case "rename_table" where !isBatch:
        if let from = qualified(string(call.argument(0, keyword: "old_table_name")), call),
          let to = qualified(string(call.argument(1, keyword: "new_table_name")), call)
        {
          kind = .renameTable(from: from, to: to)
        }
      case "add_column":
        add(argument(1, keyword: "column"), to: table, site: site.range, isBatch: isBatch)
      case "add_columns" where !isBatch:
        for item in call.arguments.dropFirst() { add(item, to: table, site: site.range, isBatch: false) }
        if call.hasSplat { add(nil, to: table, site: site.range, isBatch: false) }
      case "drop_column":
        if let table, let name = string(argument(1, keyword: "column_name")) {
          kind = .dropColumn(table: table, column: name)
        }
      case "drop_columns" where !isBatch:
        guard let table else { continue }
        for name in call.arguments.dropFirst().compactMap({ string($0) }) {
          operations.append(
            MigrationOperation(kind: .dropColumn(table: table, column: name), range: site.range))
        }
      case "alter_column":
        if let table, let name = string(argument(1, keyword: "column_name")) {
          kind = .alterColumn(
            table: table, column: name, newName: string(call.keyword("new_column_name")?.value),
            newType: call.keyword("type_").flatMap { typeName($0.value) })
        }
      default:
        break
      }
      if let kind { operations.append(MigrationOperation(kind: kind, range: site.range, isBatch: isBatch)) }
    }
    return (operations, unresolved)
  }

  /// Names of functions that projects wrap `op`'s with, read as the operation they are named after.
  static let wrapperMethods: Set<String> = [
    "create_table", "drop_table", "rename_table", "add_column", "add_columns", "drop_column",
    "drop_columns", "alter_column",
  ]

  /// Whether an argument of `create_table` after the name is a constraint, an index or a keyword
  /// value rather than a column.
  static func isTableItem(_ value: PyValue) -> Bool {
    guard let name = value.call?.callee.terminalName else { return false }
    return name.hasSuffix("Constraint") || name == "Index" || name == "ForeignKey"
  }

  /// For each function of `file`, whether its body runs on upgrade: `upgrade()` and
  /// `upgrade_<bind>()` at module level, module-level functions they call by name (transitively,
  /// except `downgrade*`), and functions nested in any of these.
  static func upgradeFunctions(in file: PythonFile) -> [Bool] {
    var topLevel: [String: Int] = [:]
    var inUpgrade = [Bool](repeating: false, count: file.functions.count)
    for (index, function) in file.functions.enumerated()
    where function.parent == nil && function.classIndex == nil {
      topLevel[function.name] = index
      inUpgrade[index] = function.name == "upgrade" || function.name.hasPrefix("upgrade_")
    }
    func propagate() {
      for (index, function) in file.functions.enumerated() {
        // Functions are recorded before the functions nested in them.
        if let parent = function.parent, inUpgrade[parent] { inUpgrade[index] = true }
      }
    }
    propagate()
    var changed = true
    while changed {
      changed = false
      for site in file.calls {
        guard let caller = site.function, inUpgrade[caller], case .name(let name) = site.call.callee.expr,
          let callee = topLevel[name], !inUpgrade[callee], !name.hasPrefix("downgrade")
        else { continue }
        inUpgrade[callee] = true
        changed = true
      }
      if changed { propagate() }
    }
    return inUpgrade
  }

  /// Module-level names bound to one string literal (`TABLE = "orders"`), for table names given
  /// through a constant.
  static func moduleStrings(_ file: PythonFile) -> [String: String] {
    var result: [String: String] = [:]
    for assignment in file.assignments where assignment.function == nil && assignment.classIndex == nil {
      guard let text = assignment.value?.stringLiteral else { continue }
      for target in assignment.targets {
        if case .name(let name) = target.expr { result[name] = text }
      }
    }
    return result
  }
}

/// A table or column creation in `upgrade()` whose table or column the analysis cannot read, such
/// as `for table in TABLES: op.add_column(table, sa.Column("created", sa.DateTime()))`: it may
/// create any table or column that fits what is known.
public struct UnresolvedOperation: Sendable, Hashable {
  /// What the operation creates.
  public enum Kind: Sendable, Hashable {
    /// `op.create_table(name, ...)` with a name that is not a literal.
    case createTable
    /// A column added with `op.add_column`/`batch_op.add_column`, or listed in `op.create_table`,
    /// whose table or column is not a literal.
    case addColumn
  }

  public let kind: Kind
  /// The table, when it is known.
  public let table: String?
  /// The column's name, when it is known (`addColumn` only).
  public let column: String?
  /// The call.
  public let range: Range<Int>

  public init(kind: Kind, table: String?, column: String?, range: Range<Int>) {
    self.kind = kind
    self.table = table
    self.column = column
    self.range = range
  }

  /// Whether the operation may create the table `name`.
  public func mayCreate(table name: String) -> Bool { kind == .createTable && (table ?? name) == name }

  /// Whether the operation may add the column `column` to the table `name`.
  public func mayCreate(column: String, of name: String) -> Bool {
    kind == .addColumn && (table ?? name) == name && (self.column ?? column) == column
  }
}
