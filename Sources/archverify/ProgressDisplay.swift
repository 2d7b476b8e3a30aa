import Audit
import Dispatch
import Foundation
import Synchronization

/// Draws the progress line on standard error while a command runs: a thread wakes ten times a
/// second, reads the audit's counters and redraws the line when it changed (after the first
/// second only, see `ProgressLine`). `stop()` erases the line before anything else is printed.
final class ProgressDisplay: Sendable {
  /// The counters the auditor updates.
  let progress: AuditProgress
  private let line = Mutex(ProgressLine(clock: ContinuousClock()))
  private let stopped = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  private init(_ progress: AuditProgress) {
    self.progress = progress
  }

  /// A display of `progress`, already running.
  static func start(_ progress: AuditProgress) -> ProgressDisplay {
    let display = ProgressDisplay(progress)
    let thread = Thread { display.loop() }
    thread.name = "archverify-progress"
    thread.start()
    return display
  }

  private func loop() {
    while !stopped.load(ordering: .acquiring) {
      let snapshot = progress.snapshot
      if let text = line.withLock({ $0.update(snapshot) }) { Self.write(text) }
      _ = wake.wait(timeout: .now() + .milliseconds(100))
    }
    finished.signal()
  }

  /// Stops the thread and erases the line if it was drawn. Safe to call more than once.
  func stop() {
    guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
    wake.signal()
    finished.wait()
    if let text = line.withLock({ $0.finish() }) { Self.write(text) }
  }

  private static func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
