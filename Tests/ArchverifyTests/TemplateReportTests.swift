import ArchCore
import Foundation
import Reports
import Scoring
import Testing

/// The folders of the package, found from this file.
enum PackageFolders {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let templates = root.appendingPathComponent("Reports/templates")
  static let samples = root.appendingPathComponent("Reports/samples")
}

/// Hand-made audits: findings placed by line and column in files given as text.
enum HandMadeAudit {
  struct Spec {
    var rule = "auth/example-rule"
    var level = Level.error
    var category = Category.auth
    var path = "app/a.py"
    var line = 1
    var column = 1
    var message = "a finding"
    var suppression: Suppression? = nil
  }

  static func report(files: [String: String], _ specs: [Spec]) throws -> AuditReport {
    var indexes: [String: LineIndex] = [:]
    for (path, text) in files { indexes[path] = LineIndex(bytes: Array(text.utf8)) }
    let findings = try specs.map { spec in
      let index = try #require(indexes[spec.path], "no file \(spec.path)")
      let lineText = index.lineText(spec.line)
      let before = String(String.UnicodeScalarView(lineText.unicodeScalars.prefix(spec.column - 1)))
      let offset = index.lineStarts[spec.line - 1] + before.utf8.count
      return Finding(
        ruleId: spec.rule, level: spec.level, category: spec.category, message: spec.message,
        location: index.location(path: spec.path, offset: offset),
        snippet: lineText.trimmingCharacters(in: .whitespaces), suppression: spec.suppression)
    }.sorted()
    let score = Scoring.evaluate(findings, threshold: 80, categories: Category.allCases)
    return AuditReport(
      root: "/srv/project", findings: findings, score: score, rules: [], analyzedFiles: files.count,
      linesOfCode: files.values.map { $0.split(separator: "\n").count }.reduce(0, +),
      filesWithParseErrors: [],
      skippedFiles: [], lineIndexes: indexes)
  }
}

/// The Markdown and HTML reports, rendered from the templates embedded in the binary.
@Suite struct TemplateReportTests {
  @Test func everyTemplateFileIsEmbedded() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: PackageFolders.templates.path)
      .filter { path in
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(
          atPath: PackageFolders.templates.appendingPathComponent(path).path, isDirectory: &isDirectory)
        return exists && !isDirectory.boolValue
      }
      .map { "templates/" + $0 }.sorted()
    let embedded = ReportTemplateLibrary.embeddedFiles
    #expect(
      embedded.map(\.path) == files,
      """
      Every file of Reports/templates must be embedded: list it as an `.embedInCode` resource of the \
      ReportTemplates target in Package.swift and in Reports/ReportTemplates.swift
      """)
    for file in embedded where files.contains(file.path) {
      let onDisk = try String(
        contentsOf: PackageFolders.root.appendingPathComponent("Reports/\(file.path)"), encoding: .utf8)
      #expect(file.text == onDisk, "Reports/\(file.path) differs from its embedded copy")
    }
  }

  @Test func aCopiedBinaryRendersWithoutTheSourceTree() throws {
    let project = try TemporaryProject(Projects.createAll)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archverify-copy-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("archverify")
    try FileManager.default.copyItem(at: try Archverify.binary(), to: copy)
    let css = try #require(ReportTemplateLibrary.embeddedFiles.first { $0.path == "templates/report.css" })
    let html = try Archverify.run(["audit", "--format", "html"], in: project.url, executable: copy)
    #expect(html.status == 0)
    #expect(html.stderr == "")
    #expect(html.stdout.hasPrefix("<!DOCTYPE html>\n"))
    #expect(html.stdout.contains(css.text))
    let markdown = try Archverify.run(["audit", "--format", "markdown"], in: project.url, executable: copy)
    #expect(markdown.status == 0)
    #expect(markdown.stdout.hasPrefix("## ✅ archverify: 88/100, passed (threshold 80)\n"))
  }

  @Test func markdownEscapesTextAndLinksToLines() throws {
    let report = try HandMadeAudit.report(
      files: ["app/my file_(1).py": "x = 1\n"],
      [.init(path: "app/my file_(1).py", message: "a | b <c> & `x_y` for @team: *not* [a link]\nend")])
    let markdown = try MarkdownReport.render(report)
    let row =
      "| error | [app/my file\\_(1).py:1:1](app/my%20file_%281%29.py#L1) | <code>auth/example-rule</code> | "
      + "a \\| b &lt;c&gt; &amp; <code>x\\_y</code> for \\@team: \\*not\\* \\[a link\\] end |\n"
    #expect(markdown.contains(row))
    #expect(
      markdown.contains("<details><summary><code>auth/example-rule</code> · error · 1 finding</summary>\n"))
    #expect(markdown.contains("\n- [app/my file\\_(1).py:1:1](app/my%20file_%281%29.py#L1) a \\| b"))
  }

  @Test func markdownListsTheTopFindingsMostSeriousFirst() throws {
    let lines = (1...30).map { "line_\($0) = \($0)" }.joined(separator: "\n") + "\n"
    let specs = (1...30).map { number in
      HandMadeAudit.Spec(
        rule: number % 3 == 0 ? "auth/example-rule" : "config/example-note",
        level: number % 3 == 0 ? .error : .note, line: number, message: "finding \(number)")
    }
    let markdown = try MarkdownReport.render(try HandMadeAudit.report(files: ["app/a.py": lines], specs))
    let rows = markdown.split(separator: "\n").filter {
      $0.hasPrefix("| error |") || $0.hasPrefix("| note |")
    }
    #expect(rows.count == 20)
    #expect(rows.prefix(10).allSatisfy { $0.hasPrefix("| error |") })
    #expect(rows[10].contains("app/a.py:1:1"))
    #expect(markdown.contains("\n…and 10 more, listed by rule below.\n"))
    #expect(!markdown.contains("not listed"))
  }

  @Test func markdownStaysUnderGitHubsCommentLimit() throws {
    let lines = (1...1_500).map { "value_\($0) = compute(\($0))" }.joined(separator: "\n") + "\n"
    var specs: [HandMadeAudit.Spec] = []
    for rule in ["auth/first-rule", "config/second-rule", "tenancy/third-rule"] {
      for line in 1...1_500 {
        specs.append(
          .init(
            rule: rule, path: "app/module.py", line: line, message: "\(rule) found something on line \(line)")
        )
      }
    }
    let report = try HandMadeAudit.report(files: ["app/module.py": lines], specs)
    let markdown = try MarkdownReport.render(report)
    #expect(markdown.utf8.count <= MarkdownReport.budget)
    #expect(MarkdownReport.budget < MarkdownReport.commentLimit)
    let listed = markdown.split(separator: "\n").filter { $0.hasPrefix("- [app/module.py:") }.count
    #expect(listed > 300)
    let unlisted = 4_500 - listed
    #expect(markdown.contains("**\(unlisted) findings are not listed, to keep this comment under GitHub's"))
    #expect(markdown.contains("…and 4480 more, listed by rule below."))
    #expect(markdown.components(separatedBy: "</details>").count == 4)
    #expect(try MarkdownReport.render(report) == markdown)
  }

  @Test func markdownIsCutWhenEvenTheRuleHeadingsDoNotFit() throws {
    let message = String(repeating: "a long message ", count: 40)
    let specs = (1...400).map { number in
      HandMadeAudit.Spec(rule: "custom/rule-\(number)", level: .warning, message: message)
    }
    let markdown = try MarkdownReport.render(try HandMadeAudit.report(files: ["app/a.py": "x = 1\n"], specs))
    #expect(markdown.utf8.count <= MarkdownReport.budget)
    #expect(markdown.hasSuffix("see the JSON or SARIF report for all findings.**\n"))
  }

  @Test func aCleanProjectSaysSo() throws {
    let report = try HandMadeAudit.report(files: ["app/a.py": "x = 1\n"], [])
    let markdown = try MarkdownReport.render(report)
    #expect(markdown.hasPrefix("## ✅ archverify: 100/100, passed (threshold 80)\n"))
    #expect(markdown.hasSuffix("| tenancy | 100 | 0 | 0 | 0 | 0 |\n\nNo findings.\n"))
    let html = try HTMLReport.render(report)
    #expect(html.contains("<p class=\"empty\">No findings.</p>"))
    #expect(!html.contains("id=\"filters\""))
  }

  @Test func htmlEscapesEverything() throws {
    let report = try HandMadeAudit.report(
      files: ["app/<a>.py": "x = \"<b>\"  # </script>\n"],
      [.init(path: "app/<a>.py", message: "<script>alert('x')</script> & \"q\"")])
    let html = try HTMLReport.render(report)
    #expect(html.components(separatedBy: "<script").count == 2, "only the report's own script")
    #expect(!html.contains("<b>"))
    #expect(html.contains("data-path=\"app/&lt;a&gt;.py\""))
    #expect(html.contains("<code class=\"location\">app/&lt;a&gt;.py:1:1</code>"))
    #expect(
      html.contains(
        "<p class=\"message\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>"))
    #expect(html.contains("</span>x = &quot;&lt;b&gt;&quot;  # &lt;/script&gt;</span>"))
  }

  @Test func htmlShowsTheSourceAroundEachFindingWithACaret() throws {
    let text = "import os\n\n\ndef f():\n\tvalue = 'é'; call()\n    return value\n\n"
    let report = try HandMadeAudit.report(
      files: ["app/a.py": text], [.init(line: 5, column: 15, message: "`call()` is not allowed")])
    let html = try HTMLReport.render(report)
    let source = """
      <pre class="source" tabindex="0" aria-label="app/a.py around line 5"><code>\
      <span class="line"><span class="ln">4</span>def f():</span>
      <span class="line hit"><span class="ln">5</span>\tvalue = &#39;é&#39;; call()</span>
      <span class="line caret" aria-hidden="true"><span class="ln"> </span>\t             ^</span>
      <span class="line"><span class="ln">6</span>    return value</span>
      </code></pre>
      """
    #expect(html.contains(source))
    #expect(html.contains("<p class=\"message\"><code>call()</code> is not allowed</p>"))
  }

  @Test func htmlIsSelfContained() throws {
    let project = try TemporaryProject(Projects.createAll)
    let result = try project.run("audit", "--format", "html")
    #expect(result.status == 0)
    let html = result.stdout
    for file in ReportTemplateLibrary.embeddedFiles where !file.path.hasSuffix(".mustache") {
      #expect(html.contains("\n" + file.text), "Reports/\(file.path) is inlined as it is")
    }
    for external in ["://", "<link", " src=", "@import", "url("] {
      #expect(!html.contains(external), "the page loads nothing: found \(external)")
    }
    #expect(try project.run("audit", "--format", "html") == result)
  }
}

/// The HTML report in a real browser: Debian's `chromium`, headless.
@Suite struct HTMLBrowserTests {
  /// Where the screenshot of the example project's report is kept (git-ignored).
  static let screenshot = PackageFolders.root.appendingPathComponent(".build/artifacts/html-report.png")

  /// `CHROMIUM` when set, else `chromium` or `chromium-browser` on the PATH.
  static let chromium: URL? = {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["CHROMIUM"] { return URL(fileURLWithPath: path) }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in ["chromium", "chromium-browser"] {
      for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
        return URL(fileURLWithPath: "\(folder)/\(name)")
      }
    }
    return nil
  }()

  /// What the JSON report says of a finding, to compare with what the page shows.
  struct Item: Decodable, Hashable {
    let ruleId: String
    let level: String
    let path: String
    let suppressed: Bool
  }

  struct JSONFindings: Decodable {
    let findings: [Item]
  }

  /// One `<li class="finding">` of the page, as the browser left it.
  struct Shown: Hashable {
    let rule: String
    let level: String
    let path: String
    let hidden: Bool
  }

  @Test(
    .enabled(
      if: chromium != nil,
      "chromium is not installed (apt-get install chromium); .ci/run installs it, so CI runs this test"))
  func findingsRenderAndFiltersWorkInChromium() throws {
    let chromium = try #require(Self.chromium)
    let root = PackageFolders.root
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archverify-html-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let page = folder.appendingPathComponent("report.html")
    let audit = try Archverify.run(
      ["audit", "examples/taskboard", "--format", "html", "--output", page.path], in: root)
    #expect(audit.status <= 1, "audit failed: \(audit.stderr)")
    let json = try Archverify.run(["audit", "examples/taskboard", "--format", "json"], in: root)
    let reported = try JSONDecoder().decode(JSONFindings.self, from: Data(json.stdout.utf8)).findings
      .filter { !$0.suppressed }
    let firstError = try #require(reported.first { $0.level == "error" }, "the example has errors")
    let directory = firstError.path.split(separator: "/").dropLast().joined(separator: "/") + "/"

    try FileManager.default.createDirectory(
      at: Self.screenshot.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: Self.screenshot)
    let address = page.absoluteString
    let filtered = "#level=error&rule=\(firstError.ruleId)&path=\(directory.uppercased())"
    // Four browsers at once, each with its own profile, to keep the test to a few seconds.
    let runs = try [
      Chromium.start(chromium, ["--dump-dom", address], folder: folder, name: "all"),
      Chromium.start(chromium, ["--dump-dom", address + filtered], folder: folder, name: "filtered"),
      Chromium.start(
        chromium, ["--dump-dom", address + "#level=warning&group=file"], folder: folder, name: "file"),
      Chromium.start(
        chromium, ["--screenshot=\(Self.screenshot.path)", "--window-size=1280,2000", address],
        folder: folder,
        name: "screenshot"),
    ]
    let doms = try runs.map { try $0.finish() }

    // Unfiltered: every reported finding in both views, none hidden.
    let all = try Self.page(doms[0])
    #expect(all.byRule.map(\.key).sorted(by: Self.order) == reported.map(Self.key).sorted(by: Self.order))
    #expect(all.byFile.map(\.key).sorted(by: Self.order) == reported.map(Self.key).sorted(by: Self.order))
    #expect(all.byRule.allSatisfy { !$0.hidden } && all.byFile.allSatisfy { !$0.hidden })
    #expect(all.shownCount == reported.count)
    #expect(!all.ruleViewHidden && all.fileViewHidden)

    // Level, rule and path (matched without regard to case) from the address.
    let expected = reported.filter {
      $0.level == "error" && $0.ruleId == firstError.ruleId
        && $0.path.lowercased().contains(directory.lowercased())
    }
    let narrowed = try Self.page(doms[1])
    #expect(narrowed.byRule.filter { !$0.hidden }.map(\.key) == expected.map(Self.key))
    #expect(narrowed.shownCount == expected.count)
    #expect(narrowed.byRule.filter(\.hidden).count == reported.count - expected.count)

    // Grouped by file, warnings only.
    let warnings = reported.filter { $0.level == "warning" }
    let byFile = try Self.page(doms[2])
    #expect(byFile.ruleViewHidden && !byFile.fileViewHidden)
    #expect(byFile.byFile.filter { !$0.hidden }.map(\.key).sorted(by: Self.order) == warnings.map(Self.key))
    #expect(byFile.shownCount == warnings.count)
    #expect(byFile.noMatchHidden == !warnings.isEmpty)

    let png = try Data(contentsOf: Self.screenshot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
    print("HTML report screenshot: \(Self.screenshot.path)")
  }

  static func key(_ item: Item) -> String { "\(item.level) \(item.ruleId) \(item.path)" }

  static func order(_ left: String, _ right: String) -> Bool { left < right }

  /// What the tests read of a page the browser dumped.
  struct Page {
    let byRule: [Shown]
    let byFile: [Shown]
    let shownCount: Int?
    let ruleViewHidden: Bool
    let fileViewHidden: Bool
    let noMatchHidden: Bool
  }

  static func page(_ dom: String) throws -> Page {
    let ruleStart = try #require(dom.range(of: "<div class=\"view\" id=\"by-rule\""), "no by-rule view")
    let fileStart = try #require(dom.range(of: "<div class=\"view\" id=\"by-file\""), "no by-file view")
    let noMatch = try #require(dom.range(of: "<p id=\"no-match\""), "no no-match paragraph")
    func tag(at start: String.Index) -> Substring {
      let end = dom[start...].firstIndex(of: ">") ?? dom.endIndex
      return dom[start..<end]
    }
    func findings(_ text: Substring) -> [Shown] {
      text.matches(of: /<li class="finding"[^>]*>/).map { match in
        let tag = String(match.output)
        func attribute(_ name: String) -> String {
          guard let range = tag.range(of: "\(name)=\"") else { return "" }
          return String(tag[range.upperBound...].prefix { $0 != "\"" })
        }
        return Shown(
          rule: attribute("data-rule"), level: attribute("data-level"),
          path: attribute("data-path").replacingOccurrences(of: "&amp;", with: "&"),
          hidden: tag.contains(" hidden"))
      }
    }
    let shown = dom.firstMatch(of: /<span id="shown-count">(\d+)<\/span>/).flatMap { Int($0.output.1) }
    return Page(
      byRule: findings(dom[ruleStart.lowerBound..<fileStart.lowerBound]),
      byFile: findings(dom[fileStart.lowerBound..<noMatch.lowerBound]), shownCount: shown,
      ruleViewHidden: tag(at: ruleStart.lowerBound).contains(" hidden"),
      fileViewHidden: tag(at: fileStart.lowerBound).contains(" hidden"),
      noMatchHidden: tag(at: noMatch.lowerBound).contains(" hidden"))
  }
}

extension HTMLBrowserTests.Shown {
  var key: String { "\(level) \(rule) \(path)" }
}

/// A headless Chromium run, its output kept in files (a page can be larger than a pipe holds).
struct Chromium {
  let process: Process
  let output: URL
  let errors: URL

  static func start(_ executable: URL, _ arguments: [String], folder: URL, name: String) throws -> Chromium {
    let output = folder.appendingPathComponent("\(name).out")
    let errors = folder.appendingPathComponent("\(name).err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments =
      [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(folder.path)/profile-\(name)",
      ] + arguments
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return Chromium(process: process, output: output, errors: errors)
  }

  /// Waits (at most a minute) and returns what the browser printed.
  func finish() throws -> String {
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      Issue.record("chromium did not finish within a minute")
    }
    let errorText = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 0, "chromium failed: \(errorText)")
    return try String(contentsOf: output, encoding: .utf8)
  }
}

/// The sample reports of `examples/taskboard` in `Reports/samples`, kept current by `make reports`.
@Suite struct SampleReportTests {
  static let formats = [
    ("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("markdown", "md"), ("html", "html"),
  ]

  /// What `make reports` does to a report: the time line goes, the checkout's folder gets a fixed name.
  static func normalized(_ report: String) -> String {
    report.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("Time  ") }
      .joined(separator: "\n")
      .replacingOccurrences(of: PackageFolders.root.path + "/", with: "/path/to/archverify/")
  }

  @Test func samplesAreUpToDate() throws {
    var stale: [String] = []
    for (format, ext) in Self.formats {
      let result = try Archverify.run(
        ["audit", "examples/taskboard", "--format", format], in: PackageFolders.root)
      #expect(result.status <= 1, "audit --format \(format) failed: \(result.stderr)")
      let expected = Self.normalized(result.stdout)
      let file = PackageFolders.samples.appendingPathComponent("taskboard.\(ext)")
      guard let committed = try? String(contentsOf: file, encoding: .utf8) else {
        stale.append("Reports/samples/taskboard.\(ext) is missing")
        continue
      }
      if committed != expected {
        stale.append(
          "Reports/samples/taskboard.\(ext) is stale: "
            + Snapshot.difference(expected: committed, actual: expected))
      }
      #expect(!expected.contains("\u{1B}["), "no colour codes in the \(format) sample")
      #expect(!expected.contains(PackageFolders.root.path), "no absolute path in the \(format) sample")
    }
    #expect(
      stale.isEmpty,
      Comment(
        rawValue: "Sample reports are out of date; run `make reports`.\n" + stale.joined(separator: "\n")))
  }
}
