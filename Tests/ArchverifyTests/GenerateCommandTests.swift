import Foundation
import GeneratorHarness
import Testing

/// `archverify generate` end to end: the example blueprints through the built binary.
@Suite struct GenerateCommandTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/blueprints")

  /// A project folder holding `acme.yaml` (the acme-orders example) and an empty `out/`.
  func workspace() throws -> TemporaryProject {
    let blueprint = try String(
      contentsOf: Self.examples.appendingPathComponent("acme-orders.yaml"), encoding: .utf8)
    return try TemporaryProject(["acme.yaml": blueprint, "out/.keep": ""])
  }

  /// What `FlaskProjectRenderer` renders for the acme-orders example, in path order.
  func rendered() throws -> [GeneratedFile] {
    let blueprint = try Blueprint.load(path: Self.examples.appendingPathComponent("acme-orders.yaml").path)
    return try FlaskProjectRenderer(blueprint: blueprint).render()
  }

  /// Every file under `folder`, relative and sorted.
  func files(under folder: URL) -> [String] {
    var paths: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let path = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder.path + "/" + path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        paths.append(path)
      }
    }
    return paths.sorted()
  }

  func entries(_ project: TemporaryProject) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: project.url.appendingPathComponent("out").path)
      .sorted()
  }

  @Test func theExampleIsDeliveredByteForByteWithTheReportsBeside() throws {
    let project = try workspace()
    let result = try project.run("generate", "acme.yaml", "--out", "out/acme")
    let expected = try rendered()
    #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
    let verdict = try #require(
      result.stderr.wholeMatch(
        of:
          /archverify generate: delivered out\/acme \(score (\d+)\/100, (\d+) files in \d+\.\d\d s\); reports: out\/acme\.archverify\.json, out\/acme\.archverify\.sarif\n/
      ), "\(result.stderr)")
    #expect(Int(verdict.output.2) == expected.count)
    #expect(result.stdout.hasSuffix("Score \(verdict.output.1)/100, threshold 80: PASSED\n"))
    #expect(try entries(project) == [".keep", "acme", "acme.archverify.json", "acme.archverify.sarif"])
    let folder = project.url.appendingPathComponent("out/acme")
    #expect(files(under: folder) == expected.map(\.path))
    for file in expected {
      let bytes = FileManager.default.contents(atPath: folder.path + "/" + file.path)
      #expect(bytes == Data(file.contents.utf8), "\(file.path) differs from FlaskProjectRenderer.render()")
    }
    let json = try JSONSerialization.jsonObject(with: Data(project.read("out/acme.archverify.json").utf8))
    #expect((json as? [String: Any])?["passed"] as? Bool == true)
    #expect(try project.read("out/acme.archverify.sarif").contains("\"version\" : \"2.1.0\""))
  }

  @Test func aZipIsDeliveredInsteadOfAFolder() throws {
    let project = try workspace()
    let result = try project.run("generate", "acme.yaml", "--zip", "out/acme.zip")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("archverify generate: delivered out/acme.zip (score "))
    #expect(
      try entries(project) == [".keep", "acme.zip", "acme.zip.archverify.json", "acme.zip.archverify.sarif"])
    let names = try ZipEntries.names(project.url.appendingPathComponent("out/acme.zip").path)
    let expected = try rendered().map(\.path)
    #expect(names.filter { !$0.hasSuffix("/") } == expected)
    #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }

  @Test func aMalformedBlueprintWritesNothing() throws {
    let project = try workspace()
    try project.write(
      "bad.yaml",
      "name: Shop\nstack: flask\nentities:\n  - name: Order\n    fields:\n"
        + "      - {name: total, type: money}\n")
    let result = try project.run("generate", "bad.yaml", "--out", "out/shop")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        bad.yaml:6:29: error: unknown field type 'money' (expected one of: string, text, integer, \
        decimal, boolean, date, datetime, email, enum, json, ref)
              - {name: total, type: money}
                                    ^

        """)
    #expect(try entries(project) == [".keep"])

    try project.write(
      "api.yaml",
      "name: Shop\nstack: fastapi\nentities:\n  - name: Order\n    fields:\n"
        + "      - {name: total, type: decimal}\n")
    let fastapi = try project.run("generate", "api.yaml", "--out", "out/shop")
    #expect(fastapi.status == 2)
    #expect(
      fastapi.stderr
        == "api.yaml: error: stack 'fastapi' cannot be generated yet; generate renders stack 'flask'\n")

    let missing = try project.run("generate", "missing.yaml", "--out", "out/shop")
    #expect(missing.status == 2)
    #expect(missing.stderr == "missing.yaml: error: cannot read blueprint file\n")
    #expect(try entries(project) == [".keep"])
  }

  @Test func aNonEmptyOutIsRefused() throws {
    let project = try workspace()
    try project.write("out/acme/old.py", "x = 1\n")
    let result = try project.run("generate", "acme.yaml", "--out", "out/acme")
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "out/acme: error: the folder is not empty; --out must not exist or be an empty folder\n")
    #expect(try entries(project) == [".keep", "acme"])
    #expect(files(under: project.url.appendingPathComponent("out/acme")) == ["old.py"])
  }

  /// An extra rule pack that flags every `create_app` definition: whatever the generated application
  /// scores, this finding keeps it below 100.
  static let createAppPack = """
    id: config/create-app-defined
    name: CreateAppDefined
    message: "An application factory is defined here"
    level: error
    category: config
    languages: [python]
    rationale: |
      ## What it finds
      A function named `create_app`.

      ## Why it matters
      The tests need a finding in every generated application.

      ## Example
      ```python
      def create_app(): ...
      ```

      ## Instead
      Nothing; it is a test rule.

      ## Known limits
      None.
    examples:
      - kind: bad
        path: app/__init__.py
        code: |
          ↓def create_app():
              return None
      - kind: good
        path: app/__init__.py
        code: |
          def make_app():
              return None
    query: |
      (function_definition name: (identifier) @name (#eq? @name "create_app")) @finding

    """

  @Test func belowTheThresholdNothingIsDelivered() throws {
    let project = try workspace()
    try project.write("packs/config/create-app-defined.yaml", Self.createAppPack)
    let result = try project.run(
      "generate", "acme.yaml", "--out", "out/acme", "--fail-under", "100", "--rules", "packs")
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("acme_orders/__init__.py:"))
    #expect(result.stdout.contains("[config/create-app-defined]"))
    #expect(result.stdout.hasSuffix(", threshold 100: FAILED\n"))
    #expect(
      result.stderr.wholeMatch(
        of: /archverify generate: score \d+\/100 is below the threshold 100; nothing delivered\n/) != nil,
      "\(result.stderr)")
    #expect(try entries(project) == [".keep"])
  }

  @Test func outAndZipAreAlternatives() throws {
    let project = try workspace()
    let result = try project.run("generate", "acme.yaml", "--out", "out/a", "--zip", "out/a.zip")
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "archverify generate: error: --out and --zip are alternatives; give one "
        + "(see 'archverify generate --help')\n")
    let neither = try project.run("generate", "acme.yaml")
    #expect(neither.status == 2)
    #expect(
      neither.stderr
        == "archverify generate: error: give --out DIR or --zip FILE (see 'archverify generate --help')\n")
    #expect(try entries(project) == [".keep"])
  }
}
