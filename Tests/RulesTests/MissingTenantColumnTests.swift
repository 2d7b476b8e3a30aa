import ArchCore
import Audit
import Rules
import Testing

/// Counted `tenancy/missing-tenant-column` findings as `path:line:col message`.
private func findings(_ files: [String: String], configuration: Configuration = Configuration()) throws
  -> [String]
{
  try TemporaryProject(files: files).audit(configuration: configuration).findings
    .filter { $0.ruleId == MissingTenantColumnRule.id && !$0.isSuppressed }
    .map { "\($0.location.path):\($0.location.line):\($0.location.column) \($0.message)" }
}

private let extensions = """
  from flask_sqlalchemy import SQLAlchemy

  db = SQLAlchemy()
  """

private let models = """
  from dataclasses import dataclass

  from .extensions import db
  from .mixins import WorkspaceScoped


  class User(db.Model):
      id = db.Column(db.Integer, primary_key=True)


  class Project(WorkspaceScoped, db.Model):
      id = db.Column(db.Integer, primary_key=True)


  class Export(db.Model):
      id = db.Column(db.Integer, primary_key=True)


  @dataclass
  class Comment(db.Model):
      id: int = db.Column(db.Integer, primary_key=True)


  class Base(db.Model):
      __abstract__ = True
      id = db.Column(db.Integer, primary_key=True)


  class Event(db.Model):
      id = db.Column(db.Integer, primary_key=True)
      kind = db.Column(db.String(20))


  class SignupEvent(Event):
      email = db.Column(db.String(255))


  tags = db.Table("project_tags", db.Column("project_id", db.ForeignKey("project.id")))
  """

private let mixins = """
  from .extensions import db


  class WorkspaceScoped:
      workspace_id = db.Column(db.Integer, db.ForeignKey("workspace.id"), nullable=False)
  """

private let defaultColumns = "`workspace_id`, `organization_id`, `org_id`, `tenant_id` or `account_id`"

private func message(_ model: String, columns: String = defaultColumns) -> String {
  "model `\(model)` has no tenant column (\(columns)); add one, inherit it from a tenant mixin, or "
    + "list the model in `global_models` if every tenant shares its rows"
}

@Suite struct MissingTenantColumnTests {
  @Test func modelsWithoutATenantColumnAreReportedAtTheirClassStatement() throws {
    let found = try findings([
      "app/extensions.py": extensions, "app/models.py": models, "app/mixins.py": mixins,
    ])
    #expect(
      found == [
        "app/models.py:15:1 \(message("Export"))",
        "app/models.py:19:1 \(message("Comment"))",
        "app/models.py:29:1 \(message("Event"))",
      ])
  }

  @Test func aProjectWithoutTenantScopedModelsIsNotCheckedUnlessRequired() throws {
    let files = [
      "app/extensions.py": extensions, "app/models.py": models,
      "app/mixins.py": "class WorkspaceScoped:\n    pass\n",
    ]
    #expect(try findings(files).isEmpty)
    var configuration = Configuration()
    configuration.settings.requireTenantColumns = true
    #expect(
      try findings(files, configuration: configuration) == [
        "app/models.py:11:1 \(message("Project"))",
        "app/models.py:15:1 \(message("Export"))",
        "app/models.py:19:1 \(message("Comment"))",
        "app/models.py:29:1 \(message("Event"))",
      ])
  }

  @Test func configuredTenantColumnsAndGlobalModelsApply() throws {
    var configuration = Configuration()
    configuration.settings.tenantColumns = ["workspace_id", "team_id"]
    configuration.settings.globalModels += ["Export", "Event"]
    let files = [
      "app/extensions.py": extensions, "app/models.py": models, "app/mixins.py": mixins,
      "app/teams.py": """
      from .extensions import db


      class Board(db.Model):
          id = db.Column(db.Integer, primary_key=True)
          team_id = db.Column(db.Integer, nullable=False)


          class Meta:
              pass


      class Card(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
    ]
    let columns = "`workspace_id` or `team_id`"
    #expect(
      try findings(files, configuration: configuration) == [
        "app/models.py:19:1 \(message("Comment", columns: columns))",
        "app/teams.py:13:1 \(message("Card", columns: columns))",
      ])
  }

  @Test func testCodeAndMigrationsAreNotChecked() throws {
    let files = [
      "app/extensions.py": extensions, "app/mixins.py": mixins,
      "app/models.py": """
      from .extensions import db
      from .mixins import WorkspaceScoped


      class Project(WorkspaceScoped, db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "tests/factories.py": """
      from app.extensions import db


      class FakeRow(db.Model):
          id = db.Column(db.Integer, primary_key=True)
      """,
      "migrations/versions/0002_backfill.py": """
      import sqlalchemy as sa
      from sqlalchemy.orm import declarative_base

      revision = "0002"
      down_revision = "0001"
      Base = declarative_base()


      class Snapshot(Base):
          __tablename__ = "project"
          id = sa.Column(sa.Integer, primary_key=True)
      """,
    ]
    #expect(try findings(files).isEmpty)
  }
}
