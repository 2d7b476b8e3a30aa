import ArchCore
import ArgumentParser
import Audit
import Foundation
import GeneratorHarness
import Reports
import Rules
import Scoring

/// The options of the commands that deliver a tree only when its audit passes (`generate`,
/// `gate`): where to deliver it, the threshold and how the audit runs.
struct DeliveryOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Deliver the output to this folder (it must not exist, or be empty).", valueName: "dir"))
  var out: String?

  @Option(
    help: ArgumentHelp("Deliver a zip archive of the output to this new file instead.", valueName: "file"))
  var zip: String?

  @Option(help: ArgumentHelp("The gate: the lowest passing score, 0-100 (default: 80).", valueName: "score"))
  var failUnder: Int?

  @Option(help: ArgumentHelp("Configuration file for the audit (default: none).", valueName: "file"))
  var config: String?

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  @Option(help: ArgumentHelp("Files analysed in parallel (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  func validate() throws {
    if let failUnder, !(0...100).contains(failUnder) {
      throw ValidationError("--fail-under must be a whole number from 0 to 100 (got \(failUnder))")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    switch (out, zip) {
    case (nil, nil): throw ValidationError("give --out DIR or --zip FILE")
    case (.some, .some): throw ValidationError("--out and --zip are alternatives; give one")
    default: break
    }
  }

  /// The target, checked (`--out` must not exist or be empty, `--zip` must be new), and the path as
  /// typed, for messages.
  func target() throws -> (target: DeliveryTarget, given: String) {
    if let zip { return (try DeliveryTarget.zip(checking: zip), zip) }
    let out = out ?? ""
    return (try DeliveryTarget.folder(checking: out), out)
  }

  /// The rules (built-in and `--rules`), the `--config` configuration and the threshold: `--fail-under`,
  /// else the configuration's `fail_under`, else the default.
  func audit() throws -> GateAudit {
    let ruleSet = try RuleSet.load(extraDirectories: rules)
    let configuration =
      try config.map { try Configuration.load(path: $0, knownRuleIds: Set(ruleSet.descriptions.map(\.id))) }
      ?? Configuration()
    return GateAudit(
      rules: ruleSet, configuration: configuration,
      threshold: failUnder ?? configuration.failUnder ?? Scoring.defaultThreshold,
      jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Runs `deliver`, turning a delivery that could not be completed into an input error (exit 2).
  static func delivering(_ deliver: () throws -> DeliveryOutcome) throws -> DeliveryOutcome {
    do {
      return try deliver()
    } catch let failure as DeliveryError {
      throw InputError(path: failure.path, message: failure.message)
    }
  }

  /// Prints the text report on standard output and the verdict on standard error:
  /// `<command>: delivered <target> (score N/100[, details]); reports: ...`, or, below the threshold,
  /// why nothing was delivered, and then exits 1.
  static func report(_ outcome: DeliveryOutcome, command: String, given: String, details: String? = nil)
    throws
  {
    Console.output(TextReport.render(outcome.report, color: false, elapsed: nil))
    let score = outcome.report.score
    if outcome.delivered {
      Console.error(
        "\(command): delivered \(given) (score \(score.score)/100\(details.map { ", " + $0 } ?? "")); "
          + "reports: \(given).archverify.json, \(given).archverify.sarif")
    } else {
      Console.error(
        "\(command): score \(score.score)/100 is below the threshold \(score.threshold); nothing delivered")
      throw ExitCode(1)
    }
  }
}
