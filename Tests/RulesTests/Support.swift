import ArchCore
import Audit
import Foundation
import Rules

/// The shipped rules, loaded once for every test in the target.
let shippedRules: RuleSet = {
  do {
    return try RuleSet.load()
  } catch {
    fatalError("the shipped rule packs do not load: \(error)")
  }
}()

/// A throwaway project folder with the given files, removed when the value is released.
final class TemporaryProject {
  let root: String

  init(files: [String: String]) throws {
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("archverify-test-\(UUID().uuidString)").path
    for (path, text) in files {
      let url = URL(fileURLWithPath: root).appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  func audit(configuration: Configuration = Configuration(), jobs: Int = 1) throws -> AuditResult {
    try Auditor(
      rules: shippedRules, options: AuditOptions(root: root, jobs: jobs, configuration: configuration)
    ).run()
  }
}

/// Repository paths, found from this source file.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("Tests/Fixtures")
}
