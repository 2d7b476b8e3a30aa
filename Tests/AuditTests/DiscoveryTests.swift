import ArchCore
import Foundation
import Rules
import Testing

@testable import Audit

final class Folder {
  let root: String

  init(_ files: [String: [UInt8]]) throws {
    root =
      FileManager.default.temporaryDirectory.appendingPathComponent("archverify-audit-\(UUID().uuidString)")
      .path
    for (path, bytes) in files {
      let url = URL(fileURLWithPath: root).appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
  }

  convenience init(text files: [String: String]) throws {
    try self.init(files.mapValues { Array($0.utf8) })
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }
}

@Suite struct GlobTests {
  @Test(arguments: [
    ("app/**", "app/models/user.py", true), ("app/**", "frontend/a.ts", false),
    ("**/*.py", "a/b/c.py", true), ("**/*.py", "c.py", true), ("*.py", "a/c.py", false),
    ("legacy/**", "legacy/x.py", true), ("a?c.py", "abc.py", true), ("a?c.py", "a/c.py", false),
    ("[ab].py", "b.py", true), ("[!ab].py", "b.py", false),
    ("**/migrations/**", "app/migrations/v/1.py", true),
  ])
  func globMatching(_ pattern: String, _ path: String, _ expected: Bool) {
    #expect(Glob(pattern).matches(path) == expected)
  }
}

@Suite struct DiscoveryTests {
  @Test func builtInExclusionsAndGitignoreAreRespected() throws {
    let folder = try Folder(text: [
      "app/main.py": "x = 1\n",
      "web/page.tsx": "export {}\n",
      "web/node_modules/lib/index.js": "x\n",
      ".venv/lib/site.py": "x\n",
      "build/out.js": "x\n",
      "app/__pycache__/m.py": "x\n",
      ".gitignore": "generated/\n*.gen.py\n!keep.gen.py\n",
      "generated/a.py": "x\n",
      "app/b.gen.py": "x\n",
      "app/keep.gen.py": "x\n",
      "web/.gitignore": "/local.ts\n",
      "web/local.ts": "x\n",
      "web/lib/local.ts": "x\n",
      "docs/openapi.yaml": "openapi: 3.0.0\n",
      "README.md": "# x\n",
    ])
    let files = Discovery(root: folder.root).files().map(\.path)
    #expect(
      files == [
        "app/keep.gen.py", "app/main.py", "docs/openapi.yaml", "web/lib/local.ts", "web/page.tsx",
      ])
  }

  @Test func includeAndExcludeFromTheConfig() throws {
    let folder = try Folder(text: [
      "app/a.py": "x\n", "app/legacy/b.py": "x\n", "frontend/c.ts": "x\n", "scripts/d.py": "x\n",
    ])
    let files = Discovery(root: folder.root, include: ["app/**", "frontend/**"], exclude: ["app/legacy/**"])
      .files()
    #expect(files.map(\.path) == ["app/a.py", "frontend/c.ts"])
  }
}

@Suite struct SkippedFileTests {
  @Test func binaryHugeAndNonUTF8FilesAreReportedAndSkipped() throws {
    var huge = Array("x = 1\n".utf8)
    huge += [UInt8](repeating: UInt8(ascii: "#"), count: Auditor.maxFileSize)
    let folder = try Folder([
      "app/ok.py": Array("from .extensions import db\ndb.create_all()\n".utf8),
      "app/binary.py": [0x78, 0x00, 0x01, 0x02],
      "app/latin1.py": [0x78, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22, 0x0A],
      "app/huge.py": huge,
    ])
    let rules = try RuleSet.load()
    let result = try Auditor(rules: rules, options: AuditOptions(root: folder.root, jobs: 2)).run()
    let notes = result.findings.filter { $0.ruleId == ToolRules.skippedFile }
    #expect(
      notes.map { "\($0.location.path): \($0.message)" } == [
        "app/binary.py: file was not analysed: it is binary",
        "app/huge.py: file was not analysed: it is larger than 2 MB (2097158 bytes)",
        "app/latin1.py: file was not analysed: it is not valid UTF-8",
      ])
    #expect(result.analyzedFiles == 1)
    #expect(result.findings.contains { $0.ruleId == "migrations/create-all" && $0.location.line == 2 })
    #expect(result.skippedFiles == ["app/binary.py", "app/huge.py", "app/latin1.py"])
    // Notes about the run do not cost points.
    #expect(result.score.score == 92)
  }

  @Test func filesWithSyntaxErrorsAreAnalysedAndCounted() throws {
    let folder = try Folder(text: [
      "app/broken.py": "def broken(:\n    pass\n\ndb.create_all()\n",
      "app/fine.py": "x = 1\n",
    ])
    let result = try Auditor(rules: try RuleSet.load(), options: AuditOptions(root: folder.root)).run()
    #expect(result.filesWithParseErrors == ["app/broken.py"])
    #expect(result.findings.map(\.location.line) == [4])
  }

  @Test func missingFolderIsAnInputError() throws {
    #expect(throws: InputError.self) {
      try Auditor(rules: try RuleSet.load(), options: AuditOptions(root: "/nonexistent/archverify")).run()
    }
  }
}

@Suite struct SuppressionTests {
  @Test func commentFormsAreParsed() {
    #expect(SuppressionScanner.parse("# archverify: ignore[a/b, c/d] seeded data")?.ids == ["a/b", "c/d"])
    #expect(SuppressionScanner.parse("# archverify: ignore[a/b] seeded data")?.reason == "seeded data")
    #expect(SuppressionScanner.parse("// archverify: ignore[a/b] — reviewed")?.reason == "reviewed")
    #expect(SuppressionScanner.parse("/* archverify: ignore[a/b] */")?.reason == "")
    #expect(SuppressionScanner.parse("# archverify: ignore")?.ids == [])
    #expect(SuppressionScanner.parse("# archverify: ignored") == nil)
    #expect(SuppressionScanner.parse("# nothing here") == nil)
  }

  @Test func suppressionOnTheLineOrTheLineAbove() throws {
    let folder = try Folder(text: [
      "app/a.py": """
      db.create_all()  # archverify: ignore[migrations/create-all] seeded demo database
      # archverify: ignore[migrations/create-all] local tooling
      db.create_all()
      db.create_all()
      x = "archverify: ignore[migrations/create-all]"
      db.create_all()
      # archverify: ignore
      # archverify: ignore[migrations/create-all, auth/no-such-rule]
      y = 1

      """
    ])
    let result = try Auditor(rules: try RuleSet.load(), options: AuditOptions(root: folder.root)).run()
    let lines = result.findings.map {
      "\($0.location.line) \($0.ruleId) \($0.isSuppressed ? "suppressed" : "")"
    }
    #expect(
      lines == [
        "1 migrations/create-all suppressed",
        "3 migrations/create-all suppressed",
        "4 migrations/create-all ",
        "6 migrations/create-all ",
        "7 archverify/blanket-suppression ",
        "8 archverify/unused-suppression ",
        "8 archverify/unused-suppression ",
      ])
    #expect(result.findings[0].suppression?.justification == "seeded demo database")
    let messages = result.findings.filter { $0.ruleId == ToolRules.unusedSuppression }.map(\.message).sorted()
    #expect(
      messages == [
        "suppression names unknown rule 'auth/no-such-rule'",
        "suppression of 'migrations/create-all' suppresses nothing",
      ])
  }
}

@Suite struct ConfigurationTests {
  let known: Set<String> = ["migrations/create-all", "auth/login-not-rate-limited"]

  @Test func fullConfigurationIsRead() throws {
    let text = """
      fail_under: 85
      include: ["app/**", "frontend/**"]
      exclude: ["legacy/**"]
      openapi: docs/openapi.yaml
      tenant_columns: [workspace_id]
      global_models: [Plan, FeatureFlag]
      public_paths: ["/api/status"]
      auth_decorators: [member_required]
      rules:
        migrations/create-all: off
        auth/login-not-rate-limited: error

      """
    let config = try Configuration.parse(text, path: "archverify.yml", knownRuleIds: known)
    #expect(config.failUnder == 85)
    #expect(config.include == ["app/**", "frontend/**"])
    #expect(config.exclude == ["legacy/**"])
    #expect(config.settings.openAPIPath == "docs/openapi.yaml")
    #expect(config.settings.tenantColumns == ["workspace_id"])
    #expect(config.settings.globalModels.suffix(2) == ["Plan", "FeatureFlag"])
    #expect(config.settings.publicPaths == ["/api/status"])
    #expect(config.settings.authDecorators.last == "member_required")
    #expect(config.rules == ["migrations/create-all": .off, "auth/login-not-rate-limited": .error])
  }

  @Test(arguments: [
    (
      "fail_under: 80\ncolour: red\n",
      "archverify.yml:2:1: error: unknown key 'colour' (expected one of: fail_under, include, exclude, openapi, tenant_columns, global_models, public_paths, auth_decorators, required_settings, rules)"
    ),
    ("fail_under: 120\n", "archverify.yml:1:13: error: 'fail_under' must be a whole number from 0 to 100"),
    ("include: app/**\n", "archverify.yml:1:10: error: 'include' must be a list of strings"),
    (
      "rules:\n  auth/nope: off\n",
      "archverify.yml:2:3: error: unknown rule 'auth/nope' (see `archverify rules`)"
    ),
    (
      "rules:\n  migrations/create-all: loud\n",
      "archverify.yml:2:26: error: rule 'migrations/create-all' must be set to off, note, warning or error (got 'loud')"
    ),
    (
      "include: [a\n",
      "archverify.yml:2:1: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'"
    ),
  ])
  func badConfigurationNamesTheLine(_ text: String, _ expected: String) {
    do {
      _ = try Configuration.parse(text, path: "archverify.yml", knownRuleIds: known)
      Issue.record("no error for \(text)")
    } catch let error as InputError {
      #expect(error.headline == expected)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func levelOverridesAndOffApply() throws {
    let folder = try Folder(text: ["app/a.py": "db.create_all()\n"])
    var config = Configuration()
    config.rules = ["migrations/create-all": .warning]
    let rules = try RuleSet.load()
    let warned = try Auditor(rules: rules, options: AuditOptions(root: folder.root, configuration: config))
      .run()
    #expect(warned.findings.map(\.level) == [.warning])
    #expect(warned.score.score == 97)
    config.rules = ["migrations/create-all": .off]
    let off = try Auditor(rules: rules, options: AuditOptions(root: folder.root, configuration: config)).run()
    #expect(off.findings.isEmpty)
    #expect(off.score.score == 100)
  }
}

@Suite struct RulePackErrorTests {
  func loadError(_ text: String) -> String? {
    do {
      _ = try RulePackLoader.load(EmbeddedRulePack(path: "Rules/x/y.yaml", text: text))
      return nil
    } catch let error as InputError {
      return error.headline
    } catch {
      return "\(error)"
    }
  }

  static let valid = """
    id: auth/y
    name: Y
    message: m
    level: error
    category: auth
    languages: [python]
    rationale: |
      ## What it finds
      a
      ## Why it matters
      b
      ## Example
      c
      ## Instead
      d
      ## Known limits
      e
    examples:
      - kind: bad
        path: a.py
        code: |
          ↓x()
      - kind: good
        path: a.py
        code: |
          y()

    """

  @Test func malformedPacksNameTheLine() {
    #expect(
      loadError("id: [\n")
        == "Rules/x/y.yaml:2:1: error: invalid YAML: while parsing a flow node: did not find expected node content"
    )
    #expect(
      loadError(Self.valid.replacingOccurrences(of: "level: error", with: "level: fatal"))
        == "Rules/x/y.yaml:4:8: error: level must be one of note, warning, error (got 'fatal')")
    #expect(
      loadError(Self.valid.replacingOccurrences(of: "name: Y", with: "nmae: Y"))
        == "Rules/x/y.yaml:2:1: error: unknown key 'nmae' (expected one of: category, examples, id, languages, level, message, name, precision, query, rationale, security-severity, tags)"
    )
    #expect(
      loadError(
        Self.valid.replacingOccurrences(of: "level: error", with: "level: error\nprecision: exact"))
        == "Rules/x/y.yaml:5:12: error: 'precision' must be one of very-high, high, medium, low "
        + "(got 'exact')")
    #expect(
      loadError(Self.valid.replacingOccurrences(of: "## Known limits", with: "## Limits"))
        == "Rules/x/y.yaml:7:12: error: rationale lacks the heading '## Known limits'")
    #expect(
      loadError(Self.valid.replacingOccurrences(of: "↓x()", with: "x()"))
        == "Rules/x/y.yaml:21:11: error: a bad example marks each expected finding with '↓'")
  }

  @Test func brokenQueryPointsIntoTheQuery() {
    let text = Self.valid + "query: |\n  (call\n    (no_such_node)) @finding\n"
    #expect(loadError(text) == "Rules/x/y.yaml:29:6: error: python query: unknown node type")
  }
}

@Suite struct TextSearchTests {
  @Test func findsByteSubstrings() {
    #expect(TextSearch.contains("SQLALCHEMY_DATABASE_URI", "DATA"))
    #expect(TextSearch.contains("ab", "ab"))
    #expect(TextSearch.contains("x", ""))
    #expect(!TextSearch.contains("POSTGRES_URL", "PG"))
    #expect(!TextSearch.contains("a", "ab"))
    #expect(TextSearch.contains("clé_secrète", "secr"))
    #expect(TextSearch.containsAny("refreshToken", ["jwt", "Token"]))
    #expect(!TextSearch.containsAny("theme", ["jwt", "token"]))
  }

  @Test func matchesIgnoringASCIICase() {
    #expect(TextSearch.containsIgnoringCase("refreshToken", "token"))
    #expect(TextSearch.containsIgnoringCase("CREATE_JWT", "jwt"))
    #expect(!TextSearch.containsIgnoringCase("tok", "token"))
    #expect(TextSearch.containsAnyIgnoringCase("AccessTOKEN", ["jwt", "token"]))
    #expect(!TextSearch.containsAnyIgnoringCase("theme", ["jwt", "token"]))
  }

  @Test func upperCasesOnlyWhatNeedsIt() {
    #expect("SECRET_KEY".upperCased == "SECRET_KEY")
    #expect("secret_key".upperCased == "SECRET_KEY")
    #expect("Api_Key2".upperCased == "API_KEY2")
    #expect("clé".upperCased == "CLÉ")
  }
}
