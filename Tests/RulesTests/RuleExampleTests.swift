import ArchCore
import Audit
import Foundation
import Rules
import Testing

/// One example of one rule, as a test argument.
struct ExampleCase: Sendable, CustomTestStringConvertible {
  let rule: RuleDescription
  let index: Int
  var example: RuleExample { rule.examples[index] }
  var testDescription: String { "\(rule.id) \(example.kind.rawValue) #\(index + 1)" }

  static let all: [ExampleCase] = shippedRules.descriptions.flatMap { rule in
    rule.examples.indices.map { ExampleCase(rule: rule, index: $0) }
  }

  /// Whether the example's main file is a YAML/JSON document (an OpenAPI document) rather than code.
  var isDocument: Bool { [".yaml", ".yml", ".json"].contains(where: example.path.hasSuffix) }
  var commentPrefix: String { example.path.hasSuffix(".py") || isDocument ? "#" : "//" }

  /// Positions of this rule's counted findings in the example's main file.
  func positions(_ files: [String: String]) throws -> [Position] {
    let result = try TemporaryProject(files: files).audit()
    return result.findings
      .filter { $0.ruleId == rule.id && !$0.isSuppressed && $0.location.path == example.path }
      .map { Position(line: $0.location.line, column: $0.location.column) }
  }

  func files(main: String) -> [String: String] {
    var files = example.files
    files[example.path] = main
    return files
  }

  var expected: [Position] { example.expectedPositions.map { Position(line: $0.line, column: $0.column) } }
}

struct Position: Hashable, Comparable, CustomStringConvertible {
  let line: Int
  let column: Int
  var description: String { "\(line):\(column)" }
  static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// Every example of every rule, plus free mutations of each.
@Suite struct RuleExampleTests {
  @Test(arguments: ExampleCase.all)
  func exampleIsReportedExactlyAtItsMarkers(_ c: ExampleCase) throws {
    let found = try c.positions(c.files(main: c.example.source)).sorted()
    let expected = c.expected.sorted()
    let missing = expected.filter { !found.contains($0) }
    let noisy = found.filter { !expected.contains($0) }
    #expect(missing.isEmpty, "missing: \(c.rule.id) not reported at \(missing) in \(c.example.path)")
    #expect(noisy.isEmpty, "noisy: \(c.rule.id) reported at \(noisy) in \(c.example.path)")
    #expect(found.count == expected.count, "found \(found), expected \(expected)")
  }

  @Test(arguments: ExampleCase.all.filter { $0.example.kind == .bad })
  func multiByteTextAboveShiftsPositions(_ c: ExampleCase) throws {
    let banner = "\(c.commentPrefix) Ünïcödé — 漢字 — ✓ 🚀\n"
    let found = try c.positions(c.files(main: banner + c.example.source)).sorted()
    let expected = c.expected.map { Position(line: $0.line + 1, column: $0.column) }.sorted()
    #expect(found == expected, "after a multi-byte line above: found \(found), expected \(expected)")
  }

  // A commented-out or quoted OpenAPI document is no document at all (the audit stops on it), so
  // these two mutations apply to code only.
  @Test(arguments: ExampleCase.all.filter { $0.example.kind == .bad && !$0.isDocument })
  func commentedOutCodeIsNotReported(_ c: ExampleCase) throws {
    let commented = c.example.source.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "\(c.commentPrefix) \($0)" }.joined(separator: "\n")
    let found = try c.positions(c.files(main: commented))
    #expect(found.isEmpty, "noisy: \(c.rule.id) reported inside a comment at \(found)")
  }

  @Test(arguments: ExampleCase.all.filter { $0.example.kind == .bad && !$0.isDocument })
  func codeInsideAStringIsNotReported(_ c: ExampleCase) throws {
    let source = c.example.source
    let wrapped: String
    if c.example.path.hasSuffix(".py") {
      let quote = source.contains("'''") ? "\"\"\"" : "'''"
      wrapped = "EXAMPLE = r\(quote)\n\(source)\n\(quote)\n"
    } else {
      let escaped = source.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "`", with: "\\`").replacingOccurrences(of: "${", with: "\\${")
      wrapped = "export const EXAMPLE = `\n\(escaped)\n`;\n"
    }
    let found = try c.positions(c.files(main: wrapped))
    #expect(found.isEmpty, "noisy: \(c.rule.id) reported inside a string at \(found)")
  }

  @Test(arguments: ExampleCase.all.filter { $0.example.kind == .bad })
  func suppressionCommentSilencesEachFinding(_ c: ExampleCase) throws {
    let markedLines = Set(c.expected.map(\.line))
    var lines: [String] = []
    for (index, line) in c.example.source.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      if markedLines.contains(index + 1) {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        lines.append(
          "\(indent)\(c.commentPrefix) archverify: ignore[\(c.rule.id)] reviewed in the example test")
      }
      lines.append(String(line))
    }
    let project = try TemporaryProject(files: c.files(main: lines.joined(separator: "\n")))
    let result = try project.audit()
    let own = result.findings.filter { $0.ruleId == c.rule.id && $0.location.path == c.example.path }
    let counted = own.filter { !$0.isSuppressed }
    #expect(counted.isEmpty, "a suppressed finding still counts: \(counted)")
    #expect(own.count == c.expected.count, "suppressed findings are kept in the report: \(own.count)")
    let unused = result.findings.filter { $0.ruleId == ToolRules.unusedSuppression }
    #expect(unused.isEmpty, "unused suppression: \(unused.map(\.message))")
  }

  @Test(arguments: ExampleCase.all.filter { $0.example.kind == .bad })
  func analysingTwiceGivesIdenticalFindings(_ c: ExampleCase) throws {
    let project = try TemporaryProject(files: c.files(main: c.example.source))
    let first = try project.audit(jobs: 1).findings
    let second = try project.audit(jobs: 2).findings
    #expect(first == second)
  }
}

/// What every rule must carry.
@Suite struct RuleCatalogueTests {
  /// Every rule id of the catalogue in spec/rules.md, plus the ones the product adds.
  static let implemented = [
    "auth/token-in-web-storage", "auth/token-in-response-body", "auth/insecure-cookie",
    "auth/unprotected-route", "auth/login-not-rate-limited", "tenancy/unscoped-query",
    "tenancy/missing-tenant-column", "config/sqlite-fallback", "config/unguarded-env",
    "config/hardcoded-secret", "migrations/create-all", "migrations/missing-table",
    "migrations/missing-column", "migrations/broken-chain", "openapi/missing-spec",
    "openapi/undocumented-route", "openapi/orphan-operation", "billing/unverified-webhook",
    "openapi/unknown-client-call",
  ]

  @Test(arguments: implemented)
  func catalogueRuleIsRegistered(_ id: String) throws {
    let found = shippedRules.description(id)
    try #require(found != nil, "rule \(id) from spec/rules.md is not registered")
    guard let rule = found else { return }
    #expect(rule.examples.contains { $0.kind == .bad })
    #expect(rule.examples.contains { $0.kind == .good })
  }

  @Test func everyRuleHasTheRationaleHeadings() {
    for rule in shippedRules.descriptions {
      for heading in RuleDescription.requiredHeadings {
        #expect(rule.rationale.contains("## \(heading)\n"), "\(rule.id) lacks '## \(heading)'")
      }
    }
  }

  @Test func everyPackFileIsEmbedded() throws {
    let packs = Repository.root.appendingPathComponent("Rules")
    let enumerator = try #require(FileManager.default.enumerator(atPath: packs.path))
    var onDisk: [String] = []
    for case let path as String in enumerator where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      onDisk.append("Rules/" + path)
    }
    let embedded = RulePackLoader.embedded.map(\.path)
    #expect(
      onDisk.sorted() == embedded.sorted(),
      "packs on disk and in the binary differ; rebuild after removing .build/*/debug/description.json")
    for path in onDisk {
      #expect(path.hasSuffix(".yaml"), "\(path): rule packs use the .yaml extension")
    }
  }

  @Test func everyPackLivesAtItsIdPath() {
    for rule in shippedRules.descriptions where rule.category != .archverify {
      #expect(rule.source == "Rules/\(rule.id).yaml", "\(rule.id) is defined in \(rule.source)")
    }
  }
}
