import Foundation
import Testing
import Yams

/// `action.yml` and `.pre-commit-hooks.yaml` at the repository root: parsed, checked against the
/// options the binary really has, and the action's audit step run against a real repository, so
/// that neither file can rot silently.
@Suite struct EcosystemFileTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func load(_ name: String) throws -> Any? {
    try Yams.load(yaml: String(contentsOf: root.appendingPathComponent(name), encoding: .utf8))
  }

  static func action() throws -> [String: Any] {
    try #require(try load("action.yml") as? [String: Any])
  }

  static func steps() throws -> [[String: Any]] {
    let runs = try #require(try action()["runs"] as? [String: Any])
    #expect(runs["using"] as? String == "composite")
    return try #require(runs["steps"] as? [[String: Any]])
  }

  static func step(named name: String) throws -> [String: Any] {
    try #require(try steps().first { $0["name"] as? String == name }, "no step named '\(name)'")
  }

  /// The `--options` of `archverify audit --help`.
  static func auditOptions() throws -> Set<String> {
    let help = try Archverify.run(["audit", "--help"], in: FileManager.default.temporaryDirectory).stdout
    let options = help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) }
    return Set(options)
  }

  @Test func actionDeclaresTheInputsItUses() throws {
    let action = try Self.action()
    let inputs = try #require(action["inputs"] as? [String: [String: Any]])
    #expect(
      Set(inputs.keys)
        == [
          "path", "fail-under", "config", "baseline", "new-since", "format", "sarif-file", "upload-sarif",
          "category",
        ])
    #expect(inputs["path"]?["default"] as? String == ".")
    #expect(inputs["format"]?["default"] as? String == "text")
    #expect(inputs["sarif-file"]?["default"] as? String == "archverify.sarif")
    #expect(inputs["upload-sarif"]?["default"] as? String == "true")
    for (name, input) in inputs {
      #expect(input["description"] is String, "input '\(name)' has no description")
    }
    let text = try String(contentsOf: Self.root.appendingPathComponent("action.yml"), encoding: .utf8)
    let used = Set(text.matches(of: /inputs\.([a-z-]+)/).map { String($0.output.1) })
    #expect(used == Set(inputs.keys), "inputs used and declared differ")
    let outputs = try #require(action["outputs"] as? [String: [String: Any]])
    #expect(outputs["exit-code"]?["value"] as? String == "${{ steps.audit.outputs.exit-code }}")
  }

  @Test func actionInstallsWithAptBuildsUploadsAlwaysThenGates() throws {
    let names = try Self.steps().compactMap { $0["name"] as? String }
    #expect(
      names == [
        "Install prerequisites (apt)", "Build archverify", "Audit", "Upload SARIF to code scanning", "Gate",
      ])
    let install = try #require(try Self.step(named: "Install prerequisites (apt)")["run"] as? String)
    #expect(install.contains("apt-get install"))
    #expect(install.contains("for package in libtree-sitter-dev pkg-config; do"))

    let build = try Self.step(named: "Build archverify")
    #expect(build["working-directory"] as? String == "${{ github.action_path }}")
    let buildScript = try #require(build["run"] as? String)
    let setup = try #require(buildScript.range(of: "make setup\n"))
    let compile = try #require(buildScript.range(of: "swift build -c release\n"))
    #expect(setup.upperBound <= compile.lowerBound)
    #expect(!buildScript.contains("curl") && !buildScript.contains("wget"))

    let audit = try Self.step(named: "Audit")
    #expect(audit["id"] as? String == "audit")
    let script = try #require(audit["run"] as? String)
    let options = try Self.auditOptions()
    let archverifyLines = script.split(separator: "\n").filter { !$0.contains("git ") }.joined(
      separator: "\n")
    for option in Set(archverifyLines.matches(of: /--[a-z][a-z-]*/).map { String($0.output) }) {
      #expect(options.contains(option), "the audit step passes \(option), which `archverify audit` lacks")
    }

    let upload = try Self.step(named: "Upload SARIF to code scanning")
    #expect((upload["uses"] as? String)?.hasPrefix("github/codeql-action/upload-sarif@") == true)
    #expect((upload["if"] as? String)?.hasPrefix("always() && ") == true)
    let with = try #require(upload["with"] as? [String: Any])
    #expect(with["sarif_file"] as? String == "${{ inputs.sarif-file }}")

    let gate = try Self.step(named: "Gate")
    #expect(gate["if"] as? String == "always() && steps.audit.outputs.exit-code == '1'")
    #expect((gate["run"] as? String)?.hasSuffix("exit 1\n") == true)
  }

  /// Runs the action's audit step as GitHub would (`bash -e -o pipefail`), with the built binary.
  static func runAuditStep(in repository: GitRepository, inputs: [String: String]) throws -> (
    result: RunResult, outputs: String, summary: String
  ) {
    let script = try #require(try step(named: "Audit")["run"] as? String)
    let scratch = try TemporaryProject(["script.sh": script, "output": "", "summary": ""])
    var environment = [
      "ARCHVERIFY": try Archverify.binary().path,
      "GITHUB_OUTPUT": scratch.url.appendingPathComponent("output").path,
      "GITHUB_STEP_SUMMARY": scratch.url.appendingPathComponent("summary").path,
      "RUNNER_TEMP": scratch.url.path,
    ]
    let defaults = [
      "path": ".", "fail-under": "", "config": "", "baseline": "", "new-since": "", "format": "text",
      "sarif-file": "archverify.sarif",
    ]
    for (name, value) in defaults.merging(inputs, uniquingKeysWith: { _, given in given }) {
      let variable =
        name == "path" ? "AUDIT_PATH" : name.uppercased().replacingOccurrences(of: "-", with: "_")
      environment[variable] = value
    }
    let result = try Archverify.runTool(
      "/bin/bash",
      [
        "--noprofile", "--norc", "-e", "-o", "pipefail", scratch.url.appendingPathComponent("script.sh").path,
      ],
      in: repository.url, environment: environment)
    return (result, try scratch.read("output"), try scratch.read("summary"))
  }

  @Test func auditStepWritesSARIFWithRepositoryPathsAndReportsTheGate() throws {
    var files: [String: String] = [:]
    for (path, text) in Projects.createAll { files["services/api/" + path] = text }
    let repository = try GitRepository(files)
    let step = try #require(try Self.step(named: "Audit")["env"] as? [String: String])
    #expect(
      Set(step.keys) == [
        "AUDIT_PATH", "FAIL_UNDER", "CONFIG", "BASELINE", "NEW_SINCE", "FORMAT", "SARIF_FILE",
      ])

    let passed = try Self.runAuditStep(
      in: repository, inputs: ["path": "services/api", "format": "markdown", "sarif-file": "out.sarif"])
    #expect(passed.result.status == 0, "\(passed.result.stderr)")
    #expect(passed.outputs == "exit-code=0\n")
    #expect(passed.result.stdout.contains("migrations/create-all"))
    #expect(passed.summary == passed.result.stdout)
    let log = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: repository.url.appendingPathComponent("out.sarif")))
        as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    let uris = results.compactMap { result -> String? in
      let locations = result["locations"] as? [[String: Any]]
      let physical = locations?.first?["physicalLocation"] as? [String: Any]
      return (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
    }
    #expect(uris == ["services/api/app/__init__.py", "services/api/scripts/seed.py"])
    let base = (run["originalUriBaseIds"] as? [String: [String: Any]])?["SRCROOT"]?["uri"] as? String
    #expect(
      base?.hasSuffix("/\(repository.url.lastPathComponent)/") == true, "SRCROOT is \(base ?? "missing")")

    // Below the threshold: the step succeeds (the upload comes next) and reports exit code 1.
    let failed = try Self.runAuditStep(
      in: repository, inputs: ["path": "services/api", "fail-under": "95", "format": "none"])
    #expect(failed.result.status == 0)
    #expect(failed.outputs == "exit-code=1\n")
    #expect(failed.result.stdout == "")
    #expect(repository.project.exists("archverify.sarif"))

    // An input error fails the step at once, with archverify's message.
    let broken = try Self.runAuditStep(in: repository, inputs: ["path": "services/api", "new-since": "nope"])
    #expect(broken.result.status == 2)
    #expect(broken.outputs == "exit-code=2\n")
    #expect(broken.result.stderr == "services/api: error: --new-since: unknown revision 'nope'\n")
  }

  @Test func preCommitHookAuditsTheRepositoryAndGates() throws {
    let hooks = try #require(try Self.load(".pre-commit-hooks.yaml") as? [[String: Any]])
    #expect(hooks.count == 1)
    let hook = try #require(hooks.first)
    #expect(hook["id"] as? String == "archverify")
    #expect(hook["language"] as? String == "system")
    #expect(hook["pass_filenames"] as? Bool == false)
    let entry = try #require(hook["entry"] as? String).split(separator: " ").map(String.init)
    #expect(entry.prefix(2) == ["archverify", "audit"])
    let options = try Self.auditOptions()
    for option in entry.dropFirst(2) { #expect(options.contains(option)) }
    let files = try Regex(try #require(hook["files"] as? String))
    for path in ["app/models.py", "web/src/api.tsx", "archverify.yml", "docs/openapi.yaml", ".gitignore"] {
      #expect(path.firstMatch(of: files) != nil, "\(path) should trigger the hook")
    }
    for path in ["README.md", "web/logo.png"] {
      #expect(path.firstMatch(of: files) == nil, "\(path) should not trigger the hook")
    }
    // The entry as pre-commit runs it: at the repository root, with `args` appended.
    let project = try TemporaryProject(Projects.createAll)
    let command = [try Archverify.binary().path] + entry.dropFirst()
    let passed = try Archverify.runTool(command[0], Array(command.dropFirst()), in: project.url)
    #expect(passed.status == 0)
    #expect(passed.stderr == "")
    let failed = try Archverify.runTool(
      command[0], Array(command.dropFirst()) + ["--fail-under", "95"], in: project.url)
    #expect(failed.status == 1)
  }
}
