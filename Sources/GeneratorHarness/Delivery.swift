import ArchCore
import Audit
import Foundation
import Reports
import Rules
import Scoring
import ZIPFoundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a staged tree is audited: the same pipeline and rule packs as `archverify audit`.
public struct GateAudit: Sendable {
  public var rules: RuleSet
  /// `--config` when given. A configuration file inside the staged tree is never read: the
  /// generator being gated must not choose how it is judged.
  public var configuration: Configuration
  public var threshold: Int
  public var jobs: Int

  public init(
    rules: RuleSet, configuration: Configuration = Configuration(), threshold: Int = Scoring.defaultThreshold,
    jobs: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.rules = rules
    self.configuration = configuration
    self.threshold = threshold
    self.jobs = jobs
  }

  /// The built-in rule packs plus those in `extraRuleDirectories`, with the default configuration.
  public init(threshold: Int = Scoring.defaultThreshold, extraRuleDirectories: [String] = []) throws {
    self.init(rules: try RuleSet.load(extraDirectories: extraRuleDirectories), threshold: threshold)
  }
}

/// What came of auditing a staged tree.
public struct DeliveryOutcome: Sendable {
  /// The audit, with paths relative to the delivery target.
  public let report: AuditReport
  public let elapsed: Double
  /// Whether the tree was delivered (the score reached the threshold).
  public var delivered: Bool { report.score.passed }
}

/// A delivery that could not be completed; nothing was delivered.
public struct DeliveryError: Error, Equatable, CustomStringConvertible {
  public let path: String
  public let message: String
  public var description: String { "\(path): error: \(message)" }
}

/// Audits a staging folder and, only when the score reaches the threshold, delivers it.
///
/// Delivery is all or nothing: the reports are written to temporary files first, then the staged
/// folder is renamed to the target (a zip archive is written to a temporary file and linked to the
/// target, which fails rather than replace an existing file), then the reports are renamed beside
/// it. On any failure, or below the threshold, the staging folder and temporary files are removed
/// and the target is left as it was.
public enum Delivery {
  /// Audits `staging` with `tenancy/missing-tenant-column` forced on, and with the tree's own
  /// `.gitignore` files and suppression comments not applied, and delivers it to `target`
  /// when the score reaches the threshold. The staging folder is gone afterwards in every case.
  /// A signal recorded by `interruption` before the tree is moved stops the delivery.
  public static func run(
    _ staging: StagingFolder, to target: DeliveryTarget, audit: GateAudit, interruption: Interruption? = nil
  ) throws -> DeliveryOutcome {
    defer { staging.remove() }
    var configuration = audit.configuration
    configuration.settings.requireTenantColumns = true
    var options = AuditOptions(
      root: staging.path, jobs: audit.jobs, configuration: configuration, threshold: audit.threshold)
    options.isUntrustedOutput = true
    let result = try Auditor(rules: audit.rules, options: options).run()
    let report = AuditReport(
      root: target.path, findings: result.findings, score: result.score, rules: result.rules.descriptions,
      analyzedFiles: result.analyzedFiles, linesOfCode: result.linesOfCode,
      filesWithParseErrors: result.filesWithParseErrors, skippedFiles: result.skippedFiles,
      lineIndexes: result.lineIndexes)
    let outcome = DeliveryOutcome(report: report, elapsed: result.times.wall)
    guard outcome.delivered else { return outcome }
    let entries = try staging.entries()
    if let signal = interruption?.caught, signal != 0 {
      throw DeliveryError(path: target.path, message: "interrupted by signal \(signal); nothing delivered")
    }
    try deliver(staging, entries: entries, to: target, report: report)
    return outcome
  }

  static func deliver(
    _ staging: StagingFolder, entries: [StagingFolder.Entry], to target: DeliveryTarget, report: AuditReport
  ) throws {
    let (jsonPath, sarifPath) = target.reportPaths
    var temporaries: [String] = []
    defer { for path in temporaries { unlink(path) } }
    let json = try temporaryFile(beside: jsonPath, Data(try JSONReport.render(report).utf8))
    temporaries.append(json)
    let sarif = try temporaryFile(beside: sarifPath, Data(try SARIFReport.render(report).utf8))
    temporaries.append(sarif)
    switch target {
    case .folder(let path):
      guard rename(staging.path, path) == 0 else {
        throw DeliveryError(
          path: path, message: "cannot deliver the folder: \(String(cString: strerror(errno)))")
      }
    case .zip(let path):
      let archive = try zipArchive(of: staging, entries: entries, beside: path)
      temporaries.append(archive)
      // link(2) fails when the target exists: an archive is never written over another file.
      guard link(archive, path) == 0 else {
        throw DeliveryError(
          path: path, message: "cannot deliver the archive: \(String(cString: strerror(errno)))")
      }
    }
    for (temporary, path) in [(json, jsonPath), (sarif, sarifPath)] {
      guard rename(temporary, path) == 0 else {
        throw DeliveryError(
          path: path, message: "cannot write the report: \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Writes `data` to a new hidden file in the folder of `path`, and returns the file's path.
  static func temporaryFile(beside path: String, _ data: Data) throws -> String {
    let temporary = hiddenName(beside: path)
    do {
      try data.write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
    } catch {
      unlink(temporary)
      throw DeliveryError(path: path, message: "cannot write the report: \(error.localizedDescription)")
    }
    return temporary
  }

  static func hiddenName(beside path: String) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    return folder + "/.\(name).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
  }

  /// A zip archive of the staged tree, entries in `entries` order, written to a temporary file.
  static func zipArchive(of staging: StagingFolder, entries: [StagingFolder.Entry], beside path: String)
    throws -> String
  {
    let temporary = hiddenName(beside: path)
    let base = URL(fileURLWithPath: staging.path, isDirectory: true)
    do {
      let archive = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
      for entry in entries {
        try archive.addEntry(
          with: entry.path, relativeTo: base, compressionMethod: entry.kind == .file ? .deflate : .none)
      }
    } catch {
      unlink(temporary)
      throw DeliveryError(path: path, message: "cannot write the archive: \(error.localizedDescription)")
    }
    return temporary
  }
}
