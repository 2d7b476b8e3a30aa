import ArchCore
import ArgumentParser
import Audit
import Foundation
import Rules
import Scoring

/// The options of every command that analyses a project (`audit`, `baseline write`).
struct AnalysisOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("Configuration file (default: PATH/archverify.yml when present).", valueName: "file"))
  var config: String?

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  @Option(help: ArgumentHelp("Files analysed in parallel (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Flag(help: "No progress line on standard error (it is only drawn on a terminal anyway).")
  var quiet = false

  func validate() throws {
    if let jobs, jobs < 1 {
      throw ValidationError("--jobs must be at least 1 (got \(jobs))")
    }
  }

  /// What an audit of `path` needs before it runs: the folder, the rules and the configuration.
  struct Project {
    let root: String
    let rules: RuleSet
    let configuration: Configuration
  }

  /// Checks the folder and loads the rules and the configuration; every problem is an input error.
  func project(_ path: String) throws -> Project {
    let root = try Self.projectRoot(path)
    let ruleSet = try RuleSet.load(extraDirectories: rules)
    let configuration = try loadConfiguration(path, knownRuleIds: Set(ruleSet.descriptions.map(\.id)))
    return Project(root: root, rules: ruleSet, configuration: configuration)
  }

  /// The audit options for `project`, with the progress counter the display reads.
  func auditOptions(
    _ project: Project, threshold: Int, baseline: BaselineMatcher = BaselineMatcher(),
    newCode: ChangedLines? = nil, progress: AuditProgress?
  ) -> AuditOptions {
    AuditOptions(
      root: project.root, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
      configuration: project.configuration, threshold: threshold, baseline: baseline, newCode: newCode,
      progress: progress)
  }

  /// The progress line's display for this run: drawn only when standard error is a terminal (and
  /// not a dumb one) and `--quiet` was not given; nil otherwise.
  func progressDisplay() -> ProgressDisplay? {
    guard !quiet, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else {
      return nil
    }
    return ProgressDisplay.start(AuditProgress())
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
  func loadConfiguration(_ path: String, knownRuleIds: Set<String>) throws -> Configuration {
    if let config { return try Configuration.load(path: config, knownRuleIds: knownRuleIds) }
    let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    let candidate = trimmed == "." ? "archverify.yml" : trimmed + "/archverify.yml"
    guard FileManager.default.fileExists(atPath: candidate) else { return Configuration() }
    return try Configuration.load(path: candidate, knownRuleIds: knownRuleIds)
  }
}
