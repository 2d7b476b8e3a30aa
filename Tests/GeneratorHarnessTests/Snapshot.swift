import Foundation
import Testing

/// Compares whole outputs with files under `Tests/GeneratorHarnessTests/Snapshots/<name>.<ext>`.
/// `RECORD_SNAPSHOTS=1` writes the current output instead and still fails the test, so a new
/// baseline is only accepted by reading it and running the tests again.
enum Snapshot {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  static func assert(
    _ actual: String, named name: String, ext: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = folder.appendingPathComponent("\(name).\(ext)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record(
          "Recorded snapshot \(file.path). Review it, then run the tests without RECORD_SNAPSHOTS.",
          sourceLocation: sourceLocation)
      } catch {
        Issue.record("Cannot record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
      Issue.record(
        "No snapshot at \(file.path). Record it with RECORD_SNAPSHOTS=1 and review it.",
        sourceLocation: sourceLocation)
      return
    }
    guard actual != expected else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    let left = index < expectedLines.count ? String(expectedLines[index]) : "<end of snapshot>"
    let right = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
    Issue.record(
      Comment(
        rawValue: "Output differs from snapshot \(file.path) (re-record with RECORD_SNAPSHOTS=1 if "
          + "intended):\nline \(index + 1):\n  snapshot: \(left)\n  output:   \(right)"),
      sourceLocation: sourceLocation)
  }
}
