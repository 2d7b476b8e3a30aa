import Foundation
import GeneratorHarness
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A command's exit status and output.
struct CommandResult {
  /// The exit code, 128 + the signal when killed, or -1 when it ran past its time limit.
  let status: Int32
  let stdout: String
  let stderr: String
  /// The command line and how long it ran, for messages.
  var command = ""
  var seconds = 0.0

  var log: String {
    let ending = status == -1 ? "timed out (killed)" : "exit \(status)"
    return
      "$ \(command)\n\(ending) after \(String(format: "%.1f", seconds)) s\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
  }
}

/// Runs `arguments[0]` (an absolute path) with exactly `environment` (nothing inherited but what it
/// lists) in `folder`, its output in files. Past `timeout` seconds its process group is killed.
func runCommand(
  _ arguments: [String], in folder: String, environment: [String: String], timeout: Int = 600
) throws -> CommandResult {
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("archverify-run-\(UUID())")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outPath = scratch.appendingPathComponent("stdout").path
  let errPath = scratch.appendingPathComponent("stderr").path
  let clock = ContinuousClock()
  let started = clock.now
  let pid = try ChildProcess.spawn(
    arguments, in: folder, environment: environment, stdout: outPath, stderr: errPath)
  let status = ChildProcess.wait(pid, timeout: .seconds(timeout)) ?? -1
  return CommandResult(
    status: status,
    stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
    command: arguments.joined(separator: " "), seconds: (clock.now - started) / .seconds(1))
}

/// Child processes started with posix_spawn, each in a process group of its own (so that a time
/// limit or a stop reaches whatever it started). Foundation's `Process` is not used: its
/// `waitUntilExit` was seen to hang when tests start processes in parallel.
enum ChildProcess {
  #if canImport(Darwin)
    typealias FileActions = posix_spawn_file_actions_t?
    typealias Attributes = posix_spawnattr_t?
  #else
    typealias FileActions = posix_spawn_file_actions_t
    typealias Attributes = posix_spawnattr_t
  #endif

  /// `posix_spawn_file_actions_addchdir_np`, looked up at run time (the C module does not declare it).
  static let addChangeDirectory:
    (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32)? = {
      guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else {
        return nil
      }
      return unsafeBitCast(
        symbol,
        to: (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32).self)
    }()

  /// Starts `arguments[0]` (an absolute path) in `folder` (nil: this process's folder) with exactly
  /// `environment`, standard input from /dev/null and standard output and error into the files
  /// `stdout` and `stderr`; with `ownGroup`, in a process group of its own (killed as a whole).
  /// Foundation's `Process` is not used: its SIGCHLD bookkeeping was seen to miss the exit of
  /// short-lived children started from parallel tests, and an `atexit` handler needs something that
  /// works while the process is shutting down.
  static func spawn(
    _ arguments: [String], in folder: String?, environment: [String: String], stdout: String,
    stderr: String, ownGroup: Bool = true
  ) throws -> pid_t {
    var actions = FileActions()
    var attributes = Attributes()
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let folder {
      guard let changeDirectory = addChangeDirectory else {
        throw PostgresServerError("posix_spawn_file_actions_addchdir_np is missing")
      }
      let changed = changeDirectory(&actions, folder)
      guard changed == 0 else { throw PostgresServerError("cannot change to \(folder): \(changed)") }
    }
    // Test threads block signals and a child inherits the mask: reset it, and the handlers.
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if ownGroup {
      posix_spawnattr_setpgroup(&attributes, 0)
      flags |= POSIX_SPAWN_SETPGROUP
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard code == 0 else {
      throw PostgresServerError("could not start \(arguments[0]): \(String(cString: strerror(code)))")
    }
    return pid
  }

  /// The exit code of `pid` (128 + the signal when killed) if it has ended, else nil; never blocks.
  static func exitStatus(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    let waited = waitpid(pid, &status, WNOHANG)
    guard waited == pid else { return waited < 0 && errno != EINTR ? -1 : nil }
    return exitCode(status)
  }

  /// Waits for `pid`, however long it takes, and returns its exit code; leaves its group alone.
  static func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      if errno != EINTR { return -1 }
    }
    return exitCode(status)
  }

  /// A `waitpid` status as an exit code: the code, or 128 + the signal that killed the process.
  static func exitCode(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// Waits for `pid` and returns its exit code; past `timeout` its process group is killed and the
  /// result is nil. Whatever it left running in its group is killed either way.
  static func wait(_ pid: pid_t, timeout: Duration) -> Int32? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if let status = exitStatus(pid) {
        kill(-pid, SIGKILL)
        return status
      }
      usleep(20_000)
    }
    stop(pid, grace: .zero)
    return nil
  }

  /// Stops the process group of `pid`: SIGTERM, then SIGKILL after `grace`; reaps `pid`.
  static func stop(_ pid: pid_t, grace: Duration) {
    let clock = ContinuousClock()
    if grace > .zero {
      kill(-pid, SIGTERM)
      let deadline = clock.now + grace
      while clock.now < deadline {
        if exitStatus(pid) != nil {
          kill(-pid, SIGKILL)
          return
        }
        usleep(20_000)
      }
    }
    kill(-pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
  }
}

/// The virtual environment the generated applications' requirements (and the tools that test them)
/// are installed in:
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

  /// The tools the end-to-end tests drive the generated applications with, pinned to versions that
  /// install together with `FlaskProjectRenderer.allRequirements`.
  static let tools = ["openapi-spec-validator==0.9.0", "ruff==0.14.0", "schemathesis==4.32.5"]

  static func make() throws -> String {
    let requirements =
      (FlaskProjectRenderer.allRequirements.map { "\($0.name)==\($0.version)" } + tools)
      .map { $0 + "\n" }.joined()
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
      let result = try runCommand(step, in: building, environment: environment, timeout: 900)
      guard result.status == 0 else {
        throw VenvError(description: "\(step.joined(separator: " ")) failed:\n\(result.log)")
      }
    }
    _ = FileManager.default.createFile(atPath: building + "/.ready", contents: Data())
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
    // Required with the Stripe integration; ignored by projects without it.
    environment["STRIPE_WEBHOOK_SECRET"] = "whsec_test"
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
    // Celery registers itself as an extension when the integration is on.
    let extensions =
      (["flask-jwt-extended", "limiter", "migrate", "sqlalchemy"]
      + (blueprint.has(.celery) ? ["celery"] : []))
      .sorted().map { "'\($0)'" }.joined(separator: ", ")
    #expect(imported.stdout == "postgresql+psycopg [\(extensions)]\n")

    let refusals: [([String: String], String)] = [
      (["DATABASE_URL": ""], "DATABASE_URL must be set in the environment"),
      (["DATABASE_URL": "sqlite:///app.db"], "DATABASE_URL must name a PostgreSQL database, not SQLite"),
      (["SECRET_KEY": ""], "SECRET_KEY must be set in the environment"),
      (["JWT_SECRET_KEY": ""], "JWT_SECRET_KEY must be set in the environment"),
      (["TRUSTED_PROXY_COUNT": "two"], "TRUSTED_PROXY_COUNT must be a whole number (got 'two')"),
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
