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
      (a missing folder, a malformed config, rule pack or baseline, an unknown --new-since revision).
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
    help: ArgumentHelp(
      "Findings recorded in this baseline file (see `archverify baseline write`) do not count.",
      valueName: "file"))
  var baseline: String?

  @Option(
    help: ArgumentHelp(
      "Report and score only findings on lines added or changed since this git revision.", valueName: "rev"))
  var newSince: String?

  @OptionGroup var analysis: AnalysisOptions

  @Flag(help: "Print the time of each phase on standard error.")
  var stats = false

  /// Deprecated spelling of `archverify baseline write FILE [PATH]`, kept for old scripts.
  @Option(help: .hidden)
  var writeBaseline: String?

  func validate() throws {
    if let failUnder, !(0...100).contains(failUnder) {
      throw ValidationError("--fail-under must be a whole number from 0 to 100 (got \(failUnder))")
    }
    if writeBaseline != nil && newSince != nil {
      throw ValidationError("--write-baseline records every finding; it cannot be combined with --new-since")
    }
  }

  func run() throws {
    if let writeBaseline {
      Console.error(
        "archverify: warning: --write-baseline is deprecated; "
          + "use `archverify baseline write \(writeBaseline)`"
      )
      try BaselineCommand.Write.record(into: writeBaseline, path: path, analysis: analysis)
      return
    }
    let clock = ContinuousClock()
    let started = clock.now
    let project = try analysis.project(path)
    let threshold = failUnder ?? project.configuration.failUnder ?? Scoring.defaultThreshold
    let accepted = try baseline.map { try Baseline.load(path: $0).matcher } ?? BaselineMatcher()
    let newCode = try newSince.map { try GitChanges.changedLines(root: project.root, path: path, since: $0) }
    let display = analysis.progressDisplay()
    defer { display?.stop() }
    let options = analysis.auditOptions(
      project, threshold: threshold, baseline: accepted, newCode: newCode, progress: display?.progress)
    let result = try Auditor(rules: project.rules, options: options).run()

    display?.progress.enter(.reporting)
    let reportStarted = clock.now
    let report = AuditReport(result)
    let color =
      format == .text && output == nil && isatty(STDOUT_FILENO) == 1
      && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let text = try format.render(report, color: color, elapsed: result.times.wall)
    display?.stop()
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
