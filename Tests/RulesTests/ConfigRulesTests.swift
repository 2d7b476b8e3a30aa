import ArchCore
import Audit
import PyAnalysis
import Rules
import Testing
import TreeSitter

/// A config finding reduced to what these tests compare: rule, place and message.
private struct ConfigFinding: Hashable, CustomStringConvertible {
  let rule: String
  let path: String
  let line: Int
  let column: Int
  let message: String

  init(_ rule: String, _ path: String, _ line: Int, _ column: Int, _ message: String = "") {
    self.rule = rule
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  var place: String { "\(rule) \(path):\(line):\(column)" }
  var description: String { message.isEmpty ? place : "\(place) \(message)" }
}

private let sqliteFallback = SQLiteFallbackRule.id
private let unguardedEnv = UnguardedEnvRule.id
private let hardcodedSecret = HardcodedSecretRule.id

/// Counted findings of the three config rules for `files`, in report order.
private func configFindings(
  _ files: [String: String], configuration: Configuration = Configuration()
) throws -> [ConfigFinding] {
  let rules: Set<String> = [sqliteFallback, unguardedEnv, hardcodedSecret]
  return try TemporaryProject(files: files).audit(configuration: configuration).findings
    .filter { rules.contains($0.ruleId) && !$0.isSuppressed }
    .map { ConfigFinding($0.ruleId, $0.location.path, $0.location.line, $0.location.column, $0.message) }
}

/// Rule and place of each finding, without messages.
private func places(_ files: [String: String], configuration: Configuration = Configuration()) throws
  -> [String]
{
  try configFindings(files, configuration: configuration).map(\.place)
}

private func analyse(_ code: String) throws -> (file: PythonFile, settings: SettingsAnalysis) {
  let tree = try #require(Parser().parse(SourceText(code), as: .python))
  let file = PythonExtractor.extract(tree)
  return (file, SettingsAnalysis(file))
}

@Suite struct SettingsAnalysisTests {
  @Test func everyNameOfAFromImportIsExtracted() throws {
    let (file, _) = try analyse(
      """
      from os import path, environ as env, getenv
      from flask_jwt_extended import (
          jwt_required,  # a comment between names
          create_access_token as mint,
      )
      from .models import *
      """)
    #expect(
      file.imports.map { "\($0.module) \($0.name ?? "-") \($0.alias ?? "-")" } == [
        "os path -", "os environ env", "os getenv -",
        "flask_jwt_extended jwt_required -", "flask_jwt_extended create_access_token mint",
        ".models * -",
      ])
  }

  @Test func readsAreFoundThroughImportAliasesWithDefaultsFallbacksAndTargets() throws {
    let code = """
      import os as operating_system
      from os import getenv as env_var, environ as env

      DATABASE_URL = env_var("DATABASE_URL", default="postgresql://localhost/app")
      app.config["SECRET_KEY"] = env.get("SECRET_KEY") or env.get("FLASK_SECRET") or "dev"
      operating_system.environ.setdefault("REDIS_URL", "redis://localhost")
      create_app(jwt_secret_key=operating_system.getenv("JWT_SECRET_KEY", None))

      def connect():
          url = operating_system.environ.get("DATABASE_URL")
          return url
      """
    let (_, settings) = try analyse(code)
    let reads = settings.envReads
    #expect(
      reads.map(\.variable) == [
        "DATABASE_URL", "SECRET_KEY", "FLASK_SECRET", "REDIS_URL", "JWT_SECRET_KEY",
        "DATABASE_URL",
      ])
    #expect(
      reads.map(\.source) == [.getenv, .environGet, .environGet, .environSetdefault, .getenv, .environGet])
    #expect(
      reads.map { $0.defaults.compactMap(\.stringLiteral) } == [
        ["postgresql://localhost/app"], ["dev"], ["dev"], ["redis://localhost"], [], [],
      ])
    #expect(reads[1].targets == [SettingTarget(form: .configKey, name: "SECRET_KEY")])
    #expect(reads[2].settingNames == ["FLASK_SECRET", "SECRET_KEY"])
    #expect(reads[4].targets == [SettingTarget(form: .keyword, name: "jwt_secret_key")])
    #expect(reads[5].targets == [SettingTarget(form: .localVariable, name: "url")])
    #expect(reads[5].settingNames == ["DATABASE_URL"])
    let callStart = try #require(code.range(of: "env.get(\"SECRET_KEY\")"))
    #expect(reads[1].range.lowerBound == code.utf8.distance(from: code.startIndex, to: callStart.lowerBound))
  }

  @Test func settingsFieldsAreReadsWithTheirDefaultsAndAliases() throws {
    let (_, settings) = try analyse(
      """
      from typing import ClassVar
      from pydantic import Field
      from pydantic_settings import BaseSettings

      class Base(BaseSettings):
          model_config = SettingsConfigDict(env_file=".env")
          secret_key: str
          database_url: str = Field(..., alias="PRIMARY_DATABASE_URL")
          api_key: str = Field(default="abc")
          token: str = Field(default_factory=make_token)
          origins: ClassVar[list] = ["*"]

      class Production(Base):
          debug: bool = False
      """)
    let reads = settings.envReads
    #expect(reads.map(\.variable) == ["secret_key", "PRIMARY_DATABASE_URL", "api_key", "token", "debug"])
    #expect(reads.map { $0.source == .settingsField } == [true, true, true, true, true])
    #expect(reads.map { $0.explicitDefault == nil } == [true, true, false, false, false])
    #expect(settings.settingsClasses == [0, 1])
    #expect(settings.settingWrites.filter { $0.target.form != .keyword }.isEmpty)
  }

  @Test func enumMembersAreNeitherWritesNorBindings() throws {
    let (_, settings) = try analyse(
      """
      import enum

      class Keys(enum.Enum):
          SECRET_KEY = "secret_key"

          class Nested:
              API_KEY = "api_key"

      SECRET_KEY = "real"
      """)
    #expect(settings.settingWrites.map(\.target.name) == ["SECRET_KEY"])
  }

  @Test func keywordsWriteTheirOwnValuesAndPassReferencesAlong() throws {
    let (_, settings) = try analyse(
      """
      import os
      app = Flask(
          secret_key="dev",
          api_key=KEY,
          password=cfg.password,
          token=cfg["token"],
          db_url=load_url(),
          jwt_secret=os.getenv("JWT_SECRET", "x") or "y",
          salt=os.environ.get("SALT"),
          debug=True,
      )
      """)
    let writes = settings.settingWrites.filter { $0.target.form == .keyword }
    #expect(writes.map(\.target.name) == ["secret_key", "jwt_secret", "salt", "debug"])
    #expect(writes.map(\.target.settingName) == ["SECRET_KEY", "JWT_SECRET", "SALT", "DEBUG"])
    // The reads stay bound to the keyword they are passed as, and the `or` fallback is kept.
    #expect(settings.envReads.map(\.variable) == ["JWT_SECRET", "SALT"])
    #expect(settings.envReads.map { $0.targets.map(\.name) } == [["jwt_secret"], ["salt"]])
    #expect(settings.envReads.map { $0.fallback?.stringLiteral } == ["y", nil])
  }
}

@Suite struct SQLiteFallbackTests {
  @Test func orFallbackIsReportedOnceAtTheReadEvenAcrossLines() throws {
    let code = """
      import os

      class Config:
          SQLALCHEMY_DATABASE_URI = (
              os.environ.get("DATABASE_URL")
              or "sqlite:///app.db"
          )
      """
    #expect(
      try configFindings(["app/config.py": code]) == [
        ConfigFinding(
          sqliteFallback, "app/config.py", 5, 9,
          "`DATABASE_URL` falls back to a SQLite URL when the environment does not set it; "
            + "require a real database URL instead"),
        ConfigFinding(
          unguardedEnv, "app/config.py", 5, 9,
          "required setting `DATABASE_URL` is read with a default value, so a missing value goes unnoticed; "
            + "read it without a default and raise when it is missing"),
      ])
  }

  @Test func aReadOfAnyNameStoredInADatabaseSettingIsADatabaseRead() throws {
    let code = """
      import os
      SQLALCHEMY_DATABASE_URI = os.getenv("PRIMARY_URL") or "sqlite://"
      CACHE_URL = os.getenv("CACHE_URL", "sqlite:///cache.db")
      """
    #expect(
      try configFindings(["app/config.py": code]) == [
        ConfigFinding(
          sqliteFallback, "app/config.py", 2, 27,
          "`SQLALCHEMY_DATABASE_URI` falls back to a SQLite URL when the environment does not set it; "
            + "require a real database URL instead")
      ])
  }

  @Test func everyShapeOfSQLiteURLIsRecognised() throws {
    let code = """
      import sqlalchemy as sa
      from sqlmodel import create_engine

      DATABASE_URL = "SQLite:///app.db"
      DEV_DB_URL = "sqlite:///%s" % path
      SQLALCHEMY_DATABASE_URI = f"sqlite+pysqlite:///{path}"
      POSTGRES_URL = "sqlite:///" "app.db"
      DATABASE_URI = "postgresql://sqlite:5432/app"
      DB_NAME = "sqlite"
      engine = sa.create_engine("sqlite://", future=True)
      engine2 = create_engine("sqlite:///{}".format(path))
      engine3 = create_engine(make_url("sqlite://"))
      """
    #expect(
      try places(["app/db.py": code]) == [
        "\(sqliteFallback) app/db.py:4:1", "\(sqliteFallback) app/db.py:5:1",
        "\(sqliteFallback) app/db.py:6:1",
        "\(sqliteFallback) app/db.py:7:1", "\(sqliteFallback) app/db.py:10:10",
        "\(sqliteFallback) app/db.py:11:11",
      ])
  }

  @Test func eachSQLiteBindIsReportedAtItsKeyAndAConditionalAtItsStatement() throws {
    let code = """
      SQLALCHEMY_BINDS = {
          "users": "sqlite:///users.db",
          "audit": "postgresql://db/audit",
          "cache": "sqlite:///cache.db" if DEBUG else "postgresql://db/cache",
      }
      SQLALCHEMY_DATABASE_URI = "postgresql://db/app" if PRODUCTION else "sqlite:///dev.db"
      """
    #expect(
      try configFindings(["app/config.py": code]).map(\.description) == [
        "\(sqliteFallback) app/config.py:2:5 the `SQLALCHEMY_BINDS` entry 'users' is a SQLite URL; "
          + "read the database URL from the environment",
        "\(sqliteFallback) app/config.py:4:5 the `SQLALCHEMY_BINDS` entry 'cache' is a SQLite URL; "
          + "read the database URL from the environment",
        "\(sqliteFallback) app/config.py:6:1 `SQLALCHEMY_DATABASE_URI` is set to a SQLite URL; "
          + "read the database URL from the environment",
      ])
  }

  @Test func testCodeIsNotChecked() throws {
    let code = """
      import os
      SQLALCHEMY_DATABASE_URI = os.getenv("DATABASE_URL", "sqlite://")
      SECRET_KEY = "test"
      """
    #expect(
      try places(["tests/config.py": code, "app/test_settings.py": code, "conftest.py": code]).isEmpty)
  }
}

@Suite struct UnguardedEnvTests {
  @Test func aLiteralDefaultOfARequiredSettingIsUnguardedEnvNeverHardcodedSecret() throws {
    let code = """
      import os
      SECRET_KEY = os.getenv("SECRET_KEY", "dev")
      JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY") or "8f42a73054b1749f"
      app.secret_key = os.getenv("FLASK_SECRET") or "dev"
      """
    #expect(
      try places(["app/config.py": code]) == [
        "\(unguardedEnv) app/config.py:2:14", "\(unguardedEnv) app/config.py:3:18",
        "\(unguardedEnv) app/config.py:4:18",
      ])
  }

  @Test func aCheckInAnotherModuleGuardsASettingButNotALocalVariable() throws {
    let config = """
      import os

      class Config:
          SECRET_KEY = os.getenv("SECRET_KEY")

      def engine_url():
          url = os.environ.get("DATABASE_URL", "")
          return url
      """
    let factory = """
      def create_app(url):
          if not app.config["SECRET_KEY"]:
              raise RuntimeError("SECRET_KEY must be set")
          if url is None:
              raise RuntimeError("no url")
      """
    #expect(
      try configFindings(["app/config.py": config, "app/__init__.py": factory]) == [
        ConfigFinding(
          unguardedEnv, "app/config.py", 7, 11,
          "required setting `DATABASE_URL` is read without a check that it is set; "
            + "use `os.environ[\"DATABASE_URL\"]` or raise when it is missing")
      ])
    #expect(
      try places(["app/config.py": config]) == [
        "\(unguardedEnv) app/config.py:4:18", "\(unguardedEnv) app/config.py:7:11",
      ])
  }

  @Test func aCheckInTheSameModuleGuardsALocalVariableButAssertDoesNot() throws {
    let code = """
      import os

      def database_url():
          url = os.environ.get("DATABASE_URL", "")
          if not url:
              raise RuntimeError("DATABASE_URL must be set")
          return url

      def secret():
          key = os.getenv("SECRET_KEY")
          assert key, "SECRET_KEY must be set"
          return key
      """
    #expect(try places(["app/config.py": code]) == ["\(unguardedEnv) app/config.py:10:11"])
  }

  @Test func aNonEmptyDefaultIsReportedEvenWhenChecked() throws {
    let code = """
      import os
      SECRET_KEY = os.getenv("SECRET_KEY", "changeme")
      if SECRET_KEY == "changeme":
          raise RuntimeError("set SECRET_KEY")
      """
    #expect(try places(["app/config.py": code]) == ["\(unguardedEnv) app/config.py:2:14"])
  }

  @Test func settingsFieldsWithoutDefaultAreRequiredAndNoneDefaultsNeedACheck() throws {
    let settings = """
      from typing import Optional
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          secret_key: str
          database_url: Optional[str] = None
          jwt_secret_key: str = "dev"
      """
    #expect(
      try configFindings(["app/settings.py": settings]).map(\.description) == [
        "\(unguardedEnv) app/settings.py:6:5 required setting `database_url` defaults to None and nothing "
          + "checks it; declare the field without a default",
        "\(unguardedEnv) app/settings.py:7:5 required setting `jwt_secret_key` has a default, so a missing "
          + "value goes unnoticed; declare the field without a default",
      ])
    let check = """
      from app.settings import Settings
      settings = Settings()
      if settings.database_url is None:
          raise SystemExit("DATABASE_URL must be set")
      """
    #expect(
      try places(["app/settings.py": settings, "app/main.py": check]) == [
        "\(unguardedEnv) app/settings.py:7:5"
      ])
  }

  @Test func configuredRequiredSettingsMoveSecretDefaultsFromHardcodedSecretToUnguardedEnv() throws {
    let code = """
      import os
      STRIPE_SECRET_KEY = os.getenv("STRIPE_SECRET_KEY", "sk_live_51H8example")
      REDIS_URL = os.getenv("REDIS_URL")
      """
    #expect(try places(["app/config.py": code]) == ["\(hardcodedSecret) app/config.py:2:21"])
    var configuration = Configuration()
    configuration.settings.requiredSettings += ["STRIPE_SECRET_KEY", "redis_url"]
    #expect(
      try places(["app/config.py": code], configuration: configuration) == [
        "\(unguardedEnv) app/config.py:2:21", "\(unguardedEnv) app/config.py:3:13",
      ])
  }
}

@Suite struct HardcodedSecretTests {
  @Test func placeholdersAreOnlyExemptAsDefaultsOfEnvironmentReads() throws {
    let code = """
      import os
      A_API_KEY = os.getenv("A_API_KEY", "changeme")
      B_API_KEY = os.getenv("B_API_KEY", "Change-Me")
      C_API_KEY = os.getenv("C_API_KEY", "<your api key>")
      D_API_KEY = os.getenv("D_API_KEY", "your-api-key-here")
      E_API_KEY = os.getenv("E_API_KEY", "xxxxxxxx")
      F_API_KEY = os.getenv("F_API_KEY", "${F_API_KEY}")
      G_API_KEY = os.getenv("G_API_KEY", "   ")
      H_API_KEY = os.getenv("H_API_KEY", "REPLACE_ME")
      I_API_KEY = os.getenv("I_API_KEY", "sk-live-1234")
      J_API_KEY = os.getenv("J_API_KEY", "secret")
      K_API_KEY = "changeme"
      L_API_KEY = ""
      M_API_KEY = "   "
      """
    #expect(
      try places(["app/config.py": code]) == [
        "\(hardcodedSecret) app/config.py:10:13", "\(hardcodedSecret) app/config.py:11:13",
        "\(hardcodedSecret) app/config.py:12:1",
      ])
  }

  @Test func secretNamesMatchInAnyCaseAndOnlyOnTheirSuffix() throws {
    let code = """
      client_secret = "a"
      Sendgrid_Api_Key = "b"
      DB_PASSWORD = "c"
      PASSWORD_RESET_SALT = "d"
      SECRET_KEY_FALLBACKS = ["e"]
      STRIPE_PUBLISHABLE_KEY = "pk_live_f"
      api_key_header = "X-API-Key"
      SECRET = "g"
      make_client(Api_Key="h", key="i", password=get_password())
      """
    #expect(
      try places(["app/clients.py": code]) == [
        "\(hardcodedSecret) app/clients.py:1:1", "\(hardcodedSecret) app/clients.py:2:1",
        "\(hardcodedSecret) app/clients.py:3:1", "\(hardcodedSecret) app/clients.py:8:1",
        "\(hardcodedSecret) app/clients.py:9:13",
      ])
  }

  @Test func localVariablesAreNotSettingsButAttributesAndConstantsAre() throws {
    let code = """
      import stripe

      def configure(app, user):
          password = "hunter2"
          SECRET_KEY = "inline"
          user.password = "temporary"
          stripe.api_key = "sk_live_123"
          app.config.update({"MAIL_PASSWORD": "mail", "MAIL_PORT": 25})
          app.config.from_mapping(SECRET_KEY=b"bytes-secret", DEBUG=False)
          errors = {"password": "too short"}
      """
    #expect(
      try configFindings(["app/setup.py": code]).map(\.description) == [
        "\(hardcodedSecret) app/setup.py:5:5 `SECRET_KEY` is a secret written in the code; "
          + "read it from the environment",
        "\(hardcodedSecret) app/setup.py:6:5 `password` is a secret written in the code; "
          + "read it from the environment",
        "\(hardcodedSecret) app/setup.py:7:5 `api_key` is a secret written in the code; "
          + "read it from the environment",
        "\(hardcodedSecret) app/setup.py:8:24 `MAIL_PASSWORD` is a secret written in the code; "
          + "read it from the environment",
        "\(hardcodedSecret) app/setup.py:9:29 argument `SECRET_KEY` is a secret written in the code; "
          + "read it from the environment",
      ])
  }

  @Test func aSecretDefaultIsReportedOnceAtTheReadNotAgainAtItsAssignment() throws {
    let code = """
      import os
      import stripe
      stripe.api_key = os.environ.get("STRIPE_SECRET_KEY") or "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
      """
    #expect(
      try configFindings(["app/billing.py": code]) == [
        ConfigFinding(
          hardcodedSecret, "app/billing.py", 3, 18,
          "`STRIPE_SECRET_KEY` falls back to a secret written in the code; "
            + "require it from the environment with no default")
      ])
  }

  @Test func enumValuesAreNotSettingsForAnyConfigRule() throws {
    let code = """
      from enum import Enum, StrEnum

      class Setting(StrEnum):
          SECRET_KEY = "secret_key"
          DATABASE_URL = "sqlite://"

      class Provider(Enum):
          STRIPE_API_KEY = "stripe"
      """
    #expect(try places(["app/constants.py": code]).isEmpty)
  }
}
