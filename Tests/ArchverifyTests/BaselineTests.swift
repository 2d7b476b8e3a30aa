import ArchCore
import Foundation
import Reports
import Testing

/// `archverify baseline write` and `audit --baseline`: the file's exact text, matching that
/// survives edits elsewhere, occurrence counting, and errors, through the built binary.
@Suite struct BaselineTests {
  /// `Projects.createAll` plus a file with three identical `create_all()` lines (one indented
  /// deeper: the same normalised text).
  static let repeated: [String: String] = Projects.createAll.merging([
    "app/reset.py": """
    from .extensions import db


    def reset():
        db.create_all()
        db.create_all()
        if True:
            db.create_all()

    """
  ]) { first, _ in first }

  static let resetPath = "app/reset.py"

  /// Findings of a JSON report as `path:line suppressed?`.
  static func findings(_ result: RunResult) throws -> [String] {
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    return document.findings.map { "\($0.path):\($0.line)\($0.suppressed ? " baselined" : "")" }
  }

  static func score(_ result: RunResult) throws -> Int {
    try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8)).score
  }

  @Test func writeRecordsEachFindingOnceWithItsCount() throws {
    let project = try TemporaryProject(Self.repeated)
    let written = try project.run("baseline", "write", "baseline.json")
    #expect(
      written
        == RunResult(stdout: "", stderr: "archverify: recorded 5 findings in baseline.json\n", status: 0))
    Snapshot.assert(try project.read("baseline.json"), named: "baseline", ext: "json")
    // Writing again gives the same bytes.
    let first = try project.read("baseline.json")
    _ = try project.run("baseline", "write", "baseline.json")
    #expect(try project.read("baseline.json") == first)
  }

  @Test func recordedFindingsDoNotCountAndAFourthIdenticalOneIsNew() throws {
    let project = try TemporaryProject(Self.repeated)
    _ = try project.run("baseline", "write", "baseline.json")
    let audited = try project.run("audit", "--baseline", "baseline.json", "--fail-under", "100")
    #expect(audited.status == 0)
    #expect(audited.stderr == "")
    #expect(audited.stdout.hasPrefix("No findings.\n\n"))
    #expect(audited.stdout.contains("\nSuppressed    0 inline, 5 by the baseline (not counted, not shown)\n"))
    #expect(audited.stdout.hasSuffix("Score 100/100, threshold 100: PASSED\n"))

    var text = try project.read(Self.resetPath)
    text += "\ndef again():\n    db.create_all()\n"
    try project.write(Self.resetPath, text)
    let grown = try project.run(
      "audit", "--baseline", "baseline.json", "--format", "json", "--fail-under", "100")
    #expect(grown.status == 1)
    #expect(
      try Self.findings(grown) == [
        "app/__init__.py:12 baselined", "app/reset.py:5 baselined", "app/reset.py:6 baselined",
        "app/reset.py:8 baselined", "app/reset.py:11", "scripts/seed.py:7 baselined",
      ])
    #expect(try Self.score(grown) == 92)
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(grown.stdout.utf8))
    #expect(
      document.findings[0].suppression
        == Suppression(kind: .external, justification: "recorded in the baseline"))
  }

  @Test func editsAboveAndReindentingKeepFindingsMatched() throws {
    let project = try TemporaryProject(Self.repeated)
    _ = try project.run("baseline", "write", "baseline.json")
    try project.write(
      Self.resetPath,
      """
      \"\"\"Rebuilds the schema.\"\"\"
      import logging

      from .extensions import db

      log = logging.getLogger(__name__)


      def reset():
          log.info("reset")
          if True:
              db.create_all()
          db.create_all()
          for _ in range(1):
              db.create_all()

      """)
    try project.write("app/__init__.py", "# Application factory.\n\n" + (try project.read("app/__init__.py")))
    let audited = try project.run("audit", "--baseline", "baseline.json", "--format", "json")
    #expect(audited.status == 0)
    #expect(
      try Self.findings(audited) == [
        "app/__init__.py:14 baselined", "app/reset.py:12 baselined", "app/reset.py:13 baselined",
        "app/reset.py:15 baselined", "scripts/seed.py:7 baselined",
      ])
    #expect(try Self.score(audited) == 100)
  }

  @Test func aChangedLineIsNewAndTheOthersStayMatched() throws {
    let project = try TemporaryProject(Self.repeated)
    _ = try project.run("baseline", "write", "baseline.json")
    let text = try project.read(Self.resetPath)
    try project.write(
      Self.resetPath,
      text.replacingOccurrences(
        of: "    db.create_all()\n    if", with: "    db.create_all()  # twice\n    if"))
    let audited = try project.run("audit", "--baseline", "baseline.json", "--format", "json")
    #expect(
      try Self.findings(audited) == [
        "app/__init__.py:12 baselined", "app/reset.py:5 baselined", "app/reset.py:6",
        "app/reset.py:8 baselined", "scripts/seed.py:7 baselined",
      ])
    #expect(try Self.score(audited) == 92)
  }

  @Test func writeAuditsThePathArgumentWithConfigAndRules() throws {
    let project = try TemporaryProject(Self.repeated)
    try project.write("ci/archverify.yml", "rules:\n  migrations/create-all: off\n")
    try FileManager.default.createDirectory(
      at: project.url.appendingPathComponent("packs"), withIntermediateDirectories: true)
    let parent = project.url.deletingLastPathComponent()
    let folder = project.url.lastPathComponent
    let written = try Archverify.run(
      [
        "baseline", "write", "\(folder)/empty.json", folder, "--config", "\(folder)/ci/archverify.yml",
        "--rules", "\(folder)/packs", "--jobs", "1",
      ], in: parent)
    #expect(
      written
        == RunResult(
          stdout: "", stderr: "archverify: recorded 0 findings in \(folder)/empty.json\n", status: 0))
    #expect(try project.read("empty.json") == "{\n  \"findings\" : [],\n  \"version\" : 2\n}\n")
    let subfolder = try Archverify.run(
      ["baseline", "write", "../one.json", "."], in: project.url.appendingPathComponent("scripts"))
    #expect(subfolder.stderr == "archverify: recorded 1 finding in ../one.json\n")
    #expect(try project.read("one.json").contains("\"path\" : \"seed.py\""))
  }

  @Test func deprecatedWriteBaselineOptionStillWrites() throws {
    let project = try TemporaryProject(Self.repeated)
    let result = try project.run("audit", "--write-baseline", "old.json")
    #expect(
      result
        == RunResult(
          stdout: "",
          stderr:
            "archverify: warning: --write-baseline is deprecated; use `archverify baseline write old.json`\n"
            + "archverify: recorded 5 findings in old.json\n", status: 0))
    _ = try project.run("baseline", "write", "new.json")
    #expect(try project.read("old.json") == project.read("new.json"))
    let combined = try project.run("audit", "--write-baseline", "old.json", "--new-since", "HEAD")
    #expect(combined.status == 2)
    #expect(
      combined.stderr
        == "archverify audit: error: --write-baseline records every finding; it cannot be combined with "
        + "--new-since (see 'archverify audit --help')\n")
  }

  @Test func writeErrors() throws {
    let project = try TemporaryProject(Projects.clean)
    #expect(
      try project.run("baseline", "write", "b.json", "nowhere")
        == RunResult(stdout: "", stderr: "nowhere: error: no such folder to audit\n", status: 2))
    #expect(
      try project.run("baseline", "write", "out/b.json")
        == RunResult(
          stdout: "", stderr: "out/b.json: error: cannot write the file: folder 'out' does not exist\n",
          status: 2))
    #expect(
      try project.run("baseline", "write")
        == RunResult(
          stdout: "",
          stderr: "archverify baseline write: error: Missing expected argument '<file>' "
            + "(see 'archverify baseline write --help')\n", status: 2))
    #expect(
      try project.run("baseline", "write", "b.json", "--jobs", "0")
        == RunResult(
          stdout: "",
          stderr: "archverify baseline write: error: --jobs must be at least 1 (got 0) "
            + "(see 'archverify baseline write --help')\n", status: 2))
  }

  static let entry = #"{"count": 1, "lineText": "x", "message": "m", "path": "a", "ruleId": "r"}"#

  @Test func malformedJSONIsReportedLikeACompilerError() throws {
    let project = try TemporaryProject(Projects.clean)
    try project.write("b.json", "{\n  \"version\" : 2\n  \"findings\" : []\n}\n")
    let result = try project.run("audit", "--baseline", "b.json")
    #expect(
      result
        == RunResult(
          stdout: "",
          stderr: """
            b.json:3:3: error: malformed JSON: expected ',' or '}', found '"'
              "findings" : []
              ^

            """, status: 2))
  }

  /// Each case: the file's text, the line and column of the error, and its message; the error
  /// shows that line with a caret under the column.
  @Test(arguments: [
    (#"{"version": 2, "findings": [}"#, 1, 29, "malformed JSON: expected a value, found '}'"),
    (
      #"{"version": 2, "findings": [{"count": 1, "lineText": "x\q"}]}"#, 1, 56,
      #"malformed JSON: invalid escape '\q' in a string"#
    ),
    (#"{"version": 2, "findings": []} x"#, 1, 32, "malformed JSON: unexpected 'x' after the JSON value"),
    (#"{"version": 2, "findings": [{"lineText": "x"#, 1, 42, "malformed JSON: unterminated string"),
    (#"{"version": 02, "findings": []}"#, 1, 13, "malformed JSON: a number cannot start with 0"),
    (
      #"["0123456789abcdef"]"#, 1, 1,
      #"not an archverify baseline: expected an object with "version" and "findings" "#
        + "(write one with `archverify baseline write FILE`)"
    ),
    (
      #"{"version": 1, "findings": [{"fingerprint": "0123456789abcdef"}]}"#, 1, 13,
      "baseline version 1 matched findings by fingerprint and is no longer read; "
        + "record it again with `archverify baseline write FILE`"
    ),
    (#"{"version": 3, "findings": []}"#, 1, 13, "baseline version 3 is not supported (expected 2)"),
    (#"{"version": "2", "findings": []}"#, 1, 13, #""version" must be a whole number"#),
    (
      #"{"findings": []}"#, 1, 1,
      #"not an archverify baseline: "version" is missing (write one with `archverify baseline write FILE`)"#
    ),
    (#"{"version": 2}"#, 1, 1, #"not an archverify baseline: "findings" is missing"#),
    (
      #"{"version": 2, "findings": [], "tool": "x"}"#, 1, 32,
      "unknown key 'tool' in the baseline (expected findings, version)"
    ),
    (#"{"version": 2, "version": 2}"#, 1, 16, "key 'version' appears twice in the baseline"),
    (#"{"findings": {}, "version": 2}"#, 1, 14, #""findings" must be an array of recorded findings"#),
    (
      #"{"version": 2, "findings": [3]}"#, 1, 29,
      "a recorded finding must be an object with count, lineText, message, path, ruleId"
    ),
    (
      #"{"version": 2, "findings": [{"count": 0, "lineText": "x", "message": "m", "path": "a", "#
        + #""ruleId": "r"}]}"#,
      1, 39, #""count" must be at least 1"#
    ),
    (
      #"{"version": 2, "findings": [{"count": 1, "lineText": "x", "path": "a", "ruleId": "r"}]}"#, 1, 29,
      #"recorded finding has no "message""#
    ),
    (
      #"{"version": 2, "findings": [{"count": 1, "lineText": 7, "path": "a", "ruleId": "r"}]}"#, 1, 54,
      #""lineText" must be a string"#
    ),
    (
      #"{"version": 2, "findings": [{"count": 1, "line": 3}]}"#, 1, 42,
      "unknown key 'line' in a recorded finding (expected count, lineText, message, path, ruleId)"
    ),
    (
      "{\"version\": 2, \"findings\": [\n  \(entry),\n  \(entry)\n]}", 3, 3,
      "this finding is already recorded on line 2; keep one entry and add up the counts"
    ),
  ])
  func malformedBaselineIsAnInputErrorWithItsPosition(text: String, line: Int, column: Int, message: String)
    throws
  {
    let project = try TemporaryProject(Projects.clean)
    try project.write("b.json", text)
    let result = try project.run("audit", "--baseline", "b.json")
    let sourceLine = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
    let caret = String(repeating: " ", count: column - 1) + "^"
    #expect(
      result
        == RunResult(
          stdout: "", stderr: "b.json:\(line):\(column): error: \(message)\n\(sourceLine)\n\(caret)\n",
          status: 2))
  }

  @Test func emptyOrUnreadableBaselineIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    try project.write("empty.json", " \n")
    #expect(
      try project.run("audit", "--baseline", "empty.json")
        == RunResult(
          stdout: "",
          stderr:
            "empty.json: error: baseline file is empty (write one with `archverify baseline write FILE`)\n",
          status: 2))
    try Data([0x7B, 0xFF, 0x7D]).write(to: project.url.appendingPathComponent("binary.json"))
    #expect(
      try project.run("audit", "--baseline", "binary.json")
        == RunResult(stdout: "", stderr: "binary.json: error: baseline file is not UTF-8\n", status: 2))
  }

  @Test func missingBaselineIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    #expect(
      try project.run("audit", "--baseline", "nothing.json")
        == RunResult(stdout: "", stderr: "nothing.json: error: cannot read baseline file\n", status: 2))
  }

  // MARK: - The model

  static func finding(_ snippet: String, line: Int, path: String = "app/a.py") -> Finding {
    Finding(
      ruleId: "migrations/create-all", level: .error, category: .migrations, message: "m",
      location: Location(path: path, offset: 0, line: line, column: 1), snippet: snippet)
  }

  @Test func normalisedTextCollapsesWhitespace() {
    #expect(BaselineKey.normalize("  db.create_all( x,\t\t y )  ") == "db.create_all( x, y )")
    #expect(BaselineKey.normalize("\t") == "")
    #expect(BaselineKey(Self.finding("a  =\tb", line: 9)).lineText == "a = b")
  }

  @Test func matcherAcceptsRecordedCountsInReportOrder() {
    let key = BaselineKey(Self.finding("x()", line: 1))
    let matcher = BaselineMatcher(counts: [key: 2])
    var inline = Self.finding("x()", line: 2)
    inline.suppression = Suppression(kind: .inSource, justification: "why")
    let findings = [
      Self.finding("x()", line: 1), inline, Self.finding("x()", line: 3), Self.finding("x()", line: 4),
    ]
    #expect(
      matcher.apply(to: findings).map { $0.suppression?.kind } == [.external, .inSource, .external, nil])
    #expect(BaselineMatcher(counts: [key: 0]).isEmpty)
  }

  @Test func parsingTheWrittenTextGivesTheSameBaseline() throws {
    let baseline = Baseline(findings: [
      Self.finding("b()", line: 5), Self.finding("a()", line: 2), Self.finding("b()", line: 9),
      Self.finding("say(\"caf\u{e9} \\\" \u{1F600}\")", line: 1, path: "z/\u{e9}.py"),
    ])
    #expect(baseline.findings.map(\.count) == [1, 2, 1])
    #expect(baseline.recordedCount == 4)
    let text = try baseline.encoded()
    #expect(try Baseline.parse(Array(text.utf8), path: "b.json") == baseline)
    #expect(baseline.matcher.counts[BaselineKey(Self.finding("b()", line: 100))] == 2)
  }
}
