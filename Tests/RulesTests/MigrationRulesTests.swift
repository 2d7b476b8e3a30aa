import ArchCore
import Audit
import PyAnalysis
import Rules
import Testing
import TreeSitter

/// Counted findings of `rule` for `files`, as `path:line:col`, with their messages, in report order.
private func findings(_ rule: String, _ files: [String: String]) throws -> [(place: String, message: String)]
{
  try TemporaryProject(files: files).audit().findings
    .filter { $0.ruleId == rule && !$0.isSuppressed }
    .map { ("\($0.location.path):\($0.location.line):\($0.location.column)", $0.message) }
}

private func missingTables(_ files: [String: String]) throws -> [(place: String, message: String)] {
  try findings(MissingTableRule.id, files)
}

private func missingColumns(_ files: [String: String]) throws -> [(place: String, message: String)] {
  try findings(MissingColumnRule.id, files)
}

/// A revision file whose `upgrade()` runs `upgrade` (Python statements, one per line); `down` is
/// Python source (`None`, `"a1"`).
private func revision(_ id: String, _ down: String = "None", upgrade: [String] = ["pass"]) -> String {
  """
  from alembic import op
  import sqlalchemy as sa

  revision = "\(id)"
  down_revision = \(down)


  def upgrade():
  \(upgrade.map { "    " + $0 }.joined(separator: "\n"))
  """
}

/// `op.create_table("name", sa.Column("c", sa.Integer()), ...)`.
private func createTable(_ name: String, _ columns: String...) -> String {
  let list = columns.map { #"sa.Column("\#($0)", sa.Integer())"# }
  return #"op.create_table("\#(name)", "# + list.joined(separator: ", ") + ")"
}

private let flaskDB = """
  from flask_sqlalchemy import SQLAlchemy

  db = SQLAlchemy()
  """

@Suite struct MissingTableRuleTests {
  private let models = """
    from .extensions import db


    class User(db.Model):
        __tablename__ = "users"
        id = db.Column(db.Integer, primary_key=True)


    class OrderItem(db.Model):
        id = db.Column(db.Integer, primary_key=True)


    class Purchase(db.Model):
        __tablename__ = "purchases"
        id = db.Column(db.Integer, primary_key=True)
    """

  @Test func explicitAndDerivedTableNamesNeedACreateTable() throws {
    var files = [
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("users", "id"), createTable("purchases", "id")]),
    ]
    let found = try missingTables(files)
    #expect(found.map(\.place) == ["app/models.py:9:1"])
    #expect(found.first?.message.contains("table `order_item` of model `OrderItem`") == true)
    #expect(found.first?.message.contains("created by no Alembic revision") == true)

    files["migrations/versions/b2.py"] = revision(
      "b2", #""a1""#, upgrade: [createTable("order_item", "id")])
    #expect(try missingTables(files).isEmpty)
  }

  @Test func renamesAreFollowedAndTheOldNameIsReportedWithTheRenamingRevision() throws {
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models.py": models.replacingOccurrences(of: #""users""#, with: #""customers""#),
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("customers", "id"), createTable("orders", "id")]),
      "migrations/versions/b2.py": revision(
        "b2", #""a1""#,
        upgrade: [
          #"op.rename_table("orders", "purchases")"#, #"op.rename_table("customers", "clients")"#,
          createTable("order_item", "id"),
        ]),
    ])
    // `purchases` was created as `orders`; `customers` now lives on as `clients`.
    #expect(found.map(\.place) == ["app/models.py:4:1"])
    let message = try #require(found.first?.message)
    #expect(message.contains("table `customers` of model `User` is renamed to `clients`"))
    #expect(message.contains("revision `b2` (migrations/versions/b2.py)"))
  }

  @Test func aTableDroppedByALaterRevisionNamesThatRevision() throws {
    var files = [
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          createTable("users", "id"), createTable("order_item", "id"), createTable("purchases", "id"),
        ]),
      "migrations/versions/b2.py": revision("b2", #""a1""#, upgrade: [#"op.drop_table("order_item")"#]),
    ]
    let found = try missingTables(files)
    #expect(found.map(\.place) == ["app/models.py:9:1"])
    #expect(
      found.first?.message.contains(
        "table `order_item` of model `OrderItem` is dropped by revision `b2` (migrations/versions/b2.py)")
        == true)
    // Created again by a later revision, the table exists.
    files["migrations/versions/c3.py"] = revision(
      "c3", #""b2""#, upgrade: [createTable("order_item", "id")])
    #expect(try missingTables(files).isEmpty)
  }

  @Test func singleTableInheritanceIsCheckedOnceAtTheModelThatOwnsTheTable() throws {
    let files = [
      "app/extensions.py": flaskDB,
      // The subclass sorts first in path order; the finding still goes to the owner.
      "app/models/a_managers.py": """
      from ..extensions import db
      from .employees import Employee


      class Manager(Employee):
          __mapper_args__ = {"polymorphic_identity": "manager"}
          budget = db.Column(db.Integer)
      """,
      "app/models/employees.py": """
      from ..extensions import db


      class Employee(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          kind = db.Column(db.String(20))
          __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "employee"}
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("users", "id")]),
    ]
    let found = try missingTables(files)
    #expect(found.map(\.place) == ["app/models/employees.py:4:1"])
    #expect(found.first?.message.contains("table `employee` of models `Employee`, `Manager`") == true)
  }

  @Test func associationTablesAreCheckedAtTheirStatementUnlessReflected() throws {
    let files = [
      "app/extensions.py": flaskDB,
      "app/tables.py": """
      from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

      from .extensions import db

      metadata = MetaData()

      tags_posts = db.Table(
          "tags_posts",
          db.Column("tag_id", db.ForeignKey("tag.id"), primary_key=True),
      )
      legacy = Table("legacy_accounts", metadata, autoload_with=db.engine)
      post_links = Table("post_links", metadata, Column("post_id", Integer, ForeignKey("post.id")))
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("post_links", "post_id")]),
    ]
    let found = try missingTables(files)
    #expect(found.map(\.place) == ["app/tables.py:7:1"])
    #expect(found.first?.message.contains("table `tags_posts` (declared with `Table(...)`)") == true)
  }

  @Test func withoutAVersionsFolderOneFindingGoesToTheFirstModelInPathOrder() throws {
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models/b_orders.py": """
      from ..extensions import db


      class Order(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "app/models/a_users.py": """
      from ..extensions import db

      tags = db.Table("user_tags", db.Column("user_id", db.ForeignKey("user.id")))


      class Base(db.Model):
          __abstract__ = True


      class User(Base):
          id = db.Column(db.Integer, primary_key=True)


      class Team(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      // Revisions in test code are no migrations of the project.
      "tests/migrations/versions/a1.py": revision("a1", upgrade: [createTable("user", "id")]),
    ])
    #expect(found.map(\.place) == ["app/models/a_users.py:10:1"])
    let message = try #require(found.first?.message)
    #expect(message.contains("no Alembic `versions/` folder"))
    #expect(message.contains("(`user`, `team`, `order` and 1 more)"))
    #expect(try missingColumns(["app/extensions.py": flaskDB, "app/models.py": models]).isEmpty)
  }

  @Test func aTableCountsAsCreatedWhenAnyEnvironmentCreatesIt() throws {
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("users", "id"), #"op.drop_table("users")"#]),
      "reporting/migrations/versions/r1.py": revision(
        "r1", upgrade: [createTable("users", "id"), createTable("order_item", "id")]),
      "billing/alembic/versions/0001.py": revision("0001", upgrade: [createTable("purchases", "id")]),
    ])
    #expect(found.isEmpty)
  }

  @Test func tablesOfMultiDatabaseTemplatesAndUpgradeHelpersAreCreated() throws {
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": """
      from alembic import op
      import sqlalchemy as sa

      revision = "a1"
      down_revision = None


      def upgrade(engine_name):
          globals()["upgrade_%s" % engine_name]()


      def upgrade_():
          op.create_table("users", sa.Column("id", sa.Integer()))
          _create_order_item()


      def _create_order_item():
          op.create_table("order_item", sa.Column("id", sa.Integer()))


      def _create_purchases():
          op.create_table("purchases", sa.Column("id", sa.Integer()))


      def downgrade_():
          _create_purchases()
      """,
    ])
    // Only a helper called from `downgrade_()` does not count.
    #expect(found.map(\.place) == ["app/models.py:13:1"])
  }

  @Test func aHistoryThatAltersTablesItNeverCreatesMayHoldAnyOtherTable() throws {
    // `users` comes from a schema made outside Alembic (`create_all()` then `alembic stamp`).
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          #"op.add_column("users", sa.Column("email", sa.String()))"#, createTable("purchases", "id"),
        ]),
      "migrations/versions/b2.py": revision("b2", #""a1""#, upgrade: [#"op.drop_table("purchases")"#]),
    ])
    // Only the table a revision drops is still reported.
    #expect(found.map(\.place) == ["app/models.py:13:1"])
  }

  @Test func tablesCreatedUnderNamesTheAnalysisCannotReadAreNotReported() throws {
    var files = [
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          "for name in NAMES:", #"    op.create_table(name, sa.Column("id", sa.Integer()))"#,
          createTable("users", "id"),
        ]),
    ]
    #expect(try missingTables(files).isEmpty)
    files["migrations/versions/a1.py"] = revision(
      "a1", upgrade: [createTable("users", "id"), createTable("purchases", "id")])
    #expect(try missingTables(files).map(\.place) == ["app/models.py:9:1"])
  }

  @Test func importedHelpersNamedLikeOperationsAreRead() throws {
    let files = [
      "app/extensions.py": flaskDB,
      "app/models.py": models.replacingOccurrences(
        of: "    __tablename__ = \"users\"\n",
        with: "    __tablename__ = \"users\"\n    email = db.Column(db.String())\n"),
      "migrations/versions/a1.py": """
      import sqlalchemy as sa

      from app.migration_utils import add_columns, create_table as create

      revision = "a1"
      down_revision = None


      def upgrade():
          create("users", sa.Column("id", sa.Integer()), sa.PrimaryKeyConstraint("id"))
          create("order_item", sa.Column("id", sa.Integer()))
          create("purchases", sa.Column("id", sa.Integer()))
          add_columns("users", sa.Column("email", sa.String()), sa.Column("phone", sa.String()))
      """,
    ]
    #expect(files["app/models.py"]?.contains("email = db.Column") == true)
    #expect(try missingTables(files).isEmpty)
    #expect(try missingColumns(files).isEmpty)
  }

  @Test func revisionsOutsideAVersionsFolderAreReadWhenThereIsNone() throws {
    // flaskbb points `version_locations` at `flaskbb/migrations`.
    var files = [
      "app/extensions.py": flaskDB,
      "app/models.py": models,
      "app/migrations/201501_init.py": revision(
        "8ad96e49dc6", upgrade: [createTable("users", "id"), createTable("order_item", "id")]),
      "app/migrations/env.py": "from alembic import context\n",
    ]
    let found = try missingTables(files)
    #expect(found.map(\.place) == ["app/models.py:13:1"])
    #expect(found.first?.message.contains("table `purchases` of model `Purchase` is created by no") == true)
    files["app/migrations/201502_add_purchases.py"] = revision(
      "514ca0a3282c", #""8ad96e49dc6""#, upgrade: [createTable("purchases", "id")])
    #expect(try missingTables(files).isEmpty)
    #expect(try findings(BrokenChainRule.id, files).isEmpty)
  }

  @Test func aSchemaQualifiesTheTableName() throws {
    let found = try missingTables([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from sqlalchemy.orm import declared_attr

      from .extensions import db


      class Invoice(db.Model):
          __tablename__ = "invoices"
          __table_args__ = (db.UniqueConstraint("number"), {"schema": "billing"})
          id = db.Column(db.Integer, primary_key=True)


      class ArchivedInvoice(db.Model):
          __tablename__ = "invoices"
          __table_args__ = {"schema": "archive"}
          id = db.Column(db.Integer, primary_key=True)


      class EventLog(db.Model):
          __tablename__ = "logs"
          id = db.Column(db.Integer, primary_key=True)

          @declared_attr
          def __table_args__(cls):
              return auto_table_args(cls, schema="events")
      """,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          #"op.create_table("invoices", sa.Column("id", sa.Integer()), schema="billing")"#,
          #"op.create_table("logs", sa.Column("id", sa.Integer()), schema="events")"#,
        ]),
    ])
    #expect(found.map(\.place) == ["app/models.py:12:1"])
    #expect(found.first?.message.contains("table `archive.invoices` of model `ArchivedInvoice`") == true)
  }
}

@Suite struct MissingColumnRuleTests {
  @Test func aDeclaredColumnNoRevisionCreatesIsReportedAtItsStatement() throws {
    var files = [
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Order(db.Model):
          __tablename__ = "orders"

          id = db.Column(db.Integer, primary_key=True)
          customer_id = db.Column("user_id", db.Integer, nullable=False)
          coupon_code = db.Column(db.String(32))
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("orders", "id", "customer_id")]),
    ]
    // Compared on the database name: `user_id`, not the attribute `customer_id`.
    var found = try missingColumns(files)
    #expect(found.map(\.place) == ["app/models.py:8:5", "app/models.py:9:5"])
    #expect(
      found.first?.message.contains(
        "column `user_id` (attribute `customer_id`) of table `orders` (model `Order`) is created by no")
        == true)

    files["migrations/versions/b2.py"] = revision(
      "b2", #""a1""#,
      upgrade: [
        #"op.add_column("orders", sa.Column("user_id", sa.Integer()))"#,
        #"with op.batch_alter_table("orders") as batch_op:"#,
        #"    batch_op.add_column(sa.Column("coupon_code", sa.String(32)))"#,
      ])
    found = try missingColumns(files)
    #expect(found.isEmpty, "\(found)")
  }

  @Test func renamesAreFollowedAndDropsAndRenamesNameTheirRevision() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class User(db.Model):
          __tablename__ = "users"

          id = db.Column(db.Integer, primary_key=True)
          full_name = db.Column(db.String(120))
          nickname = db.Column(db.String(40))
          email = db.Column(db.String(255))
      """,
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("users", "id", "name", "nickname", "email")]),
      "migrations/versions/b2.py": revision(
        "b2", #""a1""#,
        upgrade: [
          #"op.alter_column("users", "name", new_column_name="full_name")"#,
          #"with op.batch_alter_table("users") as batch_op:"#,
          #"    batch_op.alter_column("nickname", new_column_name="handle")"#,
        ]),
      "migrations/versions/c3.py": revision("c3", #""b2""#, upgrade: [#"op.drop_column("users", "email")"#]),
    ])
    #expect(found.map(\.place) == ["app/models.py:9:5", "app/models.py:10:5"])
    #expect(
      found.first?.message.contains(
        "column `nickname` of table `users` (model `User`) is renamed to `handle` by revision `b2` "
          + "(migrations/versions/b2.py)") == true)
    #expect(
      found.last?.message.contains(
        "column `email` of table `users` (model `User`) is dropped by revision `c3` (migrations/versions/c3.py)"
      )
        == true)
  }

  @Test func inheritedColumnsAreReportedOnceAtTheModelNamingTheirMixin() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/mixins.py": """
      from datetime import datetime

      from sqlalchemy.orm import declared_attr

      from .extensions import db


      class TimestampMixin:
          created_at = db.Column(db.DateTime, default=datetime.utcnow)
          updated_at = db.Column(db.DateTime)


      class WorkspaceScoped:
          @declared_attr
          def workspace_id(cls):
              return db.Column(db.Integer, db.ForeignKey("workspace.id"))
      """,
      "app/models.py": """
      from .extensions import db
      from .mixins import TimestampMixin, WorkspaceScoped


      class Project(WorkspaceScoped, TimestampMixin, db.Model):
          id = db.Column(db.Integer, primary_key=True)


      class Task(TimestampMixin, db.Model):
          id = db.Column(db.Integer, primary_key=True)
          title = db.Column(db.String(200))
      """,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          createTable("project", "id", "created_at", "updated_at"),
          createTable("task", "id", "created_at", "updated_at"),
        ]),
      "migrations/versions/b2.py": revision(
        "b2", #""a1""#, upgrade: [#"op.drop_column("task", "updated_at")"#]),
    ])
    #expect(found.map(\.place) == ["app/models.py:5:1", "app/models.py:9:1", "app/models.py:11:5"])
    #expect(
      found[0].message.contains(
        "column `workspace_id` of table `project` (model `Project`), inherited from `WorkspaceScoped`, "
          + "is created by no Alembic revision"))
    #expect(
      found[1].message.contains(
        "column `updated_at` of table `task` (model `Task`), inherited from `TimestampMixin`, is dropped by "
          + "revision `b2`"))
  }

  @Test func severalInheritedColumnsMakeOneFindingThatListsEach() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Audited:
          created_by = db.Column(db.Integer)
          updated_by = db.Column(db.Integer)


      class Note(Audited, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("note", "id")]),
    ])
    #expect(found.map(\.place) == ["app/models.py:9:1"])
    #expect(
      found.first?.message.contains(
        "`created_by` from `Audited` is created by no Alembic revision, `updated_by` from `Audited` is created"
      )
        == true)
  }

  @Test func singleTableInheritanceColumnsAreCheckedAgainstTheSharedTable() throws {
    let files = [
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Event(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          kind = db.Column(db.String(20))
          __mapper_args__ = {"polymorphic_on": kind}


      class LoginEvent(Event):
          ip_address = db.Column(db.String(45))
          user_agent = db.Column(db.String(200))
      """,
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("event", "id", "kind", "ip_address")]),
    ]
    let found = try missingColumns(files)
    #expect(found.map(\.place) == ["app/models.py:12:5"])
    #expect(
      found.first?.message.contains("column `user_agent` of table `event` (model `LoginEvent`)") == true)
  }

  @Test func aMissingTableGetsNoColumnFindings() throws {
    let files = [
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Invoice(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          total = db.Column(db.Numeric(10, 2))
      """,
      "migrations/versions/a1.py": revision(
        "a1", upgrade: [createTable("invoice", "id"), #"op.drop_table("invoice")"#]),
    ]
    #expect(try missingColumns(files).isEmpty)
    #expect(try missingTables(files).map(\.place) == ["app/models.py:4:1"])
  }

  @Test func associationTableColumnsAreReportedAtTheirColumnCall() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/tables.py": """
      from .extensions import db

      memberships = db.Table(
          "memberships",
          db.Column("user_id", db.ForeignKey("user.id"), primary_key=True),
          db.Column("role", db.String(20)),
      )
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("memberships", "user_id")]),
    ])
    #expect(found.map(\.place) == ["app/tables.py:6:5"])
    #expect(
      found.first?.message.contains("column `role` of table `memberships` (declared with `Table(...)`)")
        == true)
  }

  @Test func aColumnCountsWhenAnyEnvironmentCreatingTheTableCreatesIt() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Metric(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          value = db.Column(db.Integer)
          unit = db.Column(db.String(8))
      """,
      "a/migrations/versions/a1.py": revision("a1", upgrade: [createTable("metric", "id", "value")]),
      "b/migrations/versions/b1.py": revision("b1", upgrade: [createTable("metric", "id")]),
    ])
    #expect(found.map(\.place) == ["app/models.py:7:5"])
  }

  @Test func columnsAddedInALoopAreNotReportedButOthersAre() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Order(db.Model):
          __tablename__ = "orders"
          id = db.Column(db.Integer, primary_key=True)
          created = db.Column(db.DateTime)
          author = db.Column(db.Text)


      class User(db.Model):
          __tablename__ = "users"
          id = db.Column(db.Integer, primary_key=True)
          created = db.Column(db.DateTime)
          nickname = db.Column(db.Text)
      """,
      "migrations/versions/a1.py": revision(
        "a1",
        upgrade: [
          createTable("orders", "id"), createTable("users", "id"),
          "for table in TABLES:", #"    op.add_column(table, sa.Column("created", sa.DateTime()))"#,
          "for column in COLUMNS:", #"    op.add_column("orders", sa.Column(column, sa.Text()))"#,
        ]),
    ])
    #expect(found.map(\.place) == ["app/models.py:15:5"])
  }

  @Test func aColumnAnotherEnvironmentAddsToTheTableCounts() throws {
    // ckan's activity plugin has an environment of its own that adds a column to `activity`.
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from .extensions import db


      class Activity(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          permission_labels = db.Column(db.Text)
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("activity", "id")]),
      "plugins/activity/migration/versions/p1.py": revision(
        "p1", upgrade: [#"op.add_column("activity", sa.Column("permission_labels", sa.Text()))"#]),
    ])
    #expect(found.isEmpty)
  }

  @Test func columnsADeclaredAttrGivesOnlySomeClassesAreNotReported() throws {
    let found = try missingColumns([
      "app/extensions.py": flaskDB,
      "app/models.py": """
      from sqlalchemy.orm import declared_attr

      from .extensions import db


      class LinkMixin:
          allowed = ()

          @declared_attr
          def event_id(cls):
              if "event" in cls.allowed:
                  return db.Column(db.Integer)

          @declared_attr
          def render_mode(cls):
              if len(cls.allowed) > 1:
                  return db.Column(db.Integer)
              return None

          @declared_attr
          def owner_id(cls):
              # always there
              return db.Column(db.Integer)


      class Link(LinkMixin, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "migrations/versions/a1.py": revision("a1", upgrade: [createTable("link", "id")]),
    ])
    #expect(found.map(\.place) == ["app/models.py:26:1"])
    #expect(
      found.first?.message.contains("column `owner_id` of table `link` (model `Link`), inherited") == true)
  }
}

/// zou keeps its pre-squash revisions in `versions/legacy/`, and its squash revision reuses the id of
/// the legacy head. Alembic's version locations are not recursive by default, so the two folders are
/// separate locations, and each `down_revision` resolves in its own location first.
@Suite struct SquashedHistoryTests {
  private let files = [
    "zou/migrations/versions/0001_squash.py": revision("a1", upgrade: [createTable("person", "id")]),
    "zou/migrations/versions/0002_add_email.py": revision(
      "b2", #""a1""#, upgrade: [#"op.add_column("person", sa.Column("email", sa.String()))"#]),
    "zou/migrations/versions/0003_add_phone.py": revision(
      "c3", #""b2""#, upgrade: [#"op.add_column("person", sa.Column("phone", sa.String()))"#]),
    "zou/migrations/versions/legacy/l1_create_person.py": revision(
      "l1", upgrade: [createTable("person", "id")]),
    "zou/migrations/versions/legacy/l2_add_email.py": revision("l2", #""l1""#),
    "zou/migrations/versions/legacy/a1_last_legacy.py": revision("a1", #""l2""#),
  ]

  private func history(_ files: [String: String]) throws -> MigrationHistory {
    MigrationHistory(
      files: try files.sorted { $0.key < $1.key }.map { path, code in
        let tree = try #require(Parser().parse(SourceText(code), as: .python))
        return (path: path, file: PythonExtractor.extract(tree))
      })
  }

  @Test func aSubfolderOfVersionsIsALocationOfItsOwn() throws {
    let found = try history(files)
    #expect(found.versionsFolders == ["zou/migrations/versions"])
    #expect(
      found.graphs.map(\.folders) == [["zou/migrations/versions"], ["zou/migrations/versions/legacy"]])
    #expect(found.graphs.map(\.heads) == [["c3"], ["a1"]])
    #expect(found.graphs.allSatisfy { $0.duplicates.isEmpty && $0.danglingParents.isEmpty })
    #expect(found.revisions.map(\.folder).allSatisfy { $0 == "zou/migrations/versions" })
    #expect(found.schema.hasColumn("phone", in: "person"))
  }

  @Test func theSquashAndTheLegacyHeadAreNoDuplicatedId() throws {
    #expect(try findings(BrokenChainRule.id, files).isEmpty)
  }

  @Test func aParentResolvesInItsOwnLocationBeforeAnother() throws {
    // The 2024 folder continues the main history from `c3`, and copies `a1` under the same id.
    var joined = files
    joined["zou/migrations/versions/legacy/a1_last_legacy.py"] = nil
    joined["zou/migrations/versions/2024/d4.py"] = revision("d4", #""c3""#)
    joined["zou/migrations/versions/2024/a1_copy.py"] = revision("a1", #""d4""#)
    joined["zou/migrations/versions/2024/e5.py"] = revision("e5", #""a1""#)
    let graph = try #require(
      try history(joined).graph(containing: "zou/migrations/versions/2024/e5.py"))
    #expect(graph.folders == ["zou/migrations/versions", "zou/migrations/versions/2024"])
    let e5 = try #require(graph.indicesByID["e5"]?.first)
    #expect(
      graph.parentIndices[e5].map { graph.revisions[$0].path } == ["zou/migrations/versions/2024/a1_copy.py"])
    let b2 = try #require(graph.indicesByID["b2"]?.first)
    #expect(
      graph.parentIndices[b2].map { graph.revisions[$0].path } == ["zou/migrations/versions/0001_squash.py"])
    // Joined locations make one history, in which an id may be declared once.
    #expect(graph.duplicates.count == 1)
    #expect(graph.heads == ["e5"])
  }
}

@Suite struct MigrationReadingTests {
  private func read(_ code: String) throws -> MigrationRevision {
    let tree = try #require(Parser().parse(SourceText(code), as: .python))
    return try #require(
      MigrationRevision(
        path: "migrations/versions/a1.py", folder: "migrations/versions", file: PythonExtractor.extract(tree))
    )
  }

  @Test func creationsWithNamesThatAreNotLiteralsAreKeptApart() throws {
    let found = try read(
      revision(
        "a1",
        upgrade: [
          "for name in NAMES:", #"    op.create_table(name, sa.Column("id", sa.Integer()))"#,
          #"op.create_table("events", sa.Column("id", sa.Integer()), *timestamps(), _text("body"))"#,
          "for table in TABLES:",
          "    with op.batch_alter_table(table) as batch_op:",
          #"        batch_op.add_column(sa.Column("created", sa.DateTime()))"#,
          #"        batch_op.drop_column("legacy")"#,
          #"op.add_column("users", _column(NAME))"#,
        ]))
    #expect(found.operations.map(\.kind) == [.createTable(table: "events", columns: [found.createdColumn])])
    #expect(
      found.unresolved.map { "\($0.kind) \($0.table ?? "?").\($0.column ?? "?")" } == [
        "createTable ?.?", "addColumn events.body", "addColumn events.?", "addColumn ?.created",
        "addColumn users.?",
      ])
    let loop = found.unresolved[3]
    #expect(
      loop.mayCreate(column: "created", of: "orders") && !loop.mayCreate(column: "updated", of: "orders"))
    #expect(found.unresolved[0].mayCreate(table: "anything") && !loop.mayCreate(table: "orders"))
  }

  @Test func aSchemaArgumentQualifiesTheTable() throws {
    let found = try read(
      revision(
        "a1",
        upgrade: [
          #"op.create_table("tokens", sa.Column("id", sa.Integer()), schema="oauth")"#,
          #"op.add_column("tokens", sa.Column("scope", sa.Text()), schema="oauth")"#,
          #"with op.batch_alter_table("tokens", schema="oauth") as batch_op:"#,
          #"    batch_op.drop_column("legacy")"#,
          #"op.rename_table("logs", "entries", schema="events")"#,
        ]))
    #expect(
      found.operations.map(\.table) == ["oauth.tokens", "oauth.tokens", "oauth.tokens", "events.entries"])
  }
}

extension MigrationRevision {
  /// The one column of the first `create_table`, for comparing kinds.
  fileprivate var createdColumn: MigrationColumn {
    if case .createTable(_, let columns) = operations.first?.kind, let first = columns.first { return first }
    return MigrationColumn(name: "", type: nil, range: 0..<0)
  }
}
