import Foundation
import Reports
import Testing

/// A throwaway git repository: a `TemporaryProject` with `git init`, a local identity and a first
/// commit of its files.
final class GitRepository {
  let project: TemporaryProject
  var url: URL { project.url }

  init(_ files: [String: String]) throws {
    project = try TemporaryProject(files)
    try git("init", "-q", "-b", "main")
    try git("config", "user.name", "archverify tests")
    try git("config", "user.email", "tests@archverify.invalid")
    try git("config", "commit.gpgsign", "false")
    try commit("first")
  }

  /// Runs git in the repository (or `folder` inside it); a failure fails the test.
  @discardableResult
  func git(_ arguments: String..., in folder: String = ".") throws -> String {
    let directory = url.appendingPathComponent(folder)
    let result = try Archverify.runTool("/usr/bin/git", arguments, in: directory)
    guard result.status == 0 else {
      throw GitFailed(arguments: arguments, output: result.stderr)
    }
    return result.stdout
  }

  func commit(_ message: String) throws {
    try git("add", "-A")
    try git("commit", "-q", "--allow-empty", "-m", message)
  }

  struct GitFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let output: String
    var description: String { "git \(arguments.joined(separator: " ")) failed: \(output)" }
  }
}

/// `audit --new-since REV` with real git repositories: only added or changed lines count,
/// untracked files are new, subfolders map to repository paths, and git problems are exit 2.
@Suite struct NewSinceTests {
  static func findings(_ result: RunResult) throws -> [String] {
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    return document.findings.map { "\($0.path):\($0.line) \($0.ruleId)" }
  }

  static func score(_ result: RunResult) throws -> Int {
    try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8)).score
  }

  @Test func unchangedProjectReportsNothing() throws {
    let repository = try GitRepository(Projects.createAll)
    let result = try repository.project.run("audit", "--new-since", "HEAD", "--fail-under", "100")
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout.hasPrefix("No findings.\n\n"))
    #expect(result.stdout.hasSuffix("Score 100/100, threshold 100: PASSED\n"))
  }

  @Test func onlyAddedChangedAndUntrackedLinesAreReportedAndScored() throws {
    let repository = try GitRepository(Projects.createAll)
    let project = repository.project
    // A committed change (since HEAD~1), a staged one and an unstaged one all count.
    try project.write(
      "app/extensions.py", "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\ndb.create_all()\n")
    try repository.commit("second")
    try project.write(
      "app/__init__.py",
      try project.read("app/__init__.py").replacingOccurrences(
        of: "    return app\n", with: "        db.create_all()  # again\n    return app\n"))
    try repository.git("add", "app/__init__.py")
    try project.write(
      "scripts/seed.py",
      "\"\"\"Moved down by two lines.\"\"\"\n\n\n" + (try project.read("scripts/seed.py")))
    try project.write("app/reset.py", "from .extensions import db\n\n\ndef reset():\n    db.create_all()\n")
    try project.write(".gitignore", "ignored/\n")
    try project.write("ignored/tool.py", "from app.extensions import db\n\ndb.create_all()\n")

    let sinceFirst = try project.run("audit", "--new-since", "HEAD~1", "--format", "json")
    #expect(sinceFirst.status == 0)
    #expect(
      try Self.findings(sinceFirst) == [
        "app/__init__.py:13 migrations/create-all", "app/extensions.py:4 migrations/create-all",
        "app/reset.py:5 migrations/create-all",
      ])
    #expect(try Self.score(sinceFirst) == 85)

    let sinceHead = try project.run("audit", "--new-since", "HEAD", "--format", "json")
    #expect(
      try Self.findings(sinceHead) == [
        "app/__init__.py:13 migrations/create-all", "app/reset.py:5 migrations/create-all",
      ])
    // Without --new-since everything counts, the line moved in seed.py included.
    let everything = try project.run("audit", "--format", "json")
    #expect(try Self.findings(everything).count == 5)
  }

  @Test func aSubfolderIsMappedToTheRepositoryPaths() throws {
    var files: [String: String] = [:]
    for (path, text) in Projects.createAll { files["services/api/" + path] = text }
    files["README.md"] = "# monorepo\n"
    let repository = try GitRepository(files)
    let project = repository.project
    try project.write(
      "services/api/app/reset.py", "from .extensions import db\n\n\ndef reset():\n    db.create_all()\n")
    try project.write("services/other.py", "from app.extensions import db\ndb.create_all()\n")
    let fromRoot = try project.run("audit", "services/api", "--new-since", "HEAD", "--format", "json")
    #expect(fromRoot.status == 0)
    #expect(try Self.findings(fromRoot) == ["app/reset.py:5 migrations/create-all"])
    let inside = try Archverify.run(
      ["audit", "--new-since", "HEAD", "--format", "json"],
      in: project.url.appendingPathComponent("services/api"))
    #expect(inside.stdout == fromRoot.stdout)
  }

  @Test func skippedFileNotesOnlyForChangedFiles() throws {
    let repository = try GitRepository(Projects.clean)
    try Data([0x6F, 0x6B, 0x00, 0x0A]).write(to: repository.url.appendingPathComponent("app/old.py"))
    try repository.commit("binary")
    let unchanged = try repository.project.run("audit", "--new-since", "HEAD", "--format", "json")
    #expect(try Self.findings(unchanged) == [])
    try Data([0x6E, 0x65, 0x77, 0x00, 0x0A]).write(to: repository.url.appendingPathComponent("app/old.py"))
    let changed = try repository.project.run("audit", "--new-since", "HEAD", "--format", "json")
    #expect(try Self.findings(changed) == ["app/old.py:1 archverify/skipped-file"])
  }

  @Test func worksWithABaseline() throws {
    let repository = try GitRepository(Projects.createAll)
    let project = repository.project
    try project.write("app/reset.py", "from .extensions import db\n\n\ndef reset():\n    db.create_all()\n")
    _ = try project.run("baseline", "write", "baseline.json")
    try project.write(
      "app/reset.py",
      "from .extensions import db\n\n\ndef reset():\n    db.create_all()\n    db.create_all()\n")
    let result = try project.run(
      "audit", "--new-since", "HEAD", "--baseline", "baseline.json", "--format", "json")
    let document = try JSONDecoder().decode(JSONReport.Document.self, from: Data(result.stdout.utf8))
    #expect(
      document.findings.map { "\($0.path):\($0.line) \($0.suppressed)" } == [
        "app/reset.py:5 true", "app/reset.py:6 false",
      ])
    #expect(document.score == 92)
  }

  @Test func outsideAGitRepositoryIsAnInputError() throws {
    let project = try TemporaryProject(Projects.clean)
    let result = try project.run("audit", "--new-since", "HEAD")
    #expect(
      result
        == RunResult(
          stdout: "", stderr: ".: error: not in a git repository; --new-since compares with its history\n",
          status: 2))
  }

  @Test func unknownRevisionIsAnInputError() throws {
    let repository = try GitRepository(Projects.clean)
    for revision in ["no-such-branch", "HEAD~5", "-p"] {
      let result = try repository.project.run("audit", "app", "--new-since=\(revision)")
      #expect(
        result
          == RunResult(
            stdout: "", stderr: "app: error: --new-since: unknown revision '\(revision)'\n", status: 2))
    }
  }

  @Test func revisionMissingFromAShallowCloneSaysToFetchMore() throws {
    let origin = try GitRepository(Projects.clean)
    try origin.project.write("app/more.py", "x = 1\n")
    try origin.commit("second")
    let clone = try TemporaryProject([:])
    let cloned = try Archverify.runTool(
      "/usr/bin/git", ["clone", "-q", "--depth", "1", origin.url.absoluteString, "repo"], in: clone.url)
    #expect(cloned.status == 0, "\(cloned.stderr)")
    let result = try Archverify.run(
      ["audit", "--new-since", "HEAD~1"], in: clone.url.appendingPathComponent("repo"))
    #expect(
      result
        == RunResult(
          stdout: "",
          stderr: ".: error: --new-since: revision 'HEAD~1' is not in the history of this shallow clone; "
            + "fetch more of it (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)\n",
          status: 2))
  }
}
