import Synchronization

/// The stage an audit is in, as the progress line names it.
public enum AuditPhase: UInt8, Sendable, CaseIterable {
  case discovering
  case parsing
  case checking
  case reporting

  /// How the progress line names the phase.
  public var label: String {
    switch self {
    case .discovering: return "discovering files"
    case .parsing: return "parsing"
    case .checking: return "running rules"
    case .reporting: return "writing the report"
    }
  }
}

/// How far an audit has got, shared between the auditor's workers and whoever displays it.
///
/// Plain atomics with relaxed ordering: a worker pays one atomic increment per file and never
/// takes a lock; a reader may see the counters a moment late, which a progress line tolerates.
public final class AuditProgress: Sendable {
  private let phaseValue = Atomic<UInt8>(AuditPhase.discovering.rawValue)
  private let parsedFiles = Atomic<Int>(0)
  private let totalFiles = Atomic<Int>(0)

  public init() {}

  /// What a display reads: the phase and the file counts.
  public struct Snapshot: Sendable, Equatable {
    public var phase: AuditPhase
    public var parsed: Int
    public var total: Int

    public init(phase: AuditPhase, parsed: Int, total: Int) {
      self.phase = phase
      self.parsed = parsed
      self.total = total
    }
  }

  public var snapshot: Snapshot {
    Snapshot(
      phase: AuditPhase(rawValue: phaseValue.load(ordering: .relaxed)) ?? .discovering,
      parsed: parsedFiles.load(ordering: .relaxed), total: totalFiles.load(ordering: .relaxed))
  }

  public func enter(_ phase: AuditPhase) {
    phaseValue.store(phase.rawValue, ordering: .relaxed)
  }

  /// Parsing starts: `total` files to read.
  func startParsing(total: Int) {
    totalFiles.store(total, ordering: .relaxed)
    parsedFiles.store(0, ordering: .relaxed)
    enter(.parsing)
  }

  /// One more file read and parsed (or skipped).
  func fileParsed() {
    parsedFiles.add(1, ordering: .relaxed)
  }
}

/// Decides what the progress line on a terminal shows and when, from snapshots and a clock.
///
/// Nothing is drawn until the run has taken `delay` (a second), so quick runs print nothing; then
/// the line is redrawn in place (`\r` and erase-line) whenever its text changes, and erased by
/// `finish()`.
public struct ProgressLine<C: Clock>: Sendable where C.Duration == Duration {
  public static var delay: Duration { .seconds(1) }

  private let clock: C
  private let started: C.Instant
  /// The text on the terminal now, if any.
  public private(set) var shown: String?

  public init(clock: C) {
    self.clock = clock
    self.started = clock.now
  }

  /// The line for a snapshot: `archverify: 120/1178 files parsed, parsing`.
  public static func text(_ snapshot: AuditProgress.Snapshot) -> String {
    if snapshot.phase == .discovering { return "archverify: \(AuditPhase.discovering.label)" }
    return "archverify: \(snapshot.parsed)/\(snapshot.total) files parsed, \(snapshot.phase.label)"
  }

  /// What to write to the terminal for `snapshot` now: nothing before the delay or when the
  /// text has not changed, else the redrawn line.
  public mutating func update(_ snapshot: AuditProgress.Snapshot) -> String? {
    guard started.duration(to: clock.now) >= Self.delay else { return nil }
    let text = Self.text(snapshot)
    if text == shown { return nil }
    shown = text
    return Self.eraseLine + text
  }

  /// What erases the line at the end of the run (nothing if nothing was drawn).
  public mutating func finish() -> String? {
    guard shown != nil else { return nil }
    shown = nil
    return Self.eraseLine
  }

  /// Back to the start of the line, then erase it.
  public static var eraseLine: String { "\r\u{1B}[2K" }
}
