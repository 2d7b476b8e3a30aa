import Audit
import Foundation
import Rules
import Synchronization
import Testing

/// A clock the test moves by hand.
final class ManualClock: Clock, Sendable {
  struct Instant: InstantProtocol {
    let offset: Duration
    func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
    func duration(to other: Instant) -> Duration { other.offset - offset }
    static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
  }

  private let current = Mutex(Instant(offset: .zero))
  var now: Instant { current.withLock { $0 } }
  var minimumResolution: Duration { .nanoseconds(1) }

  func advance(by duration: Duration) {
    current.withLock { $0 = $0.advanced(by: duration) }
  }

  func sleep(until deadline: Instant, tolerance: Duration?) async throws {
    current.withLock { $0 = max($0, deadline) }
  }
}

/// The progress line: its text, the one-second delay, redrawing in place and erasing; the counters
/// the auditor updates; and silence when standard error is not a terminal.
@Suite struct ProgressTests {
  @Test func textNamesTheCountsAndThePhase() {
    #expect(
      ProgressLine<ManualClock>.text(.init(phase: .discovering, parsed: 0, total: 0))
        == "archverify: discovering files")
    #expect(
      ProgressLine<ManualClock>.text(.init(phase: .parsing, parsed: 120, total: 1178))
        == "archverify: 120/1178 files parsed, parsing")
    #expect(
      ProgressLine<ManualClock>.text(.init(phase: .checking, parsed: 1178, total: 1178))
        == "archverify: 1178/1178 files parsed, running rules")
    #expect(
      ProgressLine<ManualClock>.text(.init(phase: .reporting, parsed: 3, total: 3))
        == "archverify: 3/3 files parsed, writing the report")
  }

  @Test func nothingIsDrawnInTheFirstSecondThenTheLineIsRedrawnInPlaceAndErased() {
    let clock = ManualClock()
    var line = ProgressLine(clock: clock)
    let parsing = AuditProgress.Snapshot(phase: .parsing, parsed: 10, total: 40)
    #expect(line.update(parsing) == nil)
    clock.advance(by: .milliseconds(999))
    #expect(line.update(parsing) == nil)
    #expect(line.finish() == nil)
    clock.advance(by: .milliseconds(1))
    #expect(line.update(parsing) == "\r\u{1B}[2Karchverify: 10/40 files parsed, parsing")
    // The same text is not drawn again; a new count is.
    #expect(line.update(parsing) == nil)
    #expect(
      line.update(.init(phase: .parsing, parsed: 11, total: 40))
        == "\r\u{1B}[2Karchverify: 11/40 files parsed, parsing")
    #expect(line.shown == "archverify: 11/40 files parsed, parsing")
    #expect(line.finish() == "\r\u{1B}[2K")
    #expect(line.finish() == nil)
  }

  @Test func quickRunDrawsNothingAndNeedsNoErasing() {
    let clock = ManualClock()
    var line = ProgressLine(clock: clock)
    clock.advance(by: .milliseconds(400))
    #expect(line.update(.init(phase: .checking, parsed: 4, total: 4)) == nil)
    #expect(line.finish() == nil)
  }

  @Test func auditorCountsEveryFileAndEndsInTheRulesPhase() throws {
    let project = try TemporaryProject(Projects.createAll)
    let progress = AuditProgress()
    #expect(progress.snapshot == .init(phase: .discovering, parsed: 0, total: 0))
    let options = AuditOptions(root: project.url.path, jobs: 2, progress: progress)
    _ = try Auditor(rules: try RuleSet.load(), options: options).run()
    #expect(progress.snapshot == .init(phase: .checking, parsed: 4, total: 4))
  }

  @Test func nothingOnStandardErrorWhenItIsNotATerminal() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--format", "json")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let written = try project.run("baseline", "write", "baseline.json", "--quiet")
    #expect(written == RunResult(stdout: "", stderr: "", status: 0))
  }

  @Test func quietDrawsNothingEvenOnATerminal() throws {
    let project = try TemporaryProject(Projects.createAll)
    let binary = try Archverify.binary().path
    // `script` gives the command a terminal as standard output and standard error. (Without
    // --quiet, whether a line appears depends on the run taking a second: not tested here.)
    let command = "'\(binary)' audit --format json --quiet"
    let result = try Archverify.runTool("/usr/bin/script", ["-qec", command, "/dev/null"], in: project.url)
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("{"))
    #expect(!result.stdout.contains("\r\u{1B}[2K"))
    #expect(!result.stdout.contains("files parsed"))
  }
}
