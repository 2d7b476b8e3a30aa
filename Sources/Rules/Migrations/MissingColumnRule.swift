import ArchCore
import PyAnalysis

/// `migrations/missing-column`: a column of a mapped table that the Alembic history does not leave
/// in place, while the table itself is there. A column that no revision creates (in the table's
/// `op.create_table` or with `op.add_column`/`batch_op.add_column`, renames through
/// `alter_column(new_column_name=)` followed), or that a later revision drops or renames away, is
/// reported at the column's statement; columns a model inherits from a mixin or an abstract base
/// are reported at the model class, in one finding that names each column and the class that
/// declares it. Columns compare on their database name (`Column("user_id", ...)`). Tables that
/// `migrations/missing-table` reports get no findings here. A column that an addition the analysis
/// cannot read may create (`for table in TABLES: op.add_column(table, ...)`), or that a
/// `declared_attr` gives only some classes, is not reported.
public struct MissingColumnRule: SemanticRule {
  public static let id = "migrations/missing-column"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let migrations = MissingTableRule.history(project)
    guard migrations.hasVersionsFolder else { return [] }
    let unresolved = migrations.unresolvedOperations
    var files: [String: (file: AnalyzedFile, python: PythonFile)] = [:]
    for item in project.pythonApplicationFiles { files[item.file.path] = item }
    var hits: [RuleHit] = []
    for mapped in MissingTableRule.mappedTables(project) {
      let names = mapped.migratedNames(in: migrations.schema)
      guard names.contains(where: migrations.schema.hasTable) else { continue }
      // Matched on the bare name across schemas, the model may be the one whose table comes from
      // outside Alembic.
      if mapped.schema == nil && names.count > 1
        && names.contains(where: { migrations.schema.table($0)?.created == nil })
      {
        continue
      }
      // The table has the columns any environment gives it, also one that only adds columns to a
      // table another environment creates.
      let versions = migrations.graphs.flatMap { graph in
        names.compactMap { name -> MigratedTable? in
          guard let table = graph.schema.table(name), table.dropped == nil, table.renamedAway == nil
          else { return nil }
          return table
        }
      }
      func absence(_ column: ORMColumn) -> Absence? {
        let name = column.databaseName
        guard !versions.contains(where: { $0.hasColumn(name) }) else { return nil }
        let found = Absence(versions.lazy.compactMap { $0.column(name) }.first)
        let mayBeAdded = unresolved.contains { operation in
          (names + [mapped.name]).contains { operation.mayCreate(column: name, of: $0) }
        }
        return found.neverCreated && mayBeAdded ? nil : found
      }

      for model in mapped.models {
        let subject = "table `\(mapped.qualifiedName)` (model `\(model.name)`)"
        let declared = Set(model.declaredColumns.map { ColumnSite(path: $0.path, offset: $0.offset) })
        var inherited: [(column: String, base: String, cause: Absence)] = []
        for column in model.tableColumns where !Self.isConditional(column, in: files[column.path]) {
          guard let cause = absence(column) else { continue }
          let name = Self.describe(column)
          if declared.contains(ColumnSite(path: column.path, offset: column.offset)) {
            hits.append(
              RuleHit(
                ruleId: Self.id, path: column.path, offset: column.offset,
                message: "column \(name) of \(subject) \(cause.text); \(cause.remedy)"))
          } else {
            inherited.append((name, "`\(column.className ?? "a base class")`", cause))
          }
        }
        // Inherited columns go to the class: the mixin's line serves every table that uses it.
        guard let first = inherited.first else { continue }
        let message =
          inherited.count == 1
          ? "column \(first.column) of \(subject), inherited from \(first.base), \(first.cause.text); "
            + first.cause.remedy
          : "columns of \(subject) inherited from its bases are missing from the migrations: "
            + inherited.map { "\($0.column) from \($0.base) \($0.cause.text)" }.joined(separator: ", ")
            + "; " + Absence.generate
        hits.append(RuleHit(ruleId: Self.id, path: model.path, offset: model.offset, message: message))
      }
      for column in mapped.table?.columns ?? [] {
        guard let cause = absence(column) else { continue }
        hits.append(
          RuleHit(
            ruleId: Self.id, path: column.path, offset: column.offset,
            message:
              "column `\(column.databaseName)` of table `\(mapped.qualifiedName)` (declared with `Table(...)`) "
              + "\(cause.text); "
              + cause.remedy))
      }
    }
    return hits
  }

  /// Whether the column comes from a `declared_attr` function that may give some classes no column
  /// at all: one with several `return`s, or whose `return` sits in a block
  /// (`if LinkType.event in cls.allowed_link_types: return Column(...)`).
  static func isConditional(_ column: ORMColumn, in file: (file: AnalyzedFile, python: PythonFile)?) -> Bool {
    guard let file,
      let index = file.python.functions.firstIndex(where: { $0.range.lowerBound == column.offset })
    else { return false }
    let returns = file.python.returns.filter { $0.function == index }
    guard returns.count == 1, let only = returns.first else { return returns.count > 1 }
    let function = file.python.functions[index]
    let bytes = file.file.source.bytes
    func lineStart(_ offset: Int) -> Int {
      var start = min(offset, bytes.count)
      while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
      return start
    }
    func indentation(_ start: Int) -> Int {
      var end = start
      while end < bytes.count && (bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t")) {
        end += 1
      }
      return end - start
    }
    // The body's first statement starts on the first line after the `def` line that is neither
    // blank nor a comment.
    var cursor = lineStart(function.defOffset)
    let returnLine = lineStart(only.range.lowerBound)
    while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
    while cursor < returnLine {
      let start = cursor + 1
      let text = start + indentation(start)
      if text < bytes.count && bytes[text] != UInt8(ascii: "\n") && bytes[text] != UInt8(ascii: "#") {
        return indentation(returnLine) > indentation(start)
      }
      cursor = start
      while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
    }
    return false
  }

  /// `\`ws_id\`` (with `(attribute \`workspace_id\`)` when the names differ).
  static func describe(_ column: ORMColumn) -> String {
    column.databaseName == column.name
      ? "`\(column.name)`" : "`\(column.databaseName)` (attribute `\(column.name)`)"
  }

  /// Why the history does not hold a column, and what to do about it.
  struct Absence {
    let text: String
    let remedy: String
    /// Whether no revision creates the column (rather than one dropping or renaming it).
    let neverCreated: Bool

    static let generate =
      "generate a revision that adds it (`alembic revision --autogenerate`, `flask db migrate`)"

    /// From what the revisions did to a column of that name, if anything.
    init(_ migrated: MigratedColumn?) {
      if let migrated, migrated.created != nil, let dropped = migrated.dropped {
        text = "is dropped by revision `\(dropped.revision)` (\(dropped.path))"
        remedy = "remove it from the model, or add it back in a new revision"
        neverCreated = false
      } else if let migrated, migrated.created != nil, let rename = migrated.renamedAway {
        text = "is renamed to `\(rename.to)` by revision `\(rename.site.revision)` (\(rename.site.path))"
        remedy = "map it to `\(rename.to)` (`Column(\"\(rename.to)\", ...)`), or \(Self.generate)"
        neverCreated = false
      } else {
        text = "is created by no Alembic revision"
        remedy = Self.generate
        neverCreated = true
      }
    }
  }

  /// Where a column is declared.
  struct ColumnSite: Hashable {
    let path: String
    let offset: Int
  }
}
