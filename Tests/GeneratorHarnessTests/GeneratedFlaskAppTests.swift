import Foundation
import GeneratorHarness
import Testing

/// A command's exit status and output.
struct CommandResult {
  let status: Int32
  let stdout: String
  let stderr: String

  var log: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs `arguments[0]` with exactly `environment` (nothing inherited but what it lists) in `folder`.
func runCommand(_ arguments: [String], in folder: String, environment: [String: String]) throws
  -> CommandResult
{
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("archverify-run-\(UUID())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout")
  let errURL = scratch.appendingPathComponent("stderr")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: arguments[0])
  process.arguments = Array(arguments.dropFirst())
  process.currentDirectoryURL = URL(fileURLWithPath: folder)
  process.environment = environment
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return CommandResult(
    status: process.terminationStatus,
    stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

/// The virtual environment the generated applications' requirements are installed in:
/// `.build/generated-venv/<hash of requirements.txt>`, made once and reused by later runs (pip's own
/// cache makes a new one quick). It is built in a temporary folder and renamed into place, so a run
/// that dies half-way leaves nothing that looks ready. Commands run as `python -m ...`: the scripts
/// of `bin/` name the temporary folder in their first line.
enum GeneratedAppVenv {
  static let root = RenderedExamples.repository.appendingPathComponent(".build/generated-venv").path

  /// The base interpreter: `ARCHVERIFY_TEST_PYTHON` (set by `make test`) or `python3` on the PATH.
  static var basePython: String? {
    if let given = ProcessInfo.processInfo.environment["ARCHVERIFY_TEST_PYTHON"], !given.isEmpty {
      return given
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/python3" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let shared = Result { () throws -> String in try make() }

  /// The venv's `python`.
  static func python() throws -> String { try shared.get() }

  static func make() throws -> String {
    let requirements =
      FlaskProjectRenderer.allRequirements.map { "\($0.name)==\($0.version)\n" }.joined()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in requirements.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let folder = root + "/" + String(hash, radix: 16)
    let python = folder + "/bin/python"
    if FileManager.default.fileExists(atPath: folder + "/.ready") { return python }
    guard let base = basePython else { throw VenvError(description: "no python3 on the PATH") }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let building = folder + ".building-" + UUID().uuidString.prefix(8)
    defer { try? FileManager.default.removeItem(atPath: building) }
    try FileManager.default.createDirectory(atPath: building, withIntermediateDirectories: true)
    try requirements.write(toFile: building + "/requirements.txt", atomically: true, encoding: .utf8)
    let environment = ProcessInfo.processInfo.environment.filter {
      ["PATH", "HOME", "LANG"].contains($0.key)
    }
    for step in [
      [base, "-m", "venv", building],
      [
        building + "/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", building + "/requirements.txt",
      ],
    ] {
      let result = try runCommand(step, in: building, environment: environment)
      guard result.status == 0 else {
        throw VenvError(description: "\(step.joined(separator: " ")) failed:\n\(result.log)")
      }
    }
    FileManager.default.createFile(atPath: building + "/.ready", contents: Data())
    do {
      try FileManager.default.moveItem(atPath: building, toPath: folder)
    } catch {
      // Another test process made it first; use theirs.
      guard FileManager.default.fileExists(atPath: folder + "/.ready") else { throw error }
    }
    return python
  }

  struct VenvError: Error, CustomStringConvertible {
    let description: String
  }
}

/// The rendered applications, imported and migrated by Python itself: the requirements install
/// together, the package imports, `create_app()` refuses unsafe settings, and Alembic renders the
/// whole history as PostgreSQL SQL offline (no database needed).
@Suite(.serialized) struct GeneratedFlaskAppTests {
  static func environment(_ package: String, _ settings: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter {
      ["PATH", "HOME", "LANG"].contains($0.key)
    }
    environment["FLASK_APP"] = package
    environment["DATABASE_URL"] = "postgresql://app:secret@127.0.0.1:9/\(package)"
    environment["SECRET_KEY"] = "test-secret-key"
    environment["JWT_SECRET_KEY"] = "test-jwt-secret-key"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    for (key, value) in settings { environment[key] = value }
    return environment.filter { !$0.value.isEmpty }
  }

  @Test(.enabled(if: GeneratedAppVenv.basePython != nil), arguments: RenderedExamples.names)
  func theApplicationImportsAndItsMigrationsRenderPostgreSQL(_ name: String) throws {
    let python = try GeneratedAppVenv.python()
    let blueprint = try RenderedExamples.blueprint(name)
    let renderer = try FlaskProjectRenderer(blueprint: blueprint)
    let scratch = try RenderedExamples.write(name)
    let package = blueprint.package

    let imported = try runCommand(
      [
        python, "-c",
        "import \(package); from \(package) import create_app; app = create_app(); "
          + "print(app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0], sorted(app.extensions))",
      ], in: scratch.path, environment: Self.environment(package))
    #expect(imported.status == 0, "\(imported.log)")
    #expect(
      imported.stdout == "postgresql+psycopg ['flask-jwt-extended', 'limiter', 'migrate', 'sqlalchemy']\n")

    let refusals: [([String: String], String)] = [
      (["DATABASE_URL": ""], "DATABASE_URL must be set in the environment"),
      (["DATABASE_URL": "sqlite:///app.db"], "DATABASE_URL must name a PostgreSQL database, not SQLite"),
      (["SECRET_KEY": ""], "SECRET_KEY must be set in the environment"),
      (["JWT_SECRET_KEY": ""], "JWT_SECRET_KEY must be set in the environment"),
    ]
    for (settings, message) in refusals {
      let refused = try runCommand(
        [python, "-c", "from \(package) import create_app; create_app()"], in: scratch.path,
        environment: Self.environment(package, settings))
      #expect(
        refused.status == 1 && refused.stderr.contains("ConfigurationError: \(message)"), "\(refused.log)")
    }

    let sql = try runCommand(
      [python, "-m", "flask", "db", "upgrade", "--sql"], in: scratch.path,
      environment: Self.environment(package))
    #expect(sql.status == 0, "\(sql.log)")
    let created = sql.stdout.split(separator: "\n").filter { $0.hasPrefix("CREATE TABLE ") }
      .map { $0.dropFirst("CREATE TABLE ".count).prefix { $0 != " " } }.map(String.init)
    #expect(created == ["alembic_version"] + renderer.schema.tables.map(\.names.table))
    for type in renderer.schema.tables.flatMap(\.enums) {
      #expect(sql.stdout.contains("CREATE TYPE \(type.typeName) AS ENUM"), "\(type.typeName)")
    }
    for role in blueprint.roles {
      #expect(sql.stdout.contains("INSERT INTO roles (name) VALUES ('\(role)');"))
    }
  }
}

/// The rendered migrations run against a real PostgreSQL (the shared test server): every table and
/// enum type is created, the models match the migrations exactly (`flask db check` finds nothing to
/// autogenerate), and downgrading to base removes everything again.
@Suite(.serialized) struct GeneratedFlaskAppPostgreSQLTests {
  @Test(.enabled(if: GeneratedAppVenv.basePython != nil), arguments: RenderedExamples.names)
  func theMigrationsBuildTheModelsSchemaInPostgreSQL(_ name: String) throws {
    let python = try GeneratedAppVenv.python()
    let server = try PostgresServer.shared()
    let blueprint = try RenderedExamples.blueprint(name)
    let renderer = try FlaskProjectRenderer(blueprint: blueprint)
    let scratch = try RenderedExamples.write(name)
    let url = try server.makeDatabase(blueprint.package)
    let database = try #require(url.split(separator: "/").last.map(String.init))
    let environment = GeneratedFlaskAppTests.environment(blueprint.package, ["DATABASE_URL": url])
    func flask(_ arguments: String...) throws -> CommandResult {
      try runCommand([python, "-m", "flask"] + arguments, in: scratch.path, environment: environment)
    }

    let upgrade = try flask("db", "upgrade")
    #expect(upgrade.status == 0, "\(upgrade.log)")
    let tables = try server.psql(
      "select tablename from pg_tables where schemaname = 'public' order by tablename", database: database)
    #expect(
      tables.split(separator: "\n").map(String.init)
        == (["alembic_version"] + renderer.schema.tables.map(\.names.table)).sorted())
    let enums = try server.psql(
      "select typname from pg_type where typtype = 'e' order by 1", database: database)
    #expect(
      enums.split(separator: "\n").map(String.init)
        == renderer.schema.tables.flatMap(\.enums).map(\.typeName).sorted())
    #expect(
      try server.psql("select string_agg(name, ',' order by id) from roles", database: database)
        == blueprint.roles.joined(separator: ","))

    let check = try flask("db", "check")
    #expect(check.status == 0, "models and migrations differ:\n\(check.log)")

    let downgrade = try flask("db", "downgrade", "base")
    #expect(downgrade.status == 0, "\(downgrade.log)")
    #expect(
      try server.psql(
        "select count(*) from pg_tables where schemaname = 'public' and tablename <> 'alembic_version'",
        database: database) == "0")
    #expect(try server.psql("select count(*) from pg_type where typtype = 'e'", database: database) == "0")
  }
}
