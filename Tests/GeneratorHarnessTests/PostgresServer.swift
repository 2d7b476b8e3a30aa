import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A private PostgreSQL server for the tests that run generated applications, driven by
/// `scripts/postgres-test-server.sh`: a cluster made by `initdb` in a fresh temporary folder, owned by
/// an unprivileged user, listening on 127.0.0.1 only, on a free port, with trust authentication.
///
/// Tests share one server per test process: `try PostgresServer.shared()` starts it on first use and
/// `makeDatabase()` gives each test a database of its own. The shared server is stopped by PID when
/// the process exits (an `atexit` handler), and by the script's watcher should the process die
/// without exiting. A machine without PostgreSQL makes `shared()` throw an error naming
/// `apt-get install postgresql`: the tests fail, they are never skipped.
final class PostgresServer: Sendable {
  /// The repository's `scripts/postgres-test-server.sh`.
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/postgres-test-server.sh")

  /// The folder holding the cluster (`data/`), `server.log`, `server.pid` and `port`.
  let folder: URL
  /// The postmaster's process id.
  let pid: Int32
  let port: Int
  /// The URL of the server's default database, `archverify_test`.
  let url: String

  private init(folder: URL, pid: Int32, port: Int, url: String) {
    self.folder = folder
    self.pid = pid
    self.port = port
    self.url = url
  }

  private static let sharedServer = Result { () throws -> PostgresServer in
    let server = try PostgresServer.start()
    atexit { PostgresServer.stopSharedServer() }
    return server
  }

  /// The server shared by this test process, started on the first call.
  static func shared() throws -> PostgresServer {
    try sharedServer.get()
  }

  private static func stopSharedServer() {
    guard case .success(let server) = sharedServer else { return }
    try? server.stop()
    server.removeFolder()
  }

  /// Starts a server of its own in a new temporary folder; the caller stops it. `environment` is added
  /// to the script's. The script stops the server by itself once this process is gone.
  static func start(environment: [String: String] = [:]) throws -> PostgresServer {
    // Short and unique: parallel test processes never share a folder, and the Unix socket path
    // (folder + "/.s.PGSQL.PORT") stays under its 107-byte limit.
    let name = "avpg-" + UUID().uuidString.prefix(13).lowercased()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
      .standardizedFileURL
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    do {
      let started = try runScript(
        ["start", folder.path, String(getpid())], environment: environment)
      let url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let pidText = try String(contentsOf: folder.appendingPathComponent("server.pid"), encoding: .utf8)
      let portText = try String(contentsOf: folder.appendingPathComponent("port"), encoding: .utf8)
      guard let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)),
        let port = Int(portText.trimmingCharacters(in: .whitespacesAndNewlines))
      else {
        throw PostgresServerError("unreadable server.pid or port in \(folder.path)")
      }
      return PostgresServer(folder: folder, pid: pid, port: port, url: url)
    } catch {
      _ = try? runScript(["stop", folder.path])
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  /// The connection URL of `database` on this server.
  func url(database: String) -> String {
    "postgresql://archverify@127.0.0.1:\(port)/\(database)"
  }

  /// Creates a new, empty database with a unique name starting with `label` and returns its URL.
  func makeDatabase(_ label: String = "test") throws -> String {
    let safeLabel = String(
      label.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(30))
    let name = "\(safeLabel.isEmpty ? "test" : safeLabel)_\(UUID().uuidString.prefix(8).lowercased())"
    _ = try psql("CREATE DATABASE \"\(name)\"", database: "postgres")
    return url(database: name)
  }

  /// Runs `sql` with psql as the superuser and returns its unaligned, tuples-only output.
  func psql(_ sql: String, database: String = "archverify_test") throws -> String {
    let result = try Self.runScript(["psql", folder.path, "-d", database, "-tA", "-c", sql])
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Stops the server (SIGINT, then SIGKILL after 30 s); stopping a stopped server is fine.
  func stop() throws {
    _ = try Self.runScript(["stop", folder.path])
  }

  /// Removes the server's folder; call after `stop()`.
  func removeFolder() {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Whether the postmaster process still exists (a zombie awaiting its reaper counts as gone).
  var isRunning: Bool { Self.processExists(pid) }

  static func processExists(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let end = stat.range(of: ") ", options: .backwards)
    else { return true }
    return stat[end.upperBound...].first != "Z"
  }

  struct ScriptResult: Sendable {
    let stdout: String
    let stderr: String
  }

  /// Runs the script with `arguments`; a non-zero exit throws an error carrying its stderr.
  @discardableResult
  static func runScript(_ arguments: [String], environment: [String: String] = [:]) throws -> ScriptResult {
    // Output goes to files rather than pipes: nothing the script leaves running can hold a pipe open.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-pg-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outPath = scratch.appendingPathComponent("stdout").path
    let errPath = scratch.appendingPathComponent("stderr").path
    let pid = try spawn(
      ["/bin/bash", script.path] + arguments, environment: environment, stdout: outPath, stderr: errPath)
    let status = waitForExit(pid)
    let result = ScriptResult(
      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    guard status == 0 else {
      throw PostgresServerError(
        "scripts/postgres-test-server.sh \(arguments.first ?? "") failed with exit code "
          + "\(status):\n\(result.stderr)")
    }
    return result
  }

  /// Starts `arguments[0]` with posix_spawn. Foundation's `Process` is not used: its SIGCHLD
  /// bookkeeping was seen to miss the exit of short-lived children started from parallel tests, and
  /// the `atexit` handler needs something that works while the process is shutting down.
  static func spawn(
    _ arguments: [String], environment: [String: String] = [:], stdout: String = "/dev/null",
    stderr: String = "/dev/null"
  ) throws -> pid_t {
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
    #else
      var actions: posix_spawn_file_actions_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    // Test threads block signals, and a child inherits that mask: reset it so that SIGINT and SIGTERM
    // reach the script, the server and its watcher.
    #if os(Linux)
      var attributes = posix_spawnattr_t()
    #else
      var attributes: posix_spawnattr_t?
    #endif
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard code == 0 else {
      throw PostgresServerError("could not start \(arguments[0]): \(String(cString: strerror(code)))")
    }
    return pid
  }

  /// Waits for the child `pid` and returns its exit code (128 + the signal when it was killed).
  static func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      if errno != EINTR { return -1 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}

struct PostgresServerError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
