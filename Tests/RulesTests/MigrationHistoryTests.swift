import ArchCore
import Audit
import PyAnalysis
import Rules
import Testing
import TreeSitter

private func migrationFile(_ code: String) throws -> PythonFile {
  let tree = try #require(Parser().parse(SourceText(code), as: .python))
  return PythonExtractor.extract(tree)
}

/// The history of `files` (path to code), as the audit builds it.
private func history(_ files: [String: String]) throws -> MigrationHistory {
  let parsed = try files.sorted { $0.key < $1.key }.map { path, code in
    (path: path, file: try migrationFile(code))
  }
  return MigrationHistory(files: parsed)
}

/// A minimal revision file; `down` is Python source (`None`, `"a"`, `("a", "b")`).
private func revisionFile(_ id: String, _ down: String = "None", upgrade: String = "pass") -> String {
  """
  from alembic import op
  import sqlalchemy as sa

  revision = "\(id)"
  down_revision = \(down)


  def upgrade():
      \(upgrade)
  """
}

/// The one operation list of the revision in `code`.
private func operations(_ code: String) throws -> [MigrationOperation.Kind] {
  let revision = try #require(
    MigrationRevision(
      path: "migrations/versions/x.py", folder: "migrations/versions", file: migrationFile(code)))
  return revision.operations.map(\.kind)
}

private func columns(_ kind: MigrationOperation.Kind) -> [String] {
  switch kind {
  case .createTable(_, let columns): return columns.map { "\($0.name):\($0.type ?? "-")" }
  case .addColumn(_, let column): return ["\(column.name):\(column.type ?? "-")"]
  default: return []
  }
}

/// A short text for each operation, for comparing lists.
private func describe(_ kind: MigrationOperation.Kind) -> String {
  switch kind {
  case .createTable(let table, _): return "create \(table) \(columns(kind).joined(separator: ","))"
  case .dropTable(let table): return "drop \(table)"
  case .renameTable(let from, let to): return "rename \(from)->\(to)"
  case .addColumn(let table, _): return "add \(table).\(columns(kind).joined())"
  case .dropColumn(let table, let column): return "drop \(table).\(column)"
  case .alterColumn(let table, let column, let newName, let newType):
    return "alter \(table).\(column) \(newName ?? "-") \(newType ?? "-")"
  }
}

@Suite struct MigrationRevisionTests {
  @Test func plainAndAnnotatedIdentifiersAreReadWithTheirStatementOffsets() throws {
    let code = """
      \"\"\"add plan\"\"\"
      from typing import Sequence, Union

      revision: str = "c3d4e5f6a7b8"
      down_revision: Union[str, None] = "a1b2c3d4e5f6"
      branch_labels: Union[str, Sequence[str], None] = ("billing",)
      depends_on = ["0f0f0f0f0f0f", "1e1e1e1e1e1e"]
      """
    let revision = try #require(
      MigrationRevision(
        path: "migrations/versions/c3.py", folder: "migrations/versions", file: migrationFile(code)))
    let bytes = Array(code.utf8)
    func line(at offset: Int?) -> String {
      guard let offset else { return "" }
      let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
    #expect(revision.id == "c3d4e5f6a7b8")
    #expect(revision.parents == ["a1b2c3d4e5f6"])
    #expect(revision.parentsAreKnown)
    #expect(revision.branchLabels == ["billing"])
    #expect(revision.dependsOn == ["0f0f0f0f0f0f", "1e1e1e1e1e1e"])
    #expect(line(at: revision.revisionOffset) == "revision: str = \"c3d4e5f6a7b8\"")
    #expect(line(at: revision.downRevisionOffset) == "down_revision: Union[str, None] = \"a1b2c3d4e5f6\"")
    #expect(!revision.isMerge)
  }

  @Test func tupleAndListParentsMakeAMergeAndNoneMakesABase() throws {
    let merge = try #require(
      MigrationRevision(
        path: "v/m.py", folder: "v", file: migrationFile("revision = 'm'\ndown_revision = ('a', 'b')")))
    #expect(merge.parents == ["a", "b"])
    #expect(merge.isMerge)
    let list = try #require(
      MigrationRevision(
        path: "v/l.py", folder: "v", file: migrationFile("revision = 'l'\ndown_revision = ['a']")))
    #expect(list.parents == ["a"])
    let base = try #require(
      MigrationRevision(
        path: "v/b.py", folder: "v", file: migrationFile("revision = 'b'\ndown_revision = None")))
    #expect(base.parents.isEmpty && base.parentsAreKnown && base.downRevisionOffset != nil)
    let computed = try #require(
      MigrationRevision(
        path: "v/c.py", folder: "v", file: migrationFile("revision = 'c'\ndown_revision = PARENT")))
    #expect(computed.parents.isEmpty && !computed.parentsAreKnown)
  }

  @Test func aModuleWithoutARevisionStringIsNoRevision() throws {
    let empty = try migrationFile("")
    #expect(MigrationRevision(path: "v/__init__.py", folder: "v", file: empty) == nil)
    let inFunction = try migrationFile("def f():\n    revision = 'x'\n")
    #expect(MigrationRevision(path: "v/h.py", folder: "v", file: inFunction) == nil)
  }

  @Test func everyOperationFormOfUpgradeIsReadInSourceOrderAndDowngradeIsIgnored() throws {
    let code = """
      from alembic import op
      import sqlalchemy as sa
      from sqlalchemy.dialects import postgresql

      revision = "a1"
      down_revision = None
      ORDERS = "orders"


      def upgrade():
          op.create_table(
              "users",
              sa.Column("id", sa.Integer(), primary_key=True),
              sa.Column("email", sa.String(length=255), nullable=False),
              sa.Column("org_id", sa.ForeignKey("orgs.id")),
              sa.Column(name="meta", type_=postgresql.JSONB(astext_type=sa.Text())),
              sa.PrimaryKeyConstraint("id"),
              sa.ForeignKeyConstraint(["org_id"], ["orgs.id"]),
          )
          op.create_table(table_name=ORDERS)
          op.add_column("users", sa.Column("plan", sa.String(20)))
          op.add_column(table_name="users", column=sa.Column("seats", sa.Integer))
          op.drop_column("users", "legacy")
          op.drop_column(table_name="users", column_name="old")
          op.alter_column("users", "email", new_column_name="email_address")
          op.alter_column("users", "plan", type_=sa.Text(), existing_type=sa.String(20))
          op.rename_table("orders", "purchases")
          op.rename_table(old_table_name="purchases", new_table_name="sales")
          op.drop_table("sales")
          op.create_index("ix_users_email", "users", ["email"])
          op.execute("UPDATE users SET plan = 'free'")


      def downgrade():
          op.drop_table("users")
      """
    #expect(
      try operations(code).map(describe) == [
        "create users id:Integer,email:String,org_id:-,meta:JSONB",
        "create orders ",
        "add users.plan:String",
        "add users.seats:Integer",
        "drop users.legacy",
        "drop users.old",
        "alter users.email email_address -",
        "alter users.plan - Text",
        "rename orders->purchases",
        "rename purchases->sales",
        "drop sales",
      ])
  }

  @Test func batchBlocksGiveTheirTableToBatchOperations() throws {
    let code = """
      from alembic import op
      import sqlalchemy as sa

      revision = "b2"
      down_revision = "a1"


      def upgrade():
          op.add_column("users", sa.Column("before", sa.Integer()))
          with op.batch_alter_table("users", schema=None) as batch_op:
              batch_op.add_column(sa.Column("plan", sa.String(20), nullable=True))
              with op.batch_alter_table(table_name="orders") as batch_op:
                  batch_op.drop_column("legacy")
              batch_op.alter_column("email", new_column_name="email_address")
              batch_op.drop_column(column_name="old")
          batch_op.drop_column("outside")
          helper.add_column(sa.Column("unrelated", sa.Integer()))


      def downgrade():
          with op.batch_alter_table("users") as batch_op:
              batch_op.drop_column("plan")
      """
    let revision = try #require(
      MigrationRevision(path: "v/b2.py", folder: "v", file: migrationFile(code)))
    #expect(
      revision.operations.map { describe($0.kind) } == [
        "add users.before:Integer",
        "add users.plan:String",
        "drop orders.legacy",
        "alter users.email email_address -",
        "drop users.old",
      ])
    #expect(revision.operations.map(\.isBatch) == [false, true, true, true, true])
  }

  @Test func importAliasesOfOpAndColumnAreFollowed() throws {
    let aliased = """
      from alembic import op as migrate_op
      from sqlalchemy import Column, Integer
      from sqlalchemy import Column as Col

      revision = "c3"
      down_revision = "b2"


      def upgrade():
          migrate_op.create_table("teams", Column("id", Integer, primary_key=True), Col("name", String))
          with migrate_op.batch_alter_table("teams") as batch:
              batch.add_column(Column("slug", String(40)))
          op.drop_table("teams")
      """
    #expect(
      try operations(aliased).map(describe) == [
        "create teams id:Integer,name:String", "add teams.slug:String",
      ])
    let module = """
      import alembic
      import sqlalchemy

      revision = "d4"
      down_revision = "c3"

      def upgrade():
          alembic.op.add_column("teams", sqlalchemy.Column("size", sqlalchemy.SmallInteger()))
      """
    #expect(try operations(module).map(describe) == ["add teams.size:SmallInteger"])
  }
}

@Suite struct MigrationGraphTests {
  @Test func versionsFolderIsTheNearestFolderCalledVersions() {
    #expect(MigrationHistory.versionsFolder(of: "migrations/versions/a1_init.py") == "migrations/versions")
    #expect(MigrationHistory.versionsFolder(of: "alembic/versions/2024/a1.py") == "alembic/versions")
    #expect(MigrationHistory.versionsFolder(of: "versions/a1.py") == "versions")
    #expect(MigrationHistory.versionsFolder(of: "app/versions.py") == nil)
    #expect(MigrationHistory.versionsFolder(of: "app/models.py") == nil)
  }

  @Test func aLinearHistoryHasOneHeadAndNoProblems() throws {
    let found = try history([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""a1""#),
      "migrations/versions/c.py": revisionFile("c3", #""b2""#),
      "migrations/versions/__init__.py": "",
      "migrations/env.py": revisionFile("not-a-revision"),
      "app/models.py": "revision = 'also-not'",
    ])
    #expect(found.hasVersionsFolder)
    #expect(found.versionsFolders == ["migrations/versions"])
    let graph = try #require(found.graphs.first)
    #expect(found.graphs.count == 1)
    #expect(graph.revisions.map(\.id) == ["a1", "b2", "c3"])
    #expect(graph.heads == ["c3"])
    #expect(graph.children(of: "a1") == ["b2"])
    #expect(graph.danglingParents.isEmpty && graph.duplicates.isEmpty && graph.cycles.isEmpty)
    #expect(graph.order.map { graph.revisions[$0].id } == ["a1", "b2", "c3"])
  }

  @Test func aTupleMergeJoinsHeadsAndDependsOnMakesNoParent() throws {
    let graph = try #require(
      try history([
        "versions/a.py": revisionFile("a1"),
        "versions/b.py": revisionFile("b2", #""a1""#),
        "versions/c.py": revisionFile("c3", #""a1""#),
        "versions/m.py": revisionFile("m4", #"("b2", "c3")"#),
      ]).graphs.first)
    #expect(graph.heads == ["m4"])
    #expect(graph.parentIndices[graph.indicesByID["m4"]?[0] ?? 0].count == 2)

    let unmerged = try #require(
      try history([
        "versions/a.py": revisionFile("a1"),
        "versions/b.py": revisionFile("b2", #""a1""#),
        "versions/c.py": revisionFile("c3", #""a1""#) + "\ndepends_on = \"b2\"\n",
      ]).graphs.first)
    #expect(unmerged.heads == ["b2", "c3"])
    #expect(unmerged.revisions(withID: "c3").first?.dependsOn == ["b2"])
  }

  @Test func danglingParentsDuplicatesAndCyclesAreFound() throws {
    let graph = try #require(
      try history([
        "versions/a.py": revisionFile("a1"),
        "versions/b.py": revisionFile("b2", #""zz""#),
        "versions/c1.py": revisionFile("c3", #""a1""#),
        "versions/c2.py": revisionFile("c3", #""a1""#),
        "versions/x.py": revisionFile("x1", #""y1""#),
        "versions/y.py": revisionFile("y1", #""x1""#),
        "versions/s.py": revisionFile("s1", #""s1""#),
        "versions/t.py": revisionFile("t1", #""x1""#),
      ]).graphs.first)
    let ids = graph.revisions.map(\.id)
    #expect(graph.danglingParents.map { "\(ids[$0.revision])->\($0.parent)" } == ["b2->zz"])
    #expect(
      graph.duplicates.map { $0.map { graph.revisions[$0].path } } == [["versions/c1.py", "versions/c2.py"]])
    #expect(graph.cycles.map { $0.map { ids[$0] } } == [["s1"], ["x1", "y1"]])
    #expect(graph.heads == ["b2", "c3", "t1"])
    #expect(Set(graph.descendants(of: graph.cycles.joined()).map { ids[$0] }) == ["s1", "x1", "y1", "t1"])
    // Revisions held up by a cycle come last, by id then path.
    #expect(graph.order.map { ids[$0] } == ["a1", "b2", "c3", "c3", "s1", "t1", "x1", "y1"])
  }

  @Test func theUpgradeOrderBreaksTiesByIdThenPathWhateverTheInputOrder() throws {
    let files = [
      "versions/1.py": revisionFile("base"),
      "versions/2.py": revisionFile("zeta", #""base""#),
      "versions/3.py": revisionFile("alpha", #""base""#),
      "versions/4.py": revisionFile("mid", #""alpha""#),
      "versions/5.py": revisionFile("beta", #""base""#),
      "versions/6.py": revisionFile("merge", #"("zeta", "mid", "beta")"#),
    ]
    let expected = ["base", "alpha", "beta", "mid", "zeta", "merge"]
    let graph = try #require(try history(files).graphs.first)
    #expect(graph.order.map { graph.revisions[$0].id } == expected)
    let parsed = try files.map { (path: $0.key, file: try migrationFile($0.value)) }
    for shuffled in [Array(parsed.reversed()), parsed.shuffled()] {
      let again = try #require(MigrationHistory(files: shuffled).graphs.first)
      #expect(again.order.map { again.revisions[$0].id } == expected)
    }
  }

  @Test func separateVersionsFoldersAreSeparateGraphsUnlessTheyNameEachOther() throws {
    let found = try history([
      "migrations/versions/a.py": revisionFile("0001"),
      "migrations/versions/b.py": revisionFile("0002", #""0001""#),
      "analytics/alembic/versions/a.py": revisionFile("0001"),
      "analytics/alembic/versions/c.py": revisionFile("0003", #""0001""#),
      "plugins/versions/p.py": revisionFile("p1", #""0002""#),
      "api/versions/v1.py": "def handler():\n    return 1\n",
    ])
    #expect(
      found.versionsFolders == ["analytics/alembic/versions", "migrations/versions", "plugins/versions"])
    #expect(
      found.graphs.map(\.folders) == [
        ["analytics/alembic/versions"], ["migrations/versions", "plugins/versions"],
      ])
    #expect(found.graphs.map(\.heads) == [["0003"], ["p1"]])
    #expect(found.graphs.allSatisfy { $0.duplicates.isEmpty && $0.danglingParents.isEmpty })
    #expect(found.graph(containing: "plugins/versions/p.py")?.folders.first == "migrations/versions")
    #expect(MigrationHistory(files: []).hasVersionsFolder == false)
    #expect(MigrationHistory().graphs.isEmpty)
  }
}

@Suite struct MigrationSchemaTests {
  @Test func replayAppliesCreatesAddsDropsAndRenamesInUpgradeOrder() throws {
    let found = try history([
      "migrations/versions/1.py": revisionFile(
        "a1",
        upgrade: """
          op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String()))
              op.create_table("orders", sa.Column("id", sa.Integer()))
              op.create_table("audit", sa.Column("id", sa.Integer()))
          """),
      "migrations/versions/2.py": revisionFile(
        "b2", #""a1""#,
        upgrade: """
          op.add_column("users", sa.Column("email", sa.String(255)))
              op.alter_column("users", "name", new_column_name="full_name", type_=sa.Text())
              op.rename_table("orders", "purchases")
              with op.batch_alter_table("purchases") as batch_op:
                  batch_op.add_column(sa.Column("total", sa.Numeric(10, 2)))
          """),
      "migrations/versions/3.py": revisionFile(
        "c3", #""b2""#,
        upgrade: """
          op.drop_column("users", "email")
              op.drop_table("audit")
              op.add_column("ghosts", sa.Column("id", sa.Integer()))
          """),
    ])
    let schema = found.schema
    #expect(schema.existingTables.map(\.name) == ["purchases", "users"])
    let users = try #require(schema.table("users"))
    #expect(users.created?.revision == "a1")
    #expect(users.existingColumns.map(\.name) == ["id", "full_name"])
    #expect(users.column("full_name")?.created?.revision == "a1")
    #expect(users.column("full_name")?.type == "Text")
    #expect(users.column("full_name")?.renames.map(\.from) == ["name"])
    #expect(users.column("name")?.renamedAway?.site.revision == "b2")
    #expect(users.column("email")?.created?.revision == "b2")
    #expect(users.column("email")?.dropped?.revision == "c3")
    #expect(users.column("email")?.dropped?.path == "migrations/versions/3.py")
    #expect(!schema.hasColumn("email", in: "users"))
    #expect(schema.hasColumn("id", in: "users"))

    let purchases = try #require(schema.table("purchases"))
    #expect(purchases.created?.revision == "a1")
    #expect(purchases.renames.map { "\($0.from)->\($0.to)@\($0.site.revision)" } == ["orders->purchases@b2"])
    #expect(
      purchases.existingColumns.map { "\($0.name):\($0.type ?? "-")" } == ["id:Integer", "total:Numeric"])
    #expect(!schema.hasTable("orders"))
    #expect(schema.table("orders")?.renamedAway?.to == "purchases")

    #expect(schema.table("audit")?.dropped?.revision == "c3")
    #expect(!schema.hasTable("audit"))
    // A table revisions altered but never created does not exist.
    #expect(schema.table("ghosts")?.created == nil)
    #expect(!schema.hasTable("ghosts"))
    #expect(!schema.hasColumn("id", in: "ghosts"))
  }

  @Test func aTableDroppedAndCreatedAgainExistsWithItsNewColumns() throws {
    let found = try history([
      "versions/1.py": revisionFile(
        "a1", upgrade: #"op.create_table("tags", sa.Column("id", sa.Integer()))"#),
      "versions/2.py": revisionFile("b2", #""a1""#, upgrade: #"op.drop_table("tags")"#),
      "versions/3.py": revisionFile(
        "c3", #""b2""#, upgrade: #"op.create_table("tags", sa.Column("slug", sa.String()))"#),
    ])
    let tags = try #require(found.schema.table("tags"))
    #expect(tags.exists && tags.created?.revision == "c3" && tags.dropped == nil)
    #expect(tags.columns.map(\.name) == ["slug"])
  }

  @Test func operationsOfLaterRevisionsWinEvenWhenTheirIdsSortFirst() throws {
    // "0b" follows "9a": the graph, not the id, decides which operation comes last.
    let found = try history([
      "versions/first.py": revisionFile(
        "9a", upgrade: #"op.create_table("notes", sa.Column("id", sa.Integer()))"#),
      "versions/second.py": revisionFile("0b", #""9a""#, upgrade: #"op.drop_table("notes")"#),
    ])
    #expect(found.schema.table("notes")?.dropped?.revision == "0b")
  }

  @Test func theSchemaOfSeveralEnvironmentsKeepsTheTablesThatExist() throws {
    let found = try history([
      "a/versions/1.py": revisionFile(
        "a1", upgrade: #"op.create_table("events", sa.Column("id", sa.Integer()))"#),
      "b/versions/1.py": revisionFile(
        "b1",
        upgrade: #"op.create_table("users", sa.Column("id", sa.Integer()))\#n    op.drop_table("events")"#),
    ])
    #expect(found.graphs.count == 2)
    #expect(found.schema.existingTables.map(\.name) == ["events", "users"])
    #expect(found.graphs[1].schema.table("events")?.created == nil)
  }
}

/// Counted `migrations/broken-chain` findings of `files` as `path:line:col`, in report order.
private func brokenChain(_ files: [String: String]) throws -> [Finding] {
  try TemporaryProject(files: files).audit().findings.filter {
    $0.ruleId == BrokenChainRule.id && !$0.isSuppressed
  }
}

private func places(_ findings: [Finding]) -> [String] {
  findings.map { "\($0.location.path):\($0.location.line):\($0.location.column)" }
}

@Suite struct BrokenChainRuleTests {
  @Test func aDanglingParentIsReportedOnceAtItsDownRevisionLine() throws {
    let found = try brokenChain([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""a1""#),
      "migrations/versions/c.py": revisionFile("c3", #""9f9f""#),
      "migrations/versions/d.py": revisionFile("d4", #""c3""#),
    ])
    #expect(places(found) == ["migrations/versions/c.py:5:1"])
    let message = try #require(found.first?.message)
    #expect(message.contains("`c3`") && message.contains("`9f9f`") && message.contains("`b2`"))
  }

  @Test func aDuplicatedIdIsReportedAtTheRevisionLineOfEveryFile() throws {
    let found = try brokenChain([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b1.py": revisionFile("b2", #""a1""#),
      "migrations/versions/b2.py": "# a second file\n" + revisionFile("b2", #""a1""#),
    ])
    #expect(places(found) == ["migrations/versions/b1.py:4:1", "migrations/versions/b2.py:5:1"])
    #expect(
      found.allSatisfy { $0.message.contains("`b2`") && $0.message.contains("migrations/versions/b1.py") })
  }

  @Test func everyUnmergedHeadIsReportedAndAMergeIsClean() throws {
    var files = [
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""a1""#),
      "migrations/versions/c.py": revisionFile("c3", #""a1""#),
    ]
    let found = try brokenChain(files)
    #expect(places(found) == ["migrations/versions/b.py:4:1", "migrations/versions/c.py:4:1"])
    #expect(
      found.allSatisfy { $0.message.contains("`b2`, `c3`") && $0.message.contains("alembic merge heads") })
    files["migrations/versions/m.py"] = revisionFile("m4", #"("b2", "c3")"#)
    #expect(try brokenChain(files).isEmpty)
  }

  @Test func aCycleIsReportedAtTheRevisionLineOfEachMember() throws {
    let found = try brokenChain([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""c3""#),
      "migrations/versions/c.py": revisionFile("c3", #""b2""#),
      "migrations/versions/s.py": revisionFile("s1", #""s1""#),
    ])
    #expect(
      places(found) == [
        "migrations/versions/b.py:4:1", "migrations/versions/c.py:4:1", "migrations/versions/s.py:4:1",
      ])
    #expect(found[0].message.contains("`b2`, `c3`") && found[0].message.contains("cycle"))
    #expect(found[2].message.contains("names itself"))
  }

  @Test func independentEnvironmentsAndTestCodeAreJudgedApart() throws {
    let found = try brokenChain([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""a1""#),
      "reporting/alembic/versions/a.py": revisionFile("r1"),
      "reporting/alembic/versions/b.py": revisionFile("r2", #""r1""#),
      "tests/migrations/versions/broken.py": revisionFile("t1", #""missing""#),
      "tests/migrations/versions/other.py": revisionFile("t2"),
    ])
    #expect(found.isEmpty)
  }

  @Test func aComputedParentIsNotJudgedNorAreTheHeadsAfterIt() throws {
    let found = try brokenChain([
      "migrations/versions/a.py": revisionFile("a1"),
      "migrations/versions/b.py": revisionFile("b2", #""a1""#),
      "migrations/versions/c.py": revisionFile("c3", "PARENT"),
    ])
    #expect(found.isEmpty)
  }
}
