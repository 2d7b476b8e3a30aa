import ArchCore
import Foundation
import Rules
import Scoring
import Testing

/// `rules`, `explain`, `--help` and `--version`.
@Suite struct CatalogCommandTests {
  static var folder: URL { FileManager.default.temporaryDirectory }

  @Test func rulesAsJSON() throws {
    let result = try Archverify.run(["rules", "--format", "json"], in: Self.folder)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    Snapshot.assert(result.stdout, named: "rules", ext: "json")
  }

  @Test func rulesAsTextListEveryRule() throws {
    let result = try Archverify.run(["rules"], in: Self.folder)
    #expect(result.status == 0)
    let ids = try RuleSet.load().descriptions.map(\.id)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == ids.count + 1)
    #expect(zip(lines, ids).allSatisfy { line, id in line.hasPrefix(id + " ") })
    #expect(
      lines.contains {
        $0.hasPrefix("migrations/create-all")
          && $0.hasSuffix(
            "  error    migrations  "
              + "`create_all()` builds tables outside Alembic; create them in a migration instead")
      })
    #expect(
      lines.last == "\(ids.count) rules. `archverify explain RULE_ID` shows a rule's rationale and examples.")
  }

  @Test func explainPrintsMetadataRationaleAndExamples() throws {
    let result = try Archverify.run(["explain", "migrations/create-all"], in: Self.folder)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let rule = try #require(try RuleSet.load().description("migrations/create-all"))
    #expect(
      result.stdout.hasPrefix(
        """
        migrations/create-all (CreateAll)

          level       error
          category    migrations
          tags        migrations, correctness, database
          languages   python
          message     \(rule.message)
          source      \(rule.source)

        \(rule.rationale.trimmingCharacters(in: .newlines))

        ## Examples

        `↓` marks where archverify reports a finding in a bad example.

        ### Bad: app/__init__.py

        ```python
        from flask import Flask
        """))
    #expect(
      result.stdout.components(separatedBy: "\n### Bad: ").count - 1
        == rule.examples.filter { $0.kind == .bad }.count)
    #expect(
      result.stdout.components(separatedBy: "\n### Good: ").count - 1
        == rule.examples.filter { $0.kind == .good }.count)
    #expect(result.stdout.contains("\n        ↓db.create_all()\n"))
  }

  @Test func explainScoring() throws {
    let result = try Archverify.run(["explain", "--scoring"], in: Self.folder)
    #expect(result == RunResult(stdout: Scoring.explanation + "\n", stderr: "", status: 0))
  }

  @Test func explainUnknownRuleOrNothingIsAUsageError() throws {
    let unknown = try Archverify.run(["explain", "auth/nope"], in: Self.folder)
    #expect(
      unknown
        == RunResult(
          stdout: "",
          stderr: "archverify explain: error: unknown rule 'auth/nope' (see `archverify rules`)\n",
          status: 2))
    let nothing = try Archverify.run(["explain"], in: Self.folder)
    #expect(
      nothing
        == RunResult(
          stdout: "",
          stderr:
            "archverify explain: error: name a rule id or pass --scoring (see 'archverify explain --help')\n",
          status: 2))
  }

  @Test func help() throws {
    let root = try Archverify.run(["--help"], in: Self.folder)
    #expect(root.status == 0)
    #expect(root.stderr == "")
    Snapshot.assert(root.stdout, named: "help", ext: "txt")
    let audit = try Archverify.run(["audit", "--help"], in: Self.folder)
    #expect(audit.status == 0)
    Snapshot.assert(audit.stdout, named: "audit-help", ext: "txt")
  }

  @Test func version() throws {
    let result = try Archverify.run(["--version"], in: Self.folder)
    #expect(result == RunResult(stdout: ArchverifyVersion.current + "\n", stderr: "", status: 0))
  }
}
