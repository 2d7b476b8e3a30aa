import ArchCore
import ArgumentParser
import Audit
import Foundation
import Reports
import Rules
import Scoring

extension ReportFormat: ExpressibleByArgument {}

/// `archverify audit`: analyse a project, print a report, and gate on the score.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit a project, report the findings and gate on the score.",
    discussion: """
      Exit status: 0 the score reaches the threshold; 1 it is below; 2 a usage or input error \
      (a missing folder, a malformed config, rule pack or baseline).
      """
  )

  @Argument(help: "The project folder to audit.")
  var path: String = "."

  @Option(help: "The report format.")
  var format: ReportFormat = .text

  @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
  var output: String?

  @Option(
    help: ArgumentHelp(
      "The gate: the lowest passing score, 0-100 (default: fail_under in archverify.yml, else 80).",
      valueName: "score"))
  var failUnder: Int?

  @Option(
    help: ArgumentHelp("Configuration file (default: PATH/archverify.yml when present).", valueName: "file"))
  var config: String?

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  @Option(help: ArgumentHelp("Findings recorded in this baseline file do not count.", valueName: "file"))
  var baseline: String?

  @Option(
    help: ArgumentHelp(
      "Record the current findings in this baseline file and exit 0 without a report.", valueName: "file"))
  var writeBaseline: String?

  @Option(help: ArgumentHelp("Files analysed in parallel (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Flag(help: "Print the time of each phase on standard error.")
  var stats = false

  func validate() throws {
    if let failUnder, !(0...100).contains(failUnder) {
      throw ValidationError("--fail-under must be a whole number from 0 to 100 (got \(failUnder))")
    }
    if let jobs, jobs < 1 {
      throw ValidationError("--jobs must be at least 1 (got \(jobs))")
    }
  }

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    let root = try Self.projectRoot(path)
    let ruleSet = try RuleSet.load(extraDirectories: rules)
    let configuration = try loadConfiguration(knownRuleIds: Set(ruleSet.descriptions.map(\.id)))
    let threshold = failUnder ?? configuration.failUnder ?? Scoring.defaultThreshold
    let accepted = try baseline.map { try Baseline.load(path: $0).fingerprints } ?? []
    let options = AuditOptions(
      root: root, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, configuration: configuration,
      threshold: threshold, baseline: accepted)
    let result = try Auditor(rules: ruleSet, options: options).run()

    if let writeBaseline {
      let recorded = Baseline(findings: result.findings)
      try OutputFile.save(try recorded.encoded(), to: writeBaseline)
      Console.error("archverify: recorded \(recorded.findings.count) findings in \(writeBaseline)")
      return
    }

    let reportStarted = clock.now
    let report = AuditReport(result)
    let color =
      format == .text && output == nil && isatty(STDOUT_FILENO) == 1
      && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let text = try format.render(report, color: color, elapsed: result.times.wall)
    if let output {
      try OutputFile.save(text, to: output)
    } else {
      Console.output(text)
    }
    if stats {
      Console.error(
        Self.statistics(
          result, report: (clock.now - reportStarted).seconds, total: (clock.now - started).seconds))
    }
    if !report.score.passed { throw ExitCode(1) }
  }

  /// The absolute, standardized path of the folder to audit; a missing folder is an input error.
  static func projectRoot(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InputError(path: path, message: "no such folder to audit")
    }
    guard isDirectory.boolValue else {
      throw InputError(path: path, message: "not a folder; audit the project folder that holds it")
    }
    return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.path
  }

  /// `--config`, else `PATH/archverify.yml` when it exists, else the defaults.
  func loadConfiguration(knownRuleIds: Set<String>) throws -> Configuration {
    if let config { return try Configuration.load(path: config, knownRuleIds: knownRuleIds) }
    let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    let candidate = trimmed == "." ? "archverify.yml" : trimmed + "/archverify.yml"
    guard FileManager.default.fileExists(atPath: candidate) else { return Configuration() }
    return try Configuration.load(path: candidate, knownRuleIds: knownRuleIds)
  }

  /// The `--stats` lines (parsed by the benchmark script; keep the format).
  static func statistics(_ result: AuditResult, report: Double, total: Double) -> String {
    let times = result.times
    func line(_ name: String, _ value: Double) -> String {
      "stats: \(name) \(String(format: "%.3f", value))s"
    }
    return [
      "stats: files \(result.analyzedFiles), lines \(result.linesOfCode), "
        + "parse-errors \(result.filesWithParseErrors.count), skipped \(result.skippedFiles.count)",
      line("discover", times.discover),
      line("read+parse", times.readParse),
      line("extract", times.extract),
      line("files-wall", times.filesWall),
      line("rules", times.rules),
      line("report", report),
      line("total", total),
    ].joined(separator: "\n")
  }

}

extension AuditReport {
  /// The report of an audit's result.
  init(_ result: AuditResult) {
    self.init(
      root: result.root, findings: result.findings, score: result.score, rules: result.rules.descriptions,
      analyzedFiles: result.analyzedFiles, linesOfCode: result.linesOfCode,
      filesWithParseErrors: result.filesWithParseErrors, skippedFiles: result.skippedFiles,
      lineIndexes: result.lineIndexes)
  }
}
