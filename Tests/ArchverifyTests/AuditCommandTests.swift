import ArchCore
import Audit
import Foundation
import Reports
import Testing

/// The `audit` command end to end: exit status, error messages, configuration, output files and
/// `--stats`, through the built binary (baselines: `BaselineTests`; `--new-since`: `NewSinceTests`).
@Suite struct AuditCommandTests {
  static let createAllMessage =
    "`create_all()` builds tables outside Alembic; create them in a migration instead"

  @Test func passingProjectExitsZero() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout.hasSuffix("Score 88/100, threshold 80: PASSED\n"))
  }

  /// `--output /dev/null` or a pipe: the report is written into it, and it stays what it was (a
  /// temporary file renamed onto it would have replaced the device or pipe with a regular file).
  @Test func anOutputThatIsAPipeIsWrittenInPlace() throws {
    let project = try TemporaryProject(Projects.createAll)
    let fifo = project.url.appendingPathComponent("report.pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    // Held open for reading (without blocking), so the writer's open does not wait for a reader.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    let result = try project.run("audit", "--format", "json", "--output", "report.pipe")
    #expect(result.status == 0)
    var info = stat()
    #expect(lstat(fifo, &info) == 0)
    #expect(info.st_mode & S_IFMT == S_IFIFO)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let count = read(reader, &buffer, buffer.count)
    #expect(count > 0)
    let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
    #expect(text.hasPrefix("{"))
    #expect(text.contains("\"ruleId\" : \"migrations/create-all\""))
  }

  @Test func cleanProjectScores100() throws {
    let project = try TemporaryProject(Projects.clean)
    let result = try project.run("audit", "--fail-under", "100")
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("No findings.\n\nFindings      0 errors, 0 warnings, 0 notes\n"))
    #expect(result.stdout.hasSuffix("Score 100/100, threshold 100: PASSED\n"))
  }

  @Test func scoreBelowThresholdExitsOne() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--fail-under", "89")
    #expect(result.status == 1)
    #expect(result.stderr == "")
    #expect(result.stdout.hasSuffix("Score 88/100, threshold 89: FAILED\n"))
  }

  @Test func thresholdComesFromTheConfigurationUnlessGivenOnTheCommandLine() throws {
    let project = try TemporaryProject(Projects.createAll)
    try project.write("archverify.yml", "fail_under: 95\n")
    let fromConfig = try project.run("audit")
    #expect(fromConfig.status == 1)
    #expect(fromConfig.stdout.hasSuffix("Score 88/100, threshold 95: FAILED\n"))
    let overridden = try project.run("audit", "--fail-under", "88")
    #expect(overridden.status == 0)
    #expect(overridden.stdout.hasSuffix("Score 88/100, threshold 88: PASSED\n"))
  }

  @Test func auditsThePathArgumentWithItsConfiguration() throws {
    let project = try TemporaryProject(Projects.createAll)
    try project.write("archverify.yml", "rules:\n  migrations/create-all: warning\n")
    let parent = project.url.deletingLastPathComponent()
    let result = try Archverify.run(["audit", project.url.lastPathComponent, "--format", "json"], in: parent)
    #expect(result.status == 0)
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    #expect(document.findings.map(\.level) == [.warning, .warning])
    #expect(document.findings.map(\.path) == ["app/__init__.py", "scripts/seed.py"])
    #expect(document.score == 95)
  }

  @Test func unknownConfigurationKeyIsAnInputError() throws {
    let project = try TemporaryProject(Projects.createAll)
    try project.write("archverify.yml", "fail_under: 80\nexclude: [\"legacy/**\"]\ncolour: always\n")
    let result = try project.run("audit")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    let keys = Configuration.keys.joined(separator: ", ")
    #expect(
      result.stderr == """
        archverify.yml:3:1: error: unknown key 'colour' (expected one of: \(keys))
        colour: always
        ^

        """)
  }

  @Test func explicitConfigFileIsUsedAndNamedInErrors() throws {
    let project = try TemporaryProject(Projects.createAll)
    try project.write("ci/strict.yml", "fail_under: 101\n")
    let result = try project.run("audit", "--config", "ci/strict.yml")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        ci/strict.yml:1:13: error: 'fail_under' must be a whole number from 0 to 100
        fail_under: 101
                    ^

        """)
    let missing = try project.run("audit", "--config", "ci/none.yml")
    #expect(missing.status == 2)
    #expect(missing.stderr == "ci/none.yml: error: cannot read configuration file\n")
  }

  @Test func missingPathIsAnInputError() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "no-such-folder")
    #expect(
      result == RunResult(stdout: "", stderr: "no-such-folder: error: no such folder to audit\n", status: 2))
    let file = try project.run("audit", "app/__init__.py")
    #expect(file.status == 2)
    #expect(file.stderr == "app/__init__.py: error: not a folder; audit the project folder that holds it\n")
  }

  @Test(arguments: [
    (["--fail-under", "101"], "--fail-under must be a whole number from 0 to 100 (got 101)"),
    (["--fail-under=-1"], "--fail-under must be a whole number from 0 to 100 (got -1)"),
    (["--fail-under", "high"], "The value 'high' is invalid for '--fail-under <score>'"),
    (["--jobs", "0"], "--jobs must be at least 1 (got 0)"),
    (
      ["--format", "pdf"],
      "The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text', "
        + "'json', 'sarif', 'markdown' or 'html'."
    ),
  ])
  func usageErrorsExitTwoWithOneLine(arguments: [String], problem: String) throws {
    let project = try TemporaryProject(Projects.clean)
    let result = try Archverify.run(["audit"] + arguments, in: project.url)
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr == "archverify audit: error: \(problem) (see 'archverify audit --help')\n")
  }

  @Test func boundaryThresholdsAreAccepted() throws {
    let project = try TemporaryProject(Projects.createAll)
    let lowest = try project.run("audit", "--fail-under", "0")
    #expect(lowest.status == 0)
    #expect(lowest.stdout.hasSuffix("Score 88/100, threshold 0: PASSED\n"))
    let highest = try project.run("audit", "--fail-under", "100")
    #expect(highest.status == 1)
    #expect(highest.stdout.hasSuffix("Score 88/100, threshold 100: FAILED\n"))
  }

  @Test func unknownOptionAndCommandExitTwo() throws {
    let project = try TemporaryProject(Projects.clean)
    let option = try project.run("audit", "--colour")
    #expect(option.status == 2)
    #expect(option.stderr.hasPrefix("archverify audit: error: Unknown option '--colour'"))
    #expect(option.stderr.filter { $0 == "\n" }.count == 1)
    let command = try project.run("verify")
    #expect(command.status == 2)
    #expect(command.stderr.hasPrefix("archverify: error: Unexpected argument 'verify'"))
    #expect(command.stderr.filter { $0 == "\n" }.count == 1)
  }

  @Test func outputFileIsWrittenInsteadOfStandardOutput() throws {
    let project = try TemporaryProject(Projects.createAll)
    let printed = try project.run("audit", "--format", "json")
    let written = try project.run("audit", "--format", "json", "--output", "out/report.json")
    #expect(written.status == 2)
    #expect(written.stderr == "out/report.json: error: cannot write the file: folder 'out' does not exist\n")
    try FileManager.default.createDirectory(
      at: project.url.appendingPathComponent("out"), withIntermediateDirectories: true)
    let result = try project.run("audit", "--format", "json", "--output", "out/report.json")
    #expect(result == RunResult(stdout: "", stderr: "", status: 0))
    #expect(try project.read("out/report.json") == printed.stdout)
    let left = try FileManager.default.contentsOfDirectory(
      atPath: project.url.appendingPathComponent("out").path)
    #expect(left == ["report.json"])
  }

  @Test func textWrittenToAFileHasNoColour() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--output", "report.txt")
    #expect(result.status == 0)
    let text = try project.read("report.txt")
    #expect(!text.contains("\u{1B}["))
    #expect(text.hasPrefix("app/__init__.py:12:9: error: "))
  }

  @Test func colourOnlyOnATerminalWithoutNoColor() throws {
    let project = try TemporaryProject(Projects.createAll)
    let binary = try Archverify.binary().path
    // `script` gives the command a pseudo-terminal as standard output.
    let command = "'\(binary)' audit"
    let onTerminal = try Archverify.runTool(
      "/usr/bin/script", ["-qec", command, "/dev/null"], in: project.url)
    #expect(onTerminal.stdout.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    let noColor = try Archverify.runTool(
      "/usr/bin/script", ["-qec", command, "/dev/null"], in: project.url, environment: ["NO_COLOR": "1"])
    #expect(noColor.stdout.contains("error: `create_all()`"))
    #expect(!noColor.stdout.contains("\u{1B}["))
    let piped = try project.run("audit")
    #expect(!piped.stdout.contains("\u{1B}["))
  }

  @Test func missingRulePackFolderIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    let result = try project.run("audit", "--rules", "packs")
    #expect(
      result == RunResult(stdout: "", stderr: "packs: error: rule pack folder does not exist\n", status: 2))
  }

  @Test func statsArePrintedOnStandardError() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--stats", "--format", "json")
    #expect(result.status == 0)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first == "stats: files 4, lines 29, parse-errors 0, skipped 0")
    let phases = lines.dropFirst().map { line in
      line.replacingOccurrences(of: #"\d+\.\d{3}s$"#, with: "<s>", options: .regularExpression)
    }
    #expect(
      phases == [
        "stats: discover <s>", "stats: read+parse <s>", "stats: extract <s>", "stats: files-wall <s>",
        "stats: rules <s>", "stats: report <s>", "stats: total <s>",
      ])
  }
}

extension Archverify {
  /// Runs another program (such as `script`) the same way as the binary.
  static func runTool(
    _ tool: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> RunResult {
    try run(arguments, in: directory, environment: environment, executable: URL(fileURLWithPath: tool))
  }
}
