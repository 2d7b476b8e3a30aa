import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The PostgreSQL fixture of the generated-app tests: real servers, started and stopped for real.
@Suite struct PostgresServerTests {
  @Test func aServerStartsAnswersQueriesAndStopsByItsPID() throws {
    let server = try PostgresServer.start()
    defer { server.removeFolder() }
    #expect(server.isRunning)
    #expect(server.url == "postgresql://archverify@127.0.0.1:\(server.port)/archverify_test")
    #expect(try server.psql("select 1") == "1")
    // Loopback only, and not as root: initdb refuses root, so a root test run uses a system user.
    #expect(try server.psql("show listen_addresses") == "127.0.0.1")
    let owner =
      try FileManager.default.attributesOfItem(
        atPath: server.folder.appendingPathComponent("data").path)[.ownerAccountID] as? Int
    #expect(owner != 0)

    try server.stop()
    #expect(!server.isRunning, "PostgreSQL \(server.pid) still runs after stop")
    #expect(throws: PostgresServerError.self) { try server.psql("select 1") }
    try server.stop()  // stopping a stopped server is fine
  }

  @Test func theSharedServerGivesEachTestAFreshDatabase() throws {
    let server = try PostgresServer.shared()
    #expect(try PostgresServer.shared() === server)
    let first = try server.makeDatabase("orders")
    let second = try server.makeDatabase("orders")
    #expect(first != second)
    #expect(first.hasPrefix("postgresql://archverify@127.0.0.1:\(server.port)/orders_"))
    let name = try #require(first.split(separator: "/").last.map(String.init))
    _ = try server.psql("create table t (id int); insert into t values (7)", database: name)
    #expect(try server.psql("select id from t", database: name) == "7")
    let other = try #require(second.split(separator: "/").last.map(String.init))
    #expect(try server.psql("select count(*) from pg_tables where tablename = 't'", database: other) == "0")
  }

  @Test func aServerWhoseOwnerDiesIsStoppedByTheWatcher() throws {
    let owner = try ChildProcess.spawn(
      ["/bin/sleep", "60"], in: nil, environment: [:], stdout: "/dev/null", stderr: "/dev/null",
      ownGroup: false)
    var ownerReaped = false
    defer {
      if !ownerReaped {
        kill(owner, SIGKILL)
        _ = ChildProcess.waitForExit(owner)
      }
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "avpg-" + UUID().uuidString.prefix(13).lowercased())
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    defer {
      _ = try? PostgresServer.runScript(["stop", folder.path])
      try? FileManager.default.removeItem(at: folder)
    }
    try PostgresServer.runScript(["start", folder.path, String(owner)])
    let pidText = try String(contentsOf: folder.appendingPathComponent("server.pid"), encoding: .utf8)
    let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(PostgresServer.processExists(pid))

    kill(owner, SIGTERM)
    _ = ChildProcess.waitForExit(owner)
    ownerReaped = true
    let deadline = Date().addingTimeInterval(15)
    while PostgresServer.processExists(pid), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(!PostgresServer.processExists(pid), "PostgreSQL \(pid) outlived the process that owned it")
  }

  @Test func aMachineWithoutPostgreSQLFailsNamingThePackage() throws {
    let error = try #require(throws: PostgresServerError.self) {
      try PostgresServer.start(environment: ["ARCHVERIFY_PG_ROOT": "/nonexistent"])
    }
    #expect(error.description.contains("apt-get install postgresql"))
  }
}
