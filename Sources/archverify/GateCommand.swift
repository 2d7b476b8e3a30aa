import ArchCore
import ArgumentParser
import Audit
import Foundation
import GeneratorHarness
import Reports
import Rules
import Scoring

/// `archverify gate`: put any generator behind the audit gate.
struct GateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gate",
    abstract: "Run a generator in a staging folder and deliver its output only if it passes the audit.",
    discussion: """
      COMMAND runs in a fresh staging folder beside the target (its working folder), named in the \
      environment variable ARCHVERIFY_STAGING and in place of every `{staging}` in its arguments; \
      its standard output and error go to standard error. The staged tree is then audited like \
      `archverify audit` (tenancy/missing-tenant-column always on; the generator's own \
      archverify.yml, .gitignore files and suppression comments do not apply, use --config) and, \
      only when the score reaches the threshold, moved to \
      --out in one rename (or archived to --zip), with the reports written beside it as \
      <target>.archverify.json and <target>.archverify.sarif. Otherwise the staging folder is \
      removed and the target is left untouched.

      Writing outside staging is refused, not prevented (this is not a sandbox): detected are a \
      symbolic link in the staged tree that leads out of it, a file hard-linked to a name outside \
      it, a FIFO, socket or device file, and any entry of the target's parent folder (the target \
      included) created, removed or changed while COMMAND ran. Writes anywhere else, and processes \
      that leave COMMAND's process group and keep running, are not detected.

      Exit status: 0 delivered; 1 the score is below the threshold, nothing delivered; 2 a usage or \
      input error, or COMMAND was not found, failed, timed out or wrote outside staging: nothing \
      delivered.
      """
  )

  @Option(
    help: ArgumentHelp(
      "Deliver the output to this folder (it must not exist, or be empty).", valueName: "dir"))
  var out: String?

  @Option(
    help: ArgumentHelp("Deliver a zip archive of the output to this new file instead.", valueName: "file"))
  var zip: String?

  @Option(help: ArgumentHelp("The gate: the lowest passing score, 0-100 (default: 80).", valueName: "score"))
  var failUnder: Int?

  @Option(help: ArgumentHelp("Seconds COMMAND may run before it is stopped.", valueName: "seconds"))
  var timeout = 600

  @Option(help: ArgumentHelp("Configuration file for the audit (default: none).", valueName: "file"))
  var config: String?

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  @Option(help: ArgumentHelp("Files analysed in parallel (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Argument(parsing: .postTerminator, help: ArgumentHelp("The generator and its arguments, after `--`."))
  var command: [String] = []

  func validate() throws {
    if let failUnder, !(0...100).contains(failUnder) {
      throw ValidationError("--fail-under must be a whole number from 0 to 100 (got \(failUnder))")
    }
    if timeout < 1 { throw ValidationError("--timeout must be at least 1 second (got \(timeout))") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    switch (out, zip) {
    case (nil, nil): throw ValidationError("give --out DIR or --zip FILE")
    case (.some, .some): throw ValidationError("--out and --zip are alternatives; give one")
    default: break
    }
    if command.isEmpty { throw ValidationError("give the command to run after `--`") }
  }

  func run() throws {
    let target: DeliveryTarget
    let given: String
    if let zip {
      (target, given) = (try DeliveryTarget.zip(checking: zip), zip)
    } else {
      let out = out ?? ""
      (target, given) = (try DeliveryTarget.folder(checking: out), out)
    }
    let ruleSet = try RuleSet.load(extraDirectories: rules)
    let configuration =
      try config.map { try Configuration.load(path: $0, knownRuleIds: Set(ruleSet.descriptions.map(\.id))) }
      ?? Configuration()
    let threshold = failUnder ?? configuration.failUnder ?? Scoring.defaultThreshold
    let gate = Gate(
      target: target, command: GeneratorCommand(command), timeout: timeout,
      audit: GateAudit(
        rules: ruleSet, configuration: configuration, threshold: threshold,
        jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount))
    let outcome: DeliveryOutcome
    do {
      outcome = try gate.run()
    } catch let failure as Gate.Failure {
      throw UsageError(command: "archverify gate", message: failure.message)
    } catch let failure as DeliveryError {
      throw InputError(path: failure.path, message: failure.message)
    }
    Console.output(TextReport.render(outcome.report, color: false, elapsed: nil))
    let score = outcome.report.score
    if outcome.delivered {
      Console.error(
        "archverify gate: delivered \(given) (score \(score.score)/100); reports: "
          + "\(given).archverify.json, \(given).archverify.sarif")
    } else {
      Console.error(
        "archverify gate: score \(score.score)/100 is below the threshold \(score.threshold); "
          + "nothing delivered"
      )
      throw ExitCode(1)
    }
  }
}
