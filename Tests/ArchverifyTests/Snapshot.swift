import Foundation
import Testing

/// Compares whole outputs with files under `Tests/ArchverifyTests/Snapshots/<name>.<ext>`.
///
/// `RECORD_SNAPSHOTS=1 swift test` writes the current output instead, and the test still fails,
/// so a new baseline is only accepted by reading it and running the tests again.
enum Snapshot {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Snapshots")

  static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

  static func assert(
    _ actual: String, named name: String, ext: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = folder.appendingPathComponent("\(name).\(ext)")
    if isRecording {
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
    if actual != expected {
      let message =
        "Output differs from snapshot \(file.path) (re-record with RECORD_SNAPSHOTS=1 if intended):\n"
        + difference(expected: expected, actual: actual)
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
  }

  /// The first differing line of two texts, with its number.
  static func difference(expected: String, actual: String) -> String {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(expectedLines.count, actualLines.count) {
      let left = index < expectedLines.count ? String(expectedLines[index]) : "<end of snapshot>"
      let right = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
      if left != right {
        return "line \(index + 1):\n  snapshot: \(left)\n  output:   \(right)"
      }
    }
    return "(only line endings differ)"
  }
}
