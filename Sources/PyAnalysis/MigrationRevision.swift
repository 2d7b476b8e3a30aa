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

  public init(
    path: String, folder: String, id: String, parents: [String], parentsAreKnown: Bool = true,
    branchLabels: [String] = [], dependsOn: [String] = [], revisionOffset: Int, downRevisionOffset: Int?,
    operations: [MigrationOperation] = []
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
  }

  /// Whether `down_revision` names several parents: the revision joins heads.
  public var isMerge: Bool { parents.count > 1 }

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
    self.init(
      path: path, folder: folder, id: revision.id, parents: down?.ids ?? [],
      parentsAreKnown: down?.known ?? true, branchLabels: labels, dependsOn: dependencies,
      revisionOffset: revision.offset, downRevisionOffset: down?.offset,
      operations: MigrationOperation.upgradeOperations(in: file))
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
  /// What the operation does; table and column names are the literal strings of the call.
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

  /// The operations of the module-level `upgrade()` (and of functions nested in it), in source
  /// order, through any import alias of `alembic.op` and `sqlalchemy.Column`.
  static func upgradeOperations(in file: PythonFile) -> [MigrationOperation] {
    var inUpgrade = [Bool](repeating: false, count: file.functions.count)
    for (index, function) in file.functions.enumerated() {
      if let parent = function.parent {
        // Functions are recorded before the functions nested in them.
        inUpgrade[index] = inUpgrade[parent]
      } else {
        inUpgrade[index] = function.name == "upgrade" && function.classIndex == nil
      }
    }
    guard inUpgrade.contains(true) else { return [] }

    let importedOp = file.localNames(forImportOf: "op", from: "alembic")
    // A module that binds `op` from elsewhere (or not at all) still means Alembic's by `op`.
    var opNames = importedOp.isEmpty ? ["op"] : importedOp
    for item in file.imports where item.module == "alembic" && item.name == nil {
      opNames.insert((item.alias ?? "alembic") + ".op")
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
    func column(_ value: PyValue?) -> MigrationColumn? {
      guard let value, let call = value.call, let callee = call.name else { return nil }
      guard call.callee.terminalName == "Column" || columnNames.contains(callee) else { return nil }
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

    // `with op.batch_alter_table("t") as batch_op:` blocks, innermost first.
    var batches: [(alias: String, table: String, body: Range<Int>)] = []
    for item in file.withItems {
      guard let alias = item.alias, let call = item.value.call,
        case .attribute(let receiver, "batch_alter_table") = call.callee.expr,
        let receiverName = receiver.dottedName, opNames.contains(receiverName),
        let table = string(call.argument(0, keyword: "table_name"))
      else { continue }
      batches.append((alias, table, item.body))
    }
    batches.sort { $0.body.count < $1.body.count }

    var operations: [MigrationOperation] = []
    for site in file.calls {
      guard let function = site.function, inUpgrade[function],
        case .attribute(let receiver, let method) = site.call.callee.expr,
        let receiverName = receiver.dottedName
      else { continue }
      let call = site.call
      var kind: MigrationOperation.Kind?
      var isBatch = false
      if opNames.contains(receiverName) {
        let table = string(call.argument(0, keyword: "table_name"))
        switch method {
        case "create_table":
          if let table { kind = .createTable(table: table, columns: call.arguments.compactMap(column)) }
        case "drop_table":
          if let table { kind = .dropTable(table: table) }
        case "rename_table":
          if let from = string(call.argument(0, keyword: "old_table_name")),
            let to = string(call.argument(1, keyword: "new_table_name"))
          {
            kind = .renameTable(from: from, to: to)
          }
        case "add_column":
          if let table, let added = column(call.argument(1, keyword: "column")) {
            kind = .addColumn(table: table, column: added)
          }
        case "drop_column":
          if let table, let name = string(call.argument(1, keyword: "column_name")) {
            kind = .dropColumn(table: table, column: name)
          }
        case "alter_column":
          if let table, let name = string(call.argument(1, keyword: "column_name")) {
            kind = .alterColumn(
              table: table, column: name, newName: string(call.keyword("new_column_name")?.value),
              newType: call.keyword("type_").flatMap { typeName($0.value) })
          }
        default:
          break
        }
      } else if let batch = batches.first(where: {
        $0.alias == receiverName && $0.body.contains(site.range.lowerBound)
      }) {
        isBatch = true
        switch method {
        case "add_column":
          if let added = column(call.argument(0, keyword: "column")) {
            kind = .addColumn(table: batch.table, column: added)
          }
        case "drop_column":
          if let name = string(call.argument(0, keyword: "column_name")) {
            kind = .dropColumn(table: batch.table, column: name)
          }
        case "alter_column":
          if let name = string(call.argument(0, keyword: "column_name")) {
            kind = .alterColumn(
              table: batch.table, column: name, newName: string(call.keyword("new_column_name")?.value),
              newType: call.keyword("type_").flatMap { typeName($0.value) })
          }
        default:
          break
        }
      }
      if let kind { operations.append(MigrationOperation(kind: kind, range: site.range, isBatch: isBatch)) }
    }
    return operations
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
