import Foundation
import Testing

/// `archverify gate` end to end: a bash generator behind the gate, through the built binary.
@Suite struct GateCommandTests {
  static let cleanApp = "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"

  /// A project folder holding `gen.sh`, which writes `files` into the folder given as $1 and
  /// prints one line; `out/` is the parent folder of the targets.
  func workspace(_ files: [String: String], extra: String = "") throws -> TemporaryProject {
    var script = "#!/bin/bash\nset -e\n"
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      let encoded = Data(text.utf8).base64EncodedString()
      script += "mkdir -p \"$1/\((path as NSString).deletingLastPathComponent)\"\n"
      script += "echo \(encoded) | base64 -d > \"$1/\(path)\"\n"
    }
    script += extra + "echo generated\n"
    let project = try TemporaryProject(["gen.sh": script, "out/.keep": ""])
    #expect(chmod(project.url.appendingPathComponent("gen.sh").path, 0o755) == 0)
    return project
  }

  func entries(_ project: TemporaryProject, _ folder: String = "out") throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: project.url.appendingPathComponent(folder).path)
      .sorted()
  }

  @Test func aCleanGeneratorIsDeliveredWithTheReportsBeside() throws {
    let project = try workspace(["app/__init__.py": Self.cleanApp])
    let result = try project.run("gate", "--out", "out/app", "--", "./gen.sh", "{staging}")
    // The generator runs in staging: ./gen.sh is not found there, so call it by absolute path.
    #expect(result.status == 2)
    #expect(result.stderr == "archverify gate: error: './gen.sh' was not found; nothing delivered\n")
    let gen = project.url.appendingPathComponent("gen.sh").path
    let delivered = try project.run("gate", "--out", "out/app", "--", gen, "{staging}")
    #expect(delivered.status == 0)
    #expect(
      delivered.stderr
        == "generated\narchverify gate: delivered out/app (score 100/100); reports: "
        + "out/app.archverify.json, out/app.archverify.sarif\n")
    #expect(delivered.stdout.hasSuffix("Score 100/100, threshold 80: PASSED\n"))
    #expect(try project.read("out/app/app/__init__.py") == Self.cleanApp)
    #expect(try entries(project) == [".keep", "app", "app.archverify.json", "app.archverify.sarif"])
    let json = try JSONSerialization.jsonObject(with: Data(project.read("out/app.archverify.json").utf8))
    #expect((json as? [String: Any])?["passed"] as? Bool == true)
    #expect(try project.read("out/app.archverify.sarif").contains("\"version\" : \"2.1.0\""))
  }

  @Test func theStagingVariableAndASubstitutionInsideAnArgumentBothWork() throws {
    let project = try workspace([:])
    let script = "mkdir -p \"$ARCHVERIFY_STAGING/app\" && printf '%s' \"$1\" > \"${1#--into=}\""
    let result = try project.run(
      "gate", "--out", "out/app", "--", "bash", "-c", script, "gen", "--into={staging}/app/__init__.py")
    #expect(result.status == 0)
    #expect(try project.read("out/app/app/__init__.py").hasPrefix("--into=/"))
    #expect(!(try project.read("out/app/app/__init__.py").contains("{staging}")))
  }

  @Test func belowTheThresholdNothingIsDeliveredAndTheReportIsPrinted() throws {
    let project = try workspace(Projects.createAll)
    let gen = project.url.appendingPathComponent("gen.sh").path
    let result = try project.run("gate", "--out", "out/app", "--fail-under", "90", "--", gen, "{staging}")
    #expect(result.status == 1)
    #expect(result.stdout.hasSuffix("Score 88/100, threshold 90: FAILED\n"))
    #expect(result.stdout.contains("app/__init__.py:12:9: error: "))
    #expect(
      result.stderr
        == "generated\narchverify gate: score 88/100 is below the threshold 90; nothing delivered\n")
    #expect(try entries(project) == [".keep"])
  }

  @Test func aGeneratorCannotHideFindingsWithGitignoreOrSuppressions() throws {
    let hidden = """
      from flask import Flask

      from .extensions import db


      def create_app():
          app = Flask(__name__)
          app.config["SECRET_KEY"] = "generated-secret-key-2024"  # archverify: ignore[config/hardcoded-secret] ok
          with app.app_context():
              db.create_all()
          return app

      """
    let project = try workspace([
      "app/__init__.py": hidden, "app/.gitignore": "__init__.py\n",
      "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
    ])
    let gen = project.url.appendingPathComponent("gen.sh").path
    let result = try project.run("gate", "--out", "out/app", "--fail-under", "90", "--", gen, "{staging}")
    #expect(result.status == 1)
    #expect(result.stdout.hasSuffix("Score 84/100, threshold 90: FAILED\n"))
    #expect(result.stdout.contains("app/__init__.py:8:5: error: "))
    #expect(result.stdout.contains("[config/hardcoded-secret]"))
    #expect(result.stdout.contains("app/__init__.py:10:9: error: "))
    #expect(result.stdout.contains("[migrations/create-all]"))
    #expect(try entries(project) == [".keep"])
  }

  @Test func aZipIsDeliveredInsteadOfAFolder() throws {
    let project = try workspace(["pkg/__init__.py": Self.cleanApp, "README.md": "# app\n"])
    let gen = project.url.appendingPathComponent("gen.sh").path
    let result = try project.run("gate", "--zip", "out/app.zip", "--", gen, "{staging}")
    #expect(result.status == 0)
    #expect(
      try entries(project) == [".keep", "app.zip", "app.zip.archverify.json", "app.zip.archverify.sarif"])
    #expect(
      try ZipEntries.names(project.url.appendingPathComponent("out/app.zip").path)
        == ["README.md", "pkg/", "pkg/__init__.py"])
    let again = try project.run("gate", "--zip", "out/app.zip", "--", gen, "{staging}")
    #expect(again.status == 2)
    #expect(again.stderr == "out/app.zip: error: already exists; --zip must name a new file\n")
  }

  @Test func aNonEmptyTargetIsRefusedBeforeTheCommandRuns() throws {
    let project = try workspace([:], extra: "touch \"$(dirname \"$0\")/ran\"\n")
    try project.write("out/app/old.py", "x = 1\n")
    let gen = project.url.appendingPathComponent("gen.sh").path
    let result = try project.run("gate", "--out", "out/app", "--", gen, "{staging}")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == "out/app: error: the folder is not empty; --out must not exist or be an empty folder\n"
    )
    #expect(!project.exists("ran"))
  }

  @Test(arguments: [
    (
      ["--", "archverify-no-such-generator"],
      "'archverify-no-such-generator' was not found; nothing delivered"
    ),
    (["--", "bash", "-c", "echo partial > f.py; exit 4"], "'bash' exited with status 4; nothing delivered"),
    (
      ["--timeout", "1", "--", "sleep", "30"],
      "'sleep' did not finish within 1 s (--timeout) and was stopped; nothing delivered"
    ),
    (
      ["--", "bash", "-c", "echo x > ../stray.txt"],
      "'bash' wrote outside the staging folder: 'stray.txt' was created, changed or removed in "
        + "'{parent}'; nothing delivered"
    ),
    (
      ["--", "bash", "-c", "ln -s /etc escape"],
      "'bash' wrote outside the staging folder: the symbolic link 'escape' leads out of it (to '/etc'); "
        + "nothing delivered"
    ),
  ])
  func aCommandThatFailsOrWritesOutsideDeliversNothing(arguments: [String], message: String) throws {
    let project = try workspace([:])
    let result = try Archverify.run(["gate", "--out", "out/app"] + arguments, in: project.url)
    let parent = project.url.appendingPathComponent("out").standardizedFileURL.path
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasSuffix(
        "archverify gate: error: \(message.replacingOccurrences(of: "{parent}", with: parent))\n"))
    let left = try entries(project).filter { $0 != "stray.txt" }
    #expect(left == [".keep"])
  }

  @Test func outAndZipAreAlternatives() throws {
    let project = try workspace([:])
    let result = try project.run("gate", "--out", "out/a", "--zip", "out/a.zip", "--", "true")
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "archverify gate: error: --out and --zip are alternatives; give one "
        + "(see 'archverify gate --help')\n"
    )
  }
}

/// The entry names of a zip archive, read from its central directory.
enum ZipEntries {
  static func names(_ path: String) throws -> [String] {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func little(_ offset: Int, _ count: Int) -> Int {
      (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
    var names: [String] = []
    var offset = 0
    while offset + 46 <= bytes.count {
      if bytes[offset..<offset + 4].elementsEqual([0x50, 0x4b, 0x01, 0x02]) {
        let length = little(offset + 28, 2)
        names.append(String(decoding: bytes[offset + 46..<offset + 46 + length], as: UTF8.self))
        offset += 46 + length + little(offset + 30, 2) + little(offset + 32, 2)
      } else {
        offset += 1
      }
    }
    return names
  }
}
