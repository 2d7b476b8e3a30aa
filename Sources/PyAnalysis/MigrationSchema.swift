/// Where a revision did something: the revision's id, its file and the operation's offset.
public struct RevisionSite: Sendable, Hashable, CustomStringConvertible {
  public let revision: String
  public let path: String
  public let offset: Int

  public init(revision: String, path: String, offset: Int) {
    self.revision = revision
    self.path = path
    self.offset = offset
  }

  public var description: String { "\(revision) (\(path))" }
}

/// A table or column renamed by a revision.
public struct SchemaRename: Sendable, Hashable {
  public let from: String
  public let to: String
  public let site: RevisionSite

  public init(from: String, to: String, site: RevisionSite) {
    self.from = from
    self.to = to
    self.site = site
  }
}

/// A column as the revisions left it.
public struct MigratedColumn: Sendable, Hashable {
  public internal(set) var name: String
  /// The type's name (`String`), from the column's creation or a later `alter_column(type_=...)`.
  public internal(set) var type: String?
  /// The revision that created the column (under this or an earlier name); nil when revisions
  /// only altered or dropped a column they never created.
  public internal(set) var created: RevisionSite?
  /// The revision that dropped the column, if one did after it was last created.
  public internal(set) var dropped: RevisionSite?
  /// The renames that gave the column its name, oldest first.
  public internal(set) var renames: [SchemaRename] = []
  /// The rename that moved the column away from this name, if one did.
  public internal(set) var renamedAway: SchemaRename?

  /// Whether a revision created the column and none dropped it or renamed it away.
  public var exists: Bool { created != nil && dropped == nil && renamedAway == nil }
}

/// A table as the revisions left it.
public struct MigratedTable: Sendable, Hashable {
  public internal(set) var name: String
  /// The revision that created the table (under this or an earlier name); nil when revisions
  /// only altered, renamed or dropped a table they never created.
  public internal(set) var created: RevisionSite?
  /// The revision that dropped the table, if one did after it was last created.
  public internal(set) var dropped: RevisionSite?
  /// The renames that gave the table its name, oldest first.
  public internal(set) var renames: [SchemaRename] = []
  /// The rename that moved the table away from this name, if one did.
  public internal(set) var renamedAway: SchemaRename?
  /// Every column revisions gave the table under its current incarnation, in the order they first
  /// appeared, dropped and renamed-away ones included. Dropping the table leaves them as they were.
  public internal(set) var columns: [MigratedColumn] = []
  var columnIndex: [String: Int] = [:]

  init(name: String, created: RevisionSite?) {
    self.name = name
    self.created = created
  }

  /// Whether a revision created the table and none dropped it or renamed it away.
  public var exists: Bool { created != nil && dropped == nil && renamedAway == nil }

  /// The column now or formerly called `name`, if revisions touched one.
  public func column(_ name: String) -> MigratedColumn? { columnIndex[name].map { columns[$0] } }

  /// Whether the column `name` exists: created, and neither dropped nor renamed away.
  public func hasColumn(_ name: String) -> Bool { column(name)?.exists ?? false }

  /// The columns that exist, in the order they appeared.
  public var existingColumns: [MigratedColumn] { columns.filter(\.exists) }

  mutating func update(_ name: String, _ change: (inout MigratedColumn) -> Void) {
    if let index = columnIndex[name] {
      change(&columns[index])
    } else {
      var column = MigratedColumn(name: name)
      change(&column)
      columnIndex[name] = columns.count
      columns.append(column)
    }
  }

  mutating func replace(_ column: MigratedColumn) {
    if let index = columnIndex[column.name] {
      columns[index] = column
    } else {
      columnIndex[column.name] = columns.count
      columns.append(column)
    }
  }
}

/// The schema that replaying revisions' operations gives: every table revisions touched, by name,
/// with where each table and column was created, dropped or renamed. Names are compared exactly
/// as written; a table given a `schema=` string is named `schema.table`.
public struct MigrationSchema: Sendable {
  /// Tables by name, dropped and renamed-away names included.
  public let tables: [String: MigratedTable]

  /// An empty schema.
  public init() { tables = [:] }

  /// Applies the operations of `revisions` in the given order.
  public init(replaying revisions: [MigrationRevision]) {
    var tables: [String: MigratedTable] = [:]
    func update(_ name: String, _ change: (inout MigratedTable) -> Void) {
      var table = tables[name] ?? MigratedTable(name: name, created: nil)
      change(&table)
      tables[name] = table
    }
    for revision in revisions {
      for operation in revision.operations {
        let site = RevisionSite(
          revision: revision.id, path: revision.path, offset: operation.range.lowerBound)
        switch operation.kind {
        case .createTable(let name, let columns):
          var table = MigratedTable(name: name, created: site)
          for column in columns {
            table.replace(MigratedColumn(name: column.name, type: column.type, created: site))
          }
          tables[name] = table
        case .dropTable(let name):
          update(name) { $0.dropped = site }
        case .renameTable(let from, let to):
          let rename = SchemaRename(from: from, to: to, site: site)
          var moved = tables[from] ?? MigratedTable(name: from, created: nil)
          update(from) { $0.renamedAway = rename }
          moved.name = to
          moved.renames.append(rename)
          tables[to] = moved
        case .addColumn(let name, let column):
          update(name) { table in
            table.replace(MigratedColumn(name: column.name, type: column.type, created: site))
          }
        case .dropColumn(let name, let column):
          update(name) { table in table.update(column) { $0.dropped = site } }
        case .alterColumn(let name, let column, let newName, let newType):
          update(name) { table in
            guard let newName, newName != column else {
              if let newType { table.update(column) { $0.type = newType } }
              return
            }
            let rename = SchemaRename(from: column, to: newName, site: site)
            var moved = table.column(column) ?? MigratedColumn(name: column)
            table.update(column) { $0.renamedAway = rename }
            moved.name = newName
            moved.renames.append(rename)
            if let newType { moved.type = newType }
            table.replace(moved)
          }
        }
      }
    }
    self.tables = tables
  }

  /// Several schemas (of separate Alembic environments) as one: for a name in several, the first
  /// table that exists, else the first one.
  public init(merging schemas: [MigrationSchema]) {
    var tables: [String: MigratedTable] = [:]
    for schema in schemas {
      for (name, table) in schema.tables {
        if let existing = tables[name], existing.exists || !table.exists { continue }
        tables[name] = table
      }
    }
    self.tables = tables
  }

  /// The table now or formerly called `name`, if revisions touched one.
  public func table(_ name: String) -> MigratedTable? { tables[name] }

  /// Whether the table `name` exists: created, and neither dropped nor renamed away.
  public func hasTable(_ name: String) -> Bool { tables[name]?.exists ?? false }

  /// Whether the table exists and has the column `column`.
  public func hasColumn(_ column: String, in table: String) -> Bool {
    guard let found = tables[table], found.exists else { return false }
    return found.hasColumn(column)
  }

  /// The tables that exist, sorted by name.
  public var existingTables: [MigratedTable] {
    tables.values.filter(\.exists).sorted { $0.name < $1.name }
  }
}
