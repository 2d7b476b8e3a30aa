import ArchCore
import Audit
import Foundation
import Rules
import Testing

/// A fixture project under Tests/Fixtures with `expect:` / `ok:` annotations.
struct FixtureCase: Sendable, CustomTestStringConvertible {
  let name: String
  var testDescription: String { name }
  var root: URL { Repository.fixtures.appendingPathComponent(name) }

  static let all: [FixtureCase] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.fixtures.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map(FixtureCase.init)
  }()
}

/// An annotated expectation: rule `ruleId` is (or is not) reported at `path:line`.
struct Annotation: Hashable, CustomStringConvertible {
  let path: String
  let line: Int
  let ruleId: String
  var description: String { "\(path):\(line) \(ruleId)" }
}

enum FixtureAnnotations {
  /// Reads `# expect: id` / `// expect: id` (and `ok:`) comments; each applies to the next line
  /// that is not itself an annotation.
  static func read(root: URL) throws -> (expect: Set<Annotation>, ok: Set<Annotation>) {
    var expect: Set<Annotation> = []
    var ok: Set<Annotation> = []
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    while let path = enumerator?.nextObject() as? String {
      guard [".py", ".ts", ".tsx", ".js", ".jsx"].contains(where: path.hasSuffix) else { continue }
      let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      var pending: [(kind: String, id: String)] = []
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let annotation = parse(trimmed) {
          pending.append(annotation)
          continue
        }
        for item in pending {
          let value = Annotation(path: path, line: index + 1, ruleId: item.id)
          if item.kind == "expect" { expect.insert(value) } else { ok.insert(value) }
        }
        pending = []
      }
    }
    return (expect, ok)
  }

  static func parse(_ line: String) -> (kind: String, id: String)? {
    for prefix in ["#", "//", "{/*"] where line.hasPrefix(prefix) {
      let body = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
      for kind in ["expect", "ok"] where body.hasPrefix(kind + ":") {
        var id = body.dropFirst(kind.count + 1).trimmingCharacters(in: .whitespaces)
        if id.hasSuffix("*/}") { id = String(id.dropLast(3)).trimmingCharacters(in: .whitespaces) }
        return (kind, id)
      }
    }
    return nil
  }
}

@Suite struct FixtureTests {
  @Test(arguments: FixtureCase.all)
  func fixtureFindingsMatchAnnotations(_ fixture: FixtureCase) throws {
    let (expect, ok) = try FixtureAnnotations.read(root: fixture.root)
    var configuration = Configuration()
    let configPath = fixture.root.appendingPathComponent("archverify.yml").path
    if FileManager.default.fileExists(atPath: configPath) {
      configuration = try Configuration.load(
        path: configPath, knownRuleIds: Set(shippedRules.descriptions.map(\.id)))
    }
    let result = try Auditor(
      rules: shippedRules,
      options: AuditOptions(root: fixture.root.path, jobs: 2, configuration: configuration)
    ).run()
    let found = Set(
      result.findings.filter { $0.category != .archverify && !$0.isSuppressed }.map {
        Annotation(path: $0.location.path, line: $0.location.line, ruleId: $0.ruleId)
      })
    let missing = expect.subtracting(found).sorted { $0.description < $1.description }
    let noisy = found.subtracting(expect).sorted { $0.description < $1.description }
    let okViolated = found.intersection(ok)
    #expect(missing.isEmpty, "missing (expected but not reported): \(missing)")
    #expect(noisy.isEmpty, "noisy (reported but not expected): \(noisy)")
    #expect(okViolated.isEmpty, "noisy (marked ok but reported): \(okViolated)")
    #expect(!expect.isEmpty || !ok.isEmpty, "fixture \(fixture.name) has no annotations")
  }
}
