import ArchCore
import Audit
import Foundation
import GeneratorHarness
import Rules
import Testing
import TreeSitter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The proof that a generated application is real, for each example blueprint: it renders
/// deterministically into files that parse, migrates an empty PostgreSQL, passes its own test suite
/// against another, has a valid OpenAPI document that the running server (rate limits on, as in
/// production) honours under Schemathesis, and passes the audit with a score of at least 95.
///
/// Every step runs even when an earlier one failed (as far as its inputs exist), each failure shows
/// the command and its whole output, and one line per blueprint gives the numbers:
/// `[generated-app] acme-orders: files=.. pytest_passed=.. schemathesis_cases=.. score=.. generate_s=..`.
@Suite(.serialized) struct GeneratedAppEndToEndTests {
  /// Schemathesis settings: each blueprint's run should take about two minutes at most.
  static let schemathesisPhases = "examples,coverage,fuzzing,stateful"
  static let schemathesisMaxExamples = 15
  static let schemathesisTimeout = 300
  static let pytestTimeout = 420

  @Test(
    .enabled(if: GeneratedAppVenv.basePython != nil),
    arguments: RenderedExamples.names + RenderedExamples.fixtureNames)
  func theGeneratedApplicationWorksEndToEnd(_ name: String) throws {
    let run = EndToEndRun(name: name)
    defer { run.printSummary() }
    try run.all()
  }
}

/// One blueprint's end-to-end run: the steps, their timings and the numbers of the summary line.
final class EndToEndRun {
  let name: String
  var timings: [(step: String, seconds: Double)] = []
  var numbers: [String: String] = [:]

  init(name: String) {
    self.name = name
  }

  /// Runs `body` as the step `step`, timing it; an error it throws is recorded as the step's failure
  /// and the run goes on. Returns nil when it threw.
  func step<T>(_ step: String, _ body: () throws -> T) -> T? {
    let clock = ContinuousClock()
    let started = clock.now
    defer { timings.append((step, (clock.now - started) / .seconds(1))) }
    do {
      return try body()
    } catch {
      Issue.record("[\(name)] \(step) failed: \(error)")
      return nil
    }
  }

  func printSummary() {
    let keys = [
      "files", "parsed_files", "pytest_passed", "schemathesis_cases", "schemathesis_2xx", "score",
      "generate_s",
    ]
    let fields = keys.map { "\($0)=\(numbers[$0] ?? "n/a")" }.joined(separator: " ")
    let steps = timings.map { "\($0.step)=\(String(format: "%.1f", $0.seconds))s" }.joined(separator: " ")
    print("[generated-app] \(name): \(fields)\n[generated-app] \(name) timings: \(steps)")
  }

  func all() throws {
    let blueprint = try RenderedExamples.blueprint(name)
    let renderer = try FlaskProjectRenderer(blueprint: blueprint)
    let package = blueprint.package

    // (b) Generate into a scratch folder, timed.
    let scratch = try ScratchFolder()
    let project = scratch.path + "/app"
    let generated = step("generate") { () throws -> [GeneratedFile] in
      let clock = ContinuousClock()
      let started = clock.now
      try renderer.write(into: OutputFolder(root: project))
      let seconds = (clock.now - started) / .seconds(1)
      numbers["generate_s"] = String(format: "%.3f", seconds)
      return try renderer.render()
    }
    guard let generated else { return }
    numbers["files"] = String(generated.count)

    // (h) Rendering twice gives the same bytes, on disk too.
    _ = step("determinism") { try checkDeterminism(generated, project: project) }
    // (i) Every Python, TypeScript and TSX file parses without an ERROR or MISSING node.
    _ = step("parse") { checkSyntax(generated) }
    // (g) The audit of the generated tree, as the gate runs it.
    _ = step("audit") { try audit(project) }

    // (a) The shared venv: the requirements of every project and the tools.
    guard let python = step("venv", { try GeneratedAppVenv.python() }) else { return }
    guard let server = step("postgres", { try PostgresServer.shared() }) else { return }
    var settings = try Self.settings(project: project, package: package)

    // (e) The OpenAPI document is valid.
    _ = step("openapi-spec-validator") {
      let result = try runCommand(
        [python, "-m", "openapi_spec_validator", "openapi.yaml"], in: project, environment: settings,
        timeout: 120)
      #expect(result.status == 0, "[\(name)] openapi.yaml is not a valid OpenAPI document:\n\(result.log)")
    }

    // The project's own CI lints with ruff and its pyproject.toml: the generated code passes.
    _ = step("ruff") {
      let result = try runCommand(
        [python, "-m", "ruff", "check", "--no-cache", "."], in: project, environment: settings, timeout: 120)
      #expect(result.status == 0, "[\(name)] ruff reports the generated code:\n\(result.log)")
    }

    // (c) Migrate an empty database; every model's table exists.
    let migrated = step("db-upgrade") { () throws -> String? in
      let url = try server.makeDatabase(package)
      settings["DATABASE_URL"] = url
      let upgrade = try runCommand(
        [python, "-m", "flask", "db", "upgrade"], in: project, environment: settings, timeout: 300)
      guard upgrade.status == 0 else {
        Issue.record("[\(name)] flask db upgrade failed:\n\(upgrade.log)")
        return nil
      }
      let database = String(url.split(separator: "/").last ?? "")
      let tables = try server.psql(
        "select tablename from pg_tables where schemaname = 'public'", database: database
      ).split(separator: "\n").map(String.init)
      let missing = renderer.schema.tables.map(\.names.table).filter { !tables.contains($0) }
      #expect(missing.isEmpty, "[\(name)] tables missing after flask db upgrade: \(missing); found \(tables)")
      return database
    }.flatMap { $0 }

    // (d) The generated test suite passes against a second, fresh database.
    _ = step("pytest") {
      try runTestSuite(
        python: python, server: server, blueprint: blueprint, project: project, settings: settings)
    }
    if let migrated {
      _ = step("dev-database-untouched") { () throws in
        #expect(
          try server.psql("select count(*) from users", database: migrated) == "0",
          "[\(name)] the test suite wrote into DATABASE_URL instead of TEST_DATABASE_URL")
      }
    }

    // (f) The running server honours its OpenAPI document under Schemathesis.
    if migrated != nil {
      _ = step("schemathesis") {
        try fuzz(
          python: python, blueprint: blueprint, project: project, scratch: scratch.path, settings: settings)
      }
    }
  }

  // MARK: Settings

  /// The environment of every command run in the generated project: `FLASK_APP`, and a test value for
  /// every setting the generated `config.py` requires (`required_setting("NAME")`), except the
  /// database URLs, which each step sets.
  static func settings(project: String, package: String) throws -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter {
      ["PATH", "HOME", "LANG"].contains($0.key)
    }
    environment["FLASK_APP"] = package
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    let config = try String(contentsOfFile: "\(project)/\(package)/config.py", encoding: .utf8)
    for match in config.matches(of: /required_setting\("([A-Z0-9_]+)"\)/) {
      let setting = String(match.output.1)
      guard !setting.hasSuffix("DATABASE_URL") else { continue }
      environment[setting] =
        "e2e-\(setting.lowercased().replacingOccurrences(of: "_", with: "-"))-"
        + "5f1c0b8e9d2a4b6f8e0c1a3b5d7f9e1c"
    }
    return environment
  }

  // MARK: Determinism and syntax

  /// A second rendering, from the blueprint loaded again, gives the same files as the first, and
  /// they are what the first wrote to disk.
  func checkDeterminism(_ first: [GeneratedFile], project: String) throws {
    let second = try FlaskProjectRenderer(blueprint: try RenderedExamples.blueprint(name)).render()
    #expect(first.map(\.path) == second.map(\.path), "[\(name)] a second rendering gives other files")
    for (one, other) in zip(first, second) where one != other {
      Issue.record("[\(name)] \(one.path) differs between two renderings")
    }
    for file in second {
      let bytes = FileManager.default.contents(atPath: project + "/" + file.path)
      #expect(
        bytes == Data(file.contents.utf8), "[\(name)] \(file.path) on disk differs from a second rendering")
    }
  }

  func checkSyntax(_ files: [GeneratedFile]) {
    let parser = Parser()
    var parsed = 0
    defer { numbers["parsed_files"] = String(parsed) }
    for file in files {
      guard let language = Language(fileName: file.path) else { continue }
      parsed += 1
      guard let tree = parser.parse(SourceText(file.contents), as: language) else {
        Issue.record("[\(name)] \(file.path): tree-sitter (\(language.rawValue)) gave no tree")
        continue
      }
      guard tree.rootNode.hasError else { continue }
      var problems: [String] = []
      let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
      tree.rootNode.walk { node in
        guard problems.count < 5 else { return false }
        if node.isError || node.isMissing {
          let row = node.startRow
          let line = row < lines.count ? String(lines[row]) : ""
          problems.append("\(row + 1): \(node.isMissing ? "MISSING \(node.type)" : "ERROR"): \(line)")
          return !node.isError
        }
        return node.hasError
      }
      Issue.record(
        "[\(name)] \(file.path) does not parse as \(language.rawValue):\n\(problems.joined(separator: "\n"))")
    }
  }

  // MARK: Audit

  func audit(_ project: String) throws {
    var configuration = Configuration()
    configuration.settings.requireTenantColumns = true
    var options = AuditOptions(root: project, configuration: configuration, threshold: 95)
    options.isUntrustedOutput = true
    let result = try Auditor(rules: try RuleSet.load(), options: options).run()
    numbers["score"] = String(result.score.score)
    let findings = result.findings.map {
      "\($0.location.path):\($0.location.line):\($0.location.column): \($0.level.rawValue): \($0.message) [\($0.ruleId)]"
    }
    #expect(
      result.score.score >= 95,
      "[\(name)] audit score \(result.score.score) < 95:\n\(findings.joined(separator: "\n"))")
    let errors = result.findings.filter { $0.level == .error }
    #expect(errors.isEmpty, "[\(name)] error-level findings:\n\(findings.joined(separator: "\n"))")
    #expect(
      result.filesWithParseErrors.isEmpty, "[\(name)] files with parse errors: \(result.filesWithParseErrors)"
    )
  }

  // MARK: The test suite

  func runTestSuite(
    python: String, server: PostgresServer, blueprint: Blueprint, project: String, settings: [String: String]
  ) throws {
    let expected =
      ["tests/conftest.py", "tests/test_auth.py"]
      + blueprint.entities.map { "tests/test_\($0.names.module).py" }
      + (blueprint.has(.stripe) ? ["tests/test_billing.py"] : [])
    let missing = expected.filter { !FileManager.default.fileExists(atPath: project + "/" + $0) }
    #expect(missing.isEmpty, "[\(name)] test files missing: \(missing)")
    var environment = settings
    environment["TEST_DATABASE_URL"] = try server.makeDatabase(blueprint.package + "_test")
    let result = try runCommand(
      [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], in: project, environment: environment,
      timeout: GeneratedAppEndToEndTests.pytestTimeout)
    let counts = Self.pytestCounts(result.stdout)
    numbers["pytest_passed"] = counts["passed"].map(String.init) ?? "0"
    guard result.status == 0 else {
      Issue.record("[\(name)] the generated test suite failed:\n\(result.log)")
      return
    }
    let failures = counts["failed", default: 0] + counts["error", default: 0] + counts["errors", default: 0]
    #expect(
      counts["passed", default: 0] > 0 && failures == 0,
      "[\(name)] pytest exited 0 but its summary is not all passed: \(counts)\n\(result.log)")
  }

  /// The counts of pytest's summary line (`3 failed, 41 passed, 2 warnings in 5.31s`), by word.
  static func pytestCounts(_ output: String) -> [String: Int] {
    guard
      let summary = output.split(separator: "\n").last(where: {
        $0.contains(" in ") && $0.contains(/\d+ \w+/)
      })
    else { return [:] }
    var counts: [String: Int] = [:]
    for match in summary.matches(
      of: /(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|warnings?|deselected)/)
    {
      counts[String(match.output.2)] = Int(match.output.1)
    }
    return counts
  }

  // MARK: The running server under Schemathesis

  func fuzz(
    python: String, blueprint: Blueprint, project: String, scratch: String, settings: [String: String]
  ) throws {
    let environment = settings
    let port = try LocalHTTP.freePort()
    let log = scratch + "/server.log"
    // gunicorn under a bash watcher (the process group's leader, whose PID is stopped at the end): the
    // watcher ends when gunicorn does, and stops gunicorn should this test process die first.
    let watcher = """
      "$@" & server=$!
      (while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done) & owner=$!
      wait -n "$server" "$owner"; status=$?
      kill -TERM "$server" "$owner" 2>/dev/null; wait "$server"; exit "$status"
      """
    let server = try ChildProcess.spawn(
      [
        "/bin/bash", "-c", watcher, "gunicorn", python, "-m", "gunicorn", "\(blueprint.package):create_app()",
        "--bind", "127.0.0.1:\(port)", "--workers", "2", "--timeout", "60", "--graceful-timeout", "5",
      ], in: project, environment: environment, stdout: log, stderr: log)
    defer { ChildProcess.stop(server, grace: .seconds(10)) }
    func serverLog() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    // Up when GET /api/health answers 200, within 60 s.
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    var health: LocalHTTP.Response?
    while clock.now < deadline {
      if let status = ChildProcess.exitStatus(server) {
        Issue.record("[\(name)] the server exited with status \(status) before it answered:\n\(serverLog())")
        return
      }
      health = try? LocalHTTP.request(port: port, method: "GET", path: "/api/health")
      if health?.status == 200 { break }
      usleep(200_000)
    }
    guard let health, health.status == 200 else {
      Issue.record(
        "[\(name)] GET /api/health did not answer 200 within 60 s (last: \(health.map { "\($0.status) \($0.body)" } ?? "no answer")):\n\(serverLog())"
      )
      return
    }

    // A signed-in session: register, keep the cookies.
    let tenantKey = blueprint.tenancy.rawValue + "_name"
    let body = try JSONSerialization.data(
      withJSONObject: [
        "email": "e2e-owner@example.com", "password": "Correct-Horse-Battery-Staple-42",
        "full_name": "End To End", tenantKey: "End-to-end \(blueprint.tenancy.rawValue)",
      ], options: [.sortedKeys])
    let registered = try LocalHTTP.request(
      port: port, method: "POST", path: "/api/auth/register", headers: ["Content-Type": "application/json"],
      body: body)
    let cookies = registered.cookies
    guard registered.status == 201, let access = cookies["access_token_cookie"],
      let csrf = cookies["csrf_access_token"]
    else {
      Issue.record(
        Comment(
          rawValue: "[\(name)] POST /api/auth/register answered \(registered.status) with cookies "
            + "\(cookies.keys.sorted()):\n\(registered.head)\n\(registered.body)\n--- server log\n\(serverLog())"
        ))
      return
    }
    // Rate limits are on (Flask-Limiter's default, as in production): the limited register answers
    // with its limit headers.
    #expect(
      registered.headers.contains { $0.name.lowercased() == "x-ratelimit-limit" },
      "[\(name)] POST /api/auth/register has no X-RateLimit-Limit header: rate limiting is off?\n\(registered.head)"
    )

    // A configuration file of its own: no schemathesis.toml of the folder or its parents applies.
    let configFile = scratch + "/schemathesis.toml"
    let har = scratch + "/schemathesis.har"
    try "[generation]\ndatabase = \"none\"\n".write(toFile: configFile, atomically: true, encoding: .utf8)
    let result = try runCommand(
      [
        python, "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
        "--config-file", configFile, "--no-color", "run", "openapi.yaml", "--url", "http://127.0.0.1:\(port)",
        "-H", "Cookie: access_token_cookie=\(access); csrf_access_token=\(csrf)", "-H",
        "X-CSRF-TOKEN: \(csrf)",
        "--checks", "not_a_server_error,status_code_conformance,response_schema_conformance",
        "--phases", GeneratedAppEndToEndTests.schemathesisPhases,
        "--max-examples", String(GeneratedAppEndToEndTests.schemathesisMaxExamples), "--seed", "20251125",
        "--request-timeout", "10", "--workers", "1", "--generation-with-security-parameters", "false",
        "--suppress-health-check", "all", "--warnings", "off", "--report", "har",
        "--report-har-path", har,
      ], in: project, environment: environment, timeout: GeneratedAppEndToEndTests.schemathesisTimeout)
    if let cases = result.stdout.firstMatch(of: /Test cases:\s*\n\s*(\d+) generated/) {
      numbers["schemathesis_cases"] = String(cases.output.1)
    }
    #expect(
      result.status == 0,
      "[\(name)] Schemathesis found problems:\n\(result.log)\n--- server log (last 8000 bytes)\n\(String(serverLog().suffix(8000)))"
    )
    checkSessionWorked(har: har, blueprint: blueprint)
  }

  /// Documented 401s would let a run whose session cookie never worked pass: the recorded exchanges
  /// must show every entity listed (200) and every entity without a required ref created (201), which
  /// takes the access cookie and, for the creation, the CSRF header.
  func checkSessionWorked(har: String, blueprint: Blueprint) {
    guard let data = FileManager.default.contents(atPath: har),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let log = root["log"] as? [String: Any], let entries = log["entries"] as? [[String: Any]]
    else {
      Issue.record("[\(name)] no readable HAR report from Schemathesis at \(har)")
      return
    }
    var statuses: [String: [Int: Int]] = [:]
    for entry in entries {
      guard let request = entry["request"] as? [String: Any],
        let response = entry["response"] as? [String: Any],
        let method = request["method"] as? String, let url = request["url"] as? String,
        let status = response["status"] as? Int, let path = URLComponents(string: url)?.path
      else { continue }
      statuses["\(method) \(path)", default: [:]][status, default: 0] += 1
    }
    numbers["schemathesis_2xx"] = String(
      statuses.values.flatMap { $0 }.filter { (200..<300).contains($0.key) }.map(\.value).reduce(0, +))
    for entity in blueprint.entities {
      let list = "GET /api/\(entity.names.urlSegment)"
      #expect(
        statuses[list]?[200] != nil,
        "[\(name)] \(list) never answered 200 under Schemathesis (statuses: \(statuses[list] ?? [:]))")
      guard !entity.fields.contains(where: { $0.kind == .ref && $0.required }) else { continue }
      let create = "POST /api/\(entity.names.urlSegment)"
      #expect(
        statuses[create]?[201] != nil,
        "[\(name)] \(create) never answered 201 under Schemathesis (statuses: \(statuses[create] ?? [:]))")
    }
  }
}

/// Plain HTTP/1.1 to a server on 127.0.0.1, over a socket (no URLSession on Linux in tests).
enum LocalHTTP {
  struct Response {
    let status: Int
    /// The status line and headers, as received.
    let head: String
    let headers: [(name: String, value: String)]
    let body: String

    /// The `Set-Cookie` values by cookie name.
    var cookies: [String: String] {
      var cookies: [String: String] = [:]
      for (name, value) in headers where name.lowercased() == "set-cookie" {
        let pair = value.split(separator: ";", maxSplits: 1).first ?? ""
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 {
          cookies[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[1])
        }
      }
      return cookies
    }
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// A TCP port on 127.0.0.1 that nothing listens on (the kernel's choice).
  static func freePort() throws -> Int {
    let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketHandle >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
    defer { close(socketHandle) }
    var address = loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw Failure(description: "bind: \(String(cString: strerror(errno)))") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketHandle, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    return address
  }

  /// Sends one request (`Connection: close`) and reads the whole response; 10 s limit on each read.
  static func request(
    port: Int, method: String, path: String, headers: [String: String] = [:], body: Data = Data()
  ) throws -> Response {
    let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketHandle >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
    defer { close(socketHandle) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socketHandle, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(socketHandle, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = loopback(port: port)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socketHandle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
    head += "Content-Length: \(body.count)\r\n\r\n"
    let request = [UInt8](head.utf8) + [UInt8](body)
    var sent = 0
    while sent < request.count {
      let count = request[sent...].withUnsafeBytes { send(socketHandle, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
      sent += count
    }
    var received = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(socketHandle, &chunk, chunk.count, 0)
      if count == 0 { break }
      guard count > 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
      received.append(contentsOf: chunk[0..<count])
    }
    let text = String(decoding: received, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else {
      throw Failure(description: "no complete response: \(text)")
    }
    let headText = String(text[..<split.lowerBound])
    let lines = headText.components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      throw Failure(description: "bad status line: \(lines[0])")
    }
    let fields = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    return Response(status: status, head: headText, headers: fields, body: String(text[split.upperBound...]))
  }
}
