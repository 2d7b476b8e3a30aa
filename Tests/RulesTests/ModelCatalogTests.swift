import ArchCore
import PyAnalysis
import Testing
import TreeSitter

/// A small project of Python modules and the catalogue built from it.
private struct CatalogProject {
  let files: [String: String]
  let catalog: ModelCatalog

  init(_ files: [String: String], settings: AnalysisSettings = AnalysisSettings()) throws {
    self.files = files
    var modules: [(path: String, file: PythonFile)] = []
    for (path, code) in files.sorted(by: { $0.key < $1.key }) {
      let tree = try #require(Parser().parse(SourceText(code), as: .python))
      modules.append((path, PythonExtractor.extract(tree)))
    }
    catalog = ModelCatalog(modules: modules, settings: settings)
  }

  func model(_ name: String) throws -> ORMModel {
    let found = catalog.models(named: name)
    try #require(found.count == 1, "expected one model \(name), found \(found.count)")
    return found[0]
  }

  /// The rest of the line at `offset` in `path`.
  func line(at offset: Int, in path: String) -> String {
    let bytes = Array((files[path] ?? "").utf8)
    guard offset < bytes.count else { return "" }
    let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }

  var modelNames: [String] { catalog.models.map(\.name) }
}

@Suite struct ModelCatalogTests {
  @Test func flaskModelsThroughAnImportedDbGetDerivedTableNames() throws {
    let project = try CatalogProject([
      "app/extensions.py": """
      from flask_sqlalchemy import SQLAlchemy

      db = SQLAlchemy()
      """,
      "app/models.py": """
      from .extensions import db


      class OrderItem(db.Model):
          id = db.Column(db.Integer, primary_key=True)


      class Invoice(db.Model):
          __tablename__ = "invoices"
          id = db.Column(db.Integer, primary_key=True)


      class InvoiceSchema:
          id = None
      """,
    ])
    #expect(project.modelNames == ["OrderItem", "Invoice"])
    let item = try project.model("OrderItem")
    #expect(item.framework == .flaskSQLAlchemy)
    #expect(item.tableName == "order_item")
    #expect(item.path == "app/models.py")
    #expect(item.module == "app.models")
    #expect(item.classIndex == 0)
    #expect(project.line(at: item.offset, in: item.path) == "class OrderItem(db.Model):")
    #expect(try project.model("Invoice").tableName == "invoices")
    #expect(project.catalog.models(forTable: "invoices").map(\.name) == ["Invoice"])
  }

  @Test(arguments: [
    ("User", "user"), ("OrderItem", "order_item"), ("HTTPLog", "http_log"), ("APIKey", "api_key"),
    ("UserV2", "user_v2"), ("Model2FA", "model2_fa"), ("ABTest2Result", "ab_test2_result"),
    ("OAuth2Token", "o_auth2_token"), ("S3Bucket", "s3_bucket"), ("getHTTPResponse", "get_http_response"),
    ("_PrivateThing", "private_thing"), ("CSVFile", "csv_file"), ("X", "x"), ("IPAddress", "ip_address"),
    ("Page404Log", "page404_log"), ("SKU", "sku"),
  ])
  func flaskTableNamesFollowCamelToSnakeCase(_ name: String, _ table: String) throws {
    let project = try CatalogProject([
      "models.py": """
      from flask_sqlalchemy import SQLAlchemy

      db = SQLAlchemy()


      class \(name)(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """
    ])
    #expect(try project.model(name).tableName == table)
  }

  @Test func theFlaskObjectIsFollowedThroughAliasesModulesAndAnUnknownDb() throws {
    let project = try CatalogProject([
      "app/__init__.py": """
      from flask_sqlalchemy import SQLAlchemy as FlaskSQLAlchemy

      database = FlaskSQLAlchemy()
      Model = database.Model
      """,
      "app/a.py": """
      from app import database as store


      class Alpha(store.Model):
          id = store.Column(store.Integer, primary_key=True)
      """,
      "app/b.py": """
      import app as application
      from . import Model


      class Beta(application.database.Model):
          id = application.database.Column(application.database.Integer, primary_key=True)


      class Gamma(Model):
          id = application.database.Column(application.database.Integer, primary_key=True)
      """,
      "app/c.py": """
      from somewhere.else import db


      class Delta(db.Model):
          id = db.Column(db.Integer, primary_key=True)


      class Epsilon(object):
          pass
      """,
    ])
    #expect(project.modelNames == ["Alpha", "Beta", "Gamma", "Delta"])
    #expect(project.catalog.models.allSatisfy { $0.framework == .flaskSQLAlchemy })
  }

  @Test func columnsOfTheFlaskModelClassAreInheritedByEveryModel() throws {
    let project = try CatalogProject([
      "app/extensions.py": """
      from flask_sqlalchemy import SQLAlchemy
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


      class Base(DeclarativeBase):
          id: Mapped[int] = mapped_column(primary_key=True)


      db = SQLAlchemy(model_class=Base)
      """,
      "app/models.py": """
      from sqlalchemy.orm import Mapped

      from .extensions import db


      class Note(db.Model):
          body: Mapped[str]
      """,
    ])
    #expect(project.modelNames == ["Note"])
    let note = try project.model("Note")
    #expect(note.tableName == "note")
    #expect(note.inheritedColumns.map(\.name) == ["id"])
    #expect(note.tableColumns.map(\.name) == ["body", "id"])
    #expect(note.inheritedColumns.first?.path == "app/extensions.py")
  }

  @Test func declarativeBasesAreRecognisedAndAreNotModels() throws {
    let project = try CatalogProject([
      "app/db.py": """
      from sqlalchemy import Column, Integer
      from sqlalchemy.ext.automap import automap_base
      from sqlalchemy.ext.declarative import as_declarative
      from sqlalchemy.orm import DeclarativeBase, declarative_base, registry

      Legacy = declarative_base()
      Generated = registry().generate_base()
      mapper_registry = registry()
      Registered = mapper_registry.generate_base()
      Reflected = automap_base()


      class Base(DeclarativeBase):
          pass


      @as_declarative()
      class Decorated:
          id = Column(Integer, primary_key=True)
      """,
      "app/models.py": """
      from sqlalchemy import Column, Integer

      from app.db import Base, Decorated, Generated, Legacy, Reflected, Registered, mapper_registry


      class One(Legacy):
          __tablename__ = "one"
          id = Column(Integer, primary_key=True)


      class Two(Generated):
          __tablename__ = "two"
          id = Column(Integer, primary_key=True)


      class Three(Registered):
          __tablename__ = "three"
          id = Column(Integer, primary_key=True)


      class Four(Base):
          __tablename__ = "four"
          id = Column(Integer, primary_key=True)


      class Unnamed(Base):
          id = Column(Integer, primary_key=True)


      class Mirror(Reflected):
          __tablename__ = "mirror"


      @mapper_registry.mapped
      class Five:
          __tablename__ = "five"
          id = Column(Integer, primary_key=True)


      class Six(Decorated):
          __tablename__ = "six"
      """,
    ])
    #expect(project.modelNames == ["One", "Two", "Three", "Four", "Unnamed", "Five", "Six"])
    #expect(project.catalog.models.allSatisfy { $0.framework == .sqlAlchemy })
    #expect(project.catalog.models.map(\.tableName) == ["one", "two", "three", "four", nil, "five", "six"])
    #expect(try project.model("Six").inheritedColumns.map(\.name) == ["id"])
    let five = try project.model("Five")
    #expect(project.line(at: five.offset, in: five.path) == "@mapper_registry.mapped")
  }

  @Test func sqlModelTablesAreModelsAndSchemasLendThemFields() throws {
    let project = try CatalogProject([
      "app/models.py": """
      from typing import ClassVar, List, Optional

      from sqlalchemy import Column, String
      from sqlmodel import Field, Relationship, SQLModel


      class HeroBase(SQLModel):
          name: str = Field(index=True)
          team_id: Optional[int] = Field(default=None, foreign_key="team.id")


      class Hero(HeroBase, table=True):
          id: Optional[int] = Field(default=None, primary_key=True)
          secret_name: str
          age: Optional[int] = None
          org: str = Field(sa_column=Column("org_id", String, nullable=False))
          team: Optional["Team"] = Relationship(back_populates="heroes")
          registry_name: ClassVar[str] = "heroes"


      class HeroRead(HeroBase):
          id: int


      class Team(SQLModel, table=True):
          __tablename__ = "teams"
          id: Optional[int] = Field(default=None, primary_key=True)
          heroes: List["Hero"] = Relationship(back_populates="team")
      """
    ])
    #expect(project.modelNames == ["Hero", "Team"])
    let hero = try project.model("Hero")
    #expect(hero.framework == .sqlModel)
    #expect(hero.tableName == "hero")
    #expect(hero.declaredColumns.map(\.name) == ["id", "secret_name", "age", "org"])
    #expect(hero.declaredColumns.map(\.databaseName) == ["id", "secret_name", "age", "org_id"])
    #expect(hero.declaredColumns.map(\.typeName) == ["int", "str", "int", "String"])
    #expect(hero.declaredColumns.map(\.isPrimaryKey) == [true, false, false, false])
    #expect(hero.inheritedColumns.map(\.name) == ["name", "team_id"])
    #expect(hero.inheritedColumns.map(\.foreignKeys) == [[], ["team.id"]])
    #expect(hero.tableColumns.map(\.name) == ["id", "secret_name", "age", "org", "name", "team_id"])
    #expect(try project.model("Team").tableName == "teams")
    #expect(try project.model("Team").columns.map(\.name) == ["id"])
  }

  @Test func mappedAnnotationsAreColumnsAndRelationshipsAreNot() throws {
    let code = """
      from typing import List, Optional

      from sqlalchemy import ForeignKey, String
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


      class Base(DeclarativeBase):
          pass


      class Parent(Base):
          __tablename__ = "parents"

          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str] = mapped_column(String(50), name="display_name")
          nickname: Mapped[Optional[str]]
          score: Mapped[float | None]
          owner_id: Mapped[int] = mapped_column("owner", ForeignKey("users.id"))
          children: Mapped[List["Child"]] = relationship(back_populates="parent")
          tags: Mapped[list["Tag"]]
          total = 0
      """
    let project = try CatalogProject(["app/models.py": code])
    let parent = try project.model("Parent")
    #expect(parent.declaredColumns.map(\.name) == ["id", "name", "nickname", "score", "owner_id"])
    #expect(
      parent.declaredColumns.map(\.databaseName) == ["id", "display_name", "nickname", "score", "owner"])
    #expect(parent.declaredColumns.map(\.typeName) == ["int", "String", "str", "float", "int"])
    #expect(parent.column(named: "owner_id")?.foreignKeys == ["users.id"])
    #expect(
      project.line(at: parent.declaredColumns[2].offset, in: "app/models.py")
        == "nickname: Mapped[Optional[str]]")
    let type = try #require(parent.declaredColumns[1].type)
    let bytes = Array(code.utf8)
    #expect(String(decoding: bytes[type.range], as: UTF8.self) == "String(50)")
  }

  @Test func mixinsAreFollowedAcrossModulesThroughEveryImportForm() throws {
    let project = try CatalogProject([
      "backend/app/extensions.py": """
      from flask_sqlalchemy import SQLAlchemy

      db = SQLAlchemy()
      """,
      "backend/app/models/base.py": """
      from datetime import datetime

      from sqlalchemy.orm import declared_attr

      from ..extensions import db


      class TimestampMixin:
          created_at = db.Column(db.DateTime, default=datetime.utcnow)


      class WorkspaceMixin:
          @declared_attr
          def workspace_id(cls):
              return db.Column(db.Integer, db.ForeignKey("workspace.id"), nullable=False)


      class AuditMixin(TimestampMixin):
          updated_by = db.Column(db.Integer)
      """,
      "backend/app/models/order.py": """
      from app.extensions import db
      from app.models.base import TimestampMixin
      from .base import WorkspaceMixin


      class Order(WorkspaceMixin, TimestampMixin, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "backend/app/models/report.py": """
      import app.models.base as b
      from app.extensions import db


      class Report(b.AuditMixin, b.WorkspaceMixin, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
    ])
    let order = try project.model("Order")
    #expect(order.declaredColumns.map(\.name) == ["id"])
    #expect(order.inheritedColumns.map(\.name) == ["workspace_id", "created_at"])
    #expect(order.tenantColumnNames == ["workspace_id"])
    #expect(order.isTenantScoped)
    let tenant = try #require(order.tenantColumns.first)
    #expect(tenant.path == "backend/app/models/base.py")
    #expect(tenant.className == "WorkspaceMixin")
    #expect(tenant.foreignKeys == ["workspace.id"])
    #expect(project.line(at: tenant.offset, in: tenant.path) == "@declared_attr")
    let report = try project.model("Report")
    #expect(report.inheritedColumns.map(\.name) == ["updated_by", "created_at", "workspace_id"])
    #expect(report.isTenantScoped)
    #expect(project.modelNames == ["Order", "Report"])
  }

  @Test func abstractBasesAreModelsWithoutATableWhoseColumnsAreInherited() throws {
    let project = try CatalogProject([
      "app/models.py": """
      from app.extensions import db


      class BaseModel(db.Model):
          __abstract__ = True
          id = db.Column(db.Integer, primary_key=True)
          workspace_id = db.Column(db.Integer, nullable=False)


      class Project(BaseModel):
          name = db.Column(db.String(80))
      """
    ])
    let base = try project.model("BaseModel")
    #expect(base.isAbstract)
    #expect(base.tableName == nil)
    #expect(!base.isTenantScoped)
    let child = try project.model("Project")
    #expect(child.tableName == "project")
    #expect(child.tableColumns.map(\.name) == ["name", "id", "workspace_id"])
    #expect(child.isTenantScoped)
    #expect(project.catalog.concreteModels.map(\.name) == ["Project"])
    #expect(project.catalog.tenantScopedModels.map(\.name) == ["Project"])
  }

  @Test func subclassesWithoutATableShareTheirParentsTable() throws {
    let project = try CatalogProject([
      "app/models.py": """
      from sqlalchemy import Column, ForeignKey, Integer, String
      from sqlalchemy.orm import declarative_base

      from app.extensions import db

      Base = declarative_base()


      class Employee(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          kind = db.Column(db.String(20))
          __mapper_args__ = {"polymorphic_on": kind}


      class Manager(Employee):
          reports = db.Column(db.Integer)


      class Engineer(Employee):
          id = db.Column(db.Integer, db.ForeignKey("employee.id"), primary_key=True)


      class Vehicle(Base):
          __tablename__ = "vehicles"
          id = Column(Integer, primary_key=True)


      class Truck(Vehicle):
          payload = Column(Integer)
      """
    ])
    let manager = try project.model("Manager")
    #expect(manager.tableName == "employee")
    #expect(manager.sharesTableWith == "Employee")
    #expect(manager.tableColumns.map(\.name) == ["reports"])
    #expect(manager.inheritedColumns.map(\.name) == ["id", "kind"])
    let engineer = try project.model("Engineer")
    #expect(engineer.tableName == "engineer")
    #expect(engineer.sharesTableWith == nil)
    let truck = try project.model("Truck")
    #expect(truck.tableName == "vehicles")
    #expect(truck.sharesTableWith == "Vehicle")
    #expect(project.catalog.models(forTable: "employee").map(\.name) == ["Employee", "Manager"])
  }

  @Test func moduleLevelTablesAreTablesNotModels() throws {
    let code = """
      from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

      from app.extensions import db

      metadata = MetaData()

      order_tags = db.Table(
          "order_tags",
          db.Column("order_id", db.Integer, db.ForeignKey("order.id"), primary_key=True),
          db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
      )
      audit = Table("audit_log", metadata, Column("id", Integer, primary_key=True))
      report = Table("Quarterly report")


      class Legacy(db.Model):
          __table__ = Table("legacy_rows", metadata, Column("row_id", Integer, primary_key=True))
      """
    let project = try CatalogProject(["app/models.py": code])
    #expect(project.catalog.tables.map(\.name) == ["order_tags", "audit_log"])
    #expect(project.catalog.tables.map(\.variable) == ["order_tags", "audit"])
    let tags = try #require(project.catalog.table(named: "order_tags"))
    #expect(tags.columns.map(\.databaseName) == ["order_id", "tag_id"])
    #expect(tags.columns.map(\.foreignKeys) == [["order.id"], ["tag.id"]])
    #expect(tags.columns.allSatisfy { $0.className == nil })
    #expect(project.line(at: tags.offset, in: "app/models.py") == "order_tags = db.Table(")
    #expect(
      project.line(at: tags.columns[1].offset, in: "app/models.py")
        == "db.Column(\"tag_id\", db.Integer, db.ForeignKey(\"tag.id\"), primary_key=True),")
    #expect(project.modelNames == ["Legacy"])
    let legacy = try project.model("Legacy")
    #expect(legacy.tableName == "legacy_rows")
    #expect(legacy.declaredColumns.map(\.name) == ["row_id"])
    #expect(legacy.declaredColumns.map(\.className) == ["Legacy"])
  }

  @Test func columnsCarryTheirDatabaseNameTypeKeysAndOffsets() throws {
    let code = """
      from sqlalchemy import Column, ForeignKey, Integer, Sequence, String
      from sqlalchemy.orm import deferred

      from app.extensions import db


      class Document(db.Model):
          id = Column(Integer, Sequence("doc_seq"), primary_key=True)
          owner = Column("user_id", Integer, ForeignKey("user.id"), nullable=False)
          workspace = db.Column("workspace_id", db.ForeignKey("workspace.id"))
          body = deferred(Column(db.Text))
          title = db.Column(db.String(200))
          author = db.relationship("User", backref="documents")
          __table_args__ = (db.Index("ix_documents_title", "title"),)
      """
    let project = try CatalogProject(["app/models.py": code])
    let document = try project.model("Document")
    #expect(document.declaredColumns.map(\.name) == ["id", "owner", "workspace", "body", "title"])
    #expect(
      document.declaredColumns.map(\.databaseName) == ["id", "user_id", "workspace_id", "body", "title"])
    #expect(document.declaredColumns.map(\.typeName) == ["Integer", "Integer", nil, "Text", "String"])
    #expect(document.declaredColumns.map(\.foreignKeys) == [[], ["user.id"], ["workspace.id"], [], []])
    #expect(document.declaredColumns.map(\.isPrimaryKey) == [true, false, false, false, false])
    #expect(
      document.declaredColumns.map { project.line(at: $0.offset, in: "app/models.py") } == [
        "id = Column(Integer, Sequence(\"doc_seq\"), primary_key=True)",
        "owner = Column(\"user_id\", Integer, ForeignKey(\"user.id\"), nullable=False)",
        "workspace = db.Column(\"workspace_id\", db.ForeignKey(\"workspace.id\"))",
        "body = deferred(Column(db.Text))",
        "title = db.Column(db.String(200))",
      ])
    // The tenant column matches by database name too.
    #expect(document.tenantColumnNames == ["workspace"])
  }

  @Test func tenantColumnsAndGlobalModelsFollowTheSettings() throws {
    let files = [
      "app/models.py": """
      from app.extensions import db


      class Team(db.Model):
          id = db.Column(db.Integer, primary_key=True)


      class Plan(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          workspace_id = db.Column(db.Integer)


      class Ticket(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          team_id = db.Column(db.Integer)
      """
    ]
    let defaults = try CatalogProject(files)
    #expect(defaults.catalog.tenantScopedModels.map(\.name) == ["Plan"])
    #expect(defaults.catalog.isGlobal("Plan"))
    #expect(try defaults.model("Plan").isGlobal)
    #expect(defaults.catalog.tenantColumnNames == AnalysisSettings.defaultTenantColumns)
    let configured = try CatalogProject(
      files,
      settings: AnalysisSettings(
        tenantColumns: ["team_id"], globalModels: AnalysisSettings.defaultGlobalModels + ["Team"]))
    #expect(configured.catalog.tenantScopedModels.map(\.name) == ["Ticket"])
    #expect(try configured.model("Team").isGlobal)
    #expect(try configured.model("Ticket").tenantColumnNames == ["team_id"])
  }

  @Test func aNameIsLookedUpThroughTheImportsOfTheModuleThatUsesIt() throws {
    let project = try CatalogProject([
      "app/models/__init__.py": """
      from .orders import Order
      """,
      "app/models/orders.py": """
      from app.extensions import db


      class Order(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          workspace_id = db.Column(db.Integer, nullable=False)
      """,
      "app/admin/models.py": """
      from app.extensions import db


      class Order(db.Model):
          __tablename__ = "admin_orders"
          id = db.Column(db.Integer, primary_key=True)
      """,
      "app/schemas.py": """
      class Invoice:
          pass
      """,
      "app/billing/models.py": """
      from app.extensions import db


      class Invoice(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          workspace_id = db.Column(db.Integer, nullable=False)
      """,
      "app/routes.py": """
      import app.models.orders as orders
      from app.models import Order as O
      from app.schemas import Invoice
      """,
    ])
    let catalog = project.catalog
    #expect(catalog.model(named: "O", in: "app/routes.py")?.path == "app/models/orders.py")
    #expect(catalog.model(named: "orders.Order", in: "app/routes.py")?.path == "app/models/orders.py")
    #expect(catalog.isTenantScoped("O", in: "app/routes.py"))
    // Two models called `Order`: a bare name does not pick one.
    #expect(catalog.model(named: "Order") == nil)
    #expect(catalog.models(named: "Order").count == 2)
    // `Invoice` in routes.py is the schema, not the model.
    #expect(catalog.model(named: "Invoice", in: "app/routes.py") == nil)
    #expect(catalog.model(named: "Invoice")?.path == "app/billing/models.py")
    #expect(catalog.model(named: "Invoice", in: "app/other.py")?.path == "app/billing/models.py")
  }

  @Test func anUnresolvedBaseFallsBackToAClassNameUniqueInTheProject() throws {
    let project = try CatalogProject([
      "app/models/mixins.py": """
      from app.extensions import db


      class TenantOwned:
          tenant_id = db.Column(db.Integer, nullable=False)
      """,
      "app/models/things.py": """
      from app.extensions import db
      from app.shared import *


      class Thing(TenantOwned, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
    ])
    #expect(try project.model("Thing").tenantColumnNames == ["tenant_id"])
  }

  @Test func aLibraryImportMatchingTheImportersOwnNameIsNotAProjectImport() throws {
    // `flask.wrappers` is a suffix of `app.web.flask.wrappers`: the import must not resolve to the
    // module itself and then fall back to the project's `Request` model.
    let project = try CatalogProject([
      "app/requests.py": """
      from app.extensions import db


      class Request(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "app/web/flask/wrappers.py": """
      from flask.wrappers import Request


      class AppRequest(Request):
          pass
      """,
    ])
    #expect(project.modelNames == ["Request"])
  }

  @Test func declaredTableNamesAndDeclarativeBaseMixinsApplyToEverySubclass() throws {
    let project = try CatalogProject([
      "app/models.py": """
      from sqlalchemy import Column, Integer
      from sqlalchemy.orm import declarative_base, declared_attr


      class CustomBase:
          @declared_attr
          def __tablename__(cls):
              return cls.__name__.lower()

          id = Column(Integer, primary_key=True)


      Base = declarative_base(cls=CustomBase)


      class PurchaseOrder(Base):
          total = Column(Integer)


      class Named:
          @declared_attr.directive
          def __tablename__(cls) -> str:
              return "t_" + cls.__name__


      class Widget(Named, Base):
          size = Column(Integer)
      """
    ])
    let order = try project.model("PurchaseOrder")
    #expect(order.tableName == "purchaseorder")
    #expect(order.inheritedColumns.map(\.name) == ["id"])
    #expect(try project.model("Widget").tableName == nil)
    #expect(project.modelNames == ["PurchaseOrder", "Widget"])
  }

  @Test func alembicRevisionsAndMigrationFoldersAreLeftOut() throws {
    let project = try CatalogProject([
      "scripts/data_fix.py": """
      from sqlalchemy import Column, Integer
      from sqlalchemy.orm import declarative_base

      revision = "abc123"
      down_revision = None
      Base = declarative_base()


      class Snapshot(Base):
          __tablename__ = "snapshot"
          id = Column(Integer, primary_key=True)
      """,
      "migrations/versions/0001_init.py": """
      import sqlalchemy as sa

      tags = sa.Table("tags", sa.MetaData(), sa.Column("id", sa.Integer))
      """,
    ])
    #expect(project.catalog.models.isEmpty)
    #expect(project.catalog.tables.isEmpty)
    #expect(!project.catalog.hasTenantScopedModel)
  }
}
