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
    // The script's server and watcher must outlive it: it is not started in a group of its own.
    let pid = try ChildProcess.spawn(
      ["/bin/bash", script.path] + arguments, in: nil,
      environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
      stdout: outPath, stderr: errPath, ownGroup: false)
    let status = ChildProcess.waitForExit(pid)
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
}

struct PostgresServerError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
