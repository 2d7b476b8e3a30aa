import ArchCore
import Dispatch
import Foundation
import PyAnalysis
import Rules
import Scoring
import Synchronization
import TSAnalysis
import TreeSitter

/// What to audit and how.
public struct AuditOptions: Sendable {
  public var root: String
  public var jobs: Int
  public var configuration: Configuration
  public var threshold: Int
  /// Findings recorded in a baseline, counted per key; matching findings do not count.
  public var baseline: BaselineMatcher
  /// With `--new-since`: only findings on these lines are reported and scored.
  public var newCode: ChangedLines?
  /// Updated as the audit goes, for a progress line; nil when nobody watches.
  public var progress: AuditProgress?
  /// The tree was written by a generator under gate: its own `.gitignore` files and inline
  /// suppression comments could hide findings from the gate, so neither applies.
  public var isUntrustedOutput = false

  public init(
    root: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
    configuration: Configuration = Configuration(), threshold: Int = Scoring.defaultThreshold,
    baseline: BaselineMatcher = BaselineMatcher(), newCode: ChangedLines? = nil,
    progress: AuditProgress? = nil
  ) {
    self.root = root
    self.jobs = max(1, jobs)
    self.configuration = configuration
    self.threshold = threshold
    self.baseline = baseline
    self.newCode = newCode
    self.progress = progress
  }
}

/// Seconds spent in each phase. Phases that run on every core (read+parse, extract, queries)
/// add up the time of all workers; `wall` is the elapsed time of the whole audit.
public struct PhaseTimes: Sendable, Equatable {
  public var discover = 0.0
  public var readParse = 0.0
  public var extract = 0.0
  public var rules = 0.0
  public var report = 0.0
  /// Elapsed time of the parallel file phase (read, parse, extract, queries).
  public var filesWall = 0.0
  public var wall = 0.0
}

/// The outcome of an audit: findings in report order, the score, and what was read.
public struct AuditResult: Sendable {
  public let root: String
  public let findings: [Finding]
  public let score: ScoreReport
  public let rules: RuleSet
  /// Source files analysed (not counting skipped ones and documents).
  public let analyzedFiles: Int
  public let linesOfCode: Int
  /// Files tree-sitter parsed with syntax errors (analysed anyway).
  public let filesWithParseErrors: [String]
  public let skippedFiles: [String]
  public var times: PhaseTimes
  /// Line indexes of the files that have findings, for the report writers.
  public let lineIndexes: [String: LineIndex]
}

/// Runs the whole audit: discover, parse once per file in parallel, extract facts, run rules,
/// apply suppressions and the baseline, keep new code only (`--new-since`), score.
public struct Auditor: Sendable {
  public static let maxFileSize = 2 * 1024 * 1024

  public let rules: RuleSet
  public let options: AuditOptions

  public init(rules: RuleSet, options: AuditOptions) {
    self.rules = rules
    self.options = options
  }

  /// The result of reading and parsing one file in a worker.
  enum FileOutcome: Sendable {
    case analyzed(AnalyzedFile, [SuppressionComment], lines: Int)
    case skipped(path: String, reason: String, size: Int)
    case document(path: String)
  }

  struct WorkerTimes: Sendable {
    var readParse = 0.0
    var extract = 0.0
  }

  /// The files to analyse and the OpenAPI documents, once the folder is known to exist. The
  /// documents are few: they are read before the sources so that a broken one stops the run at
  /// once (exit 2), and count as discovery.
  func inputs() throws -> (candidates: [Discovery.Candidate], openAPI: OpenAPISources) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: options.root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw InputError(path: options.root, message: "no such folder to audit")
    }
    let config = options.configuration
    let candidates = Discovery(
      root: options.root, include: config.include, exclude: config.exclude,
      readsGitIgnore: !options.isUntrustedOutput
    ).files()
    let openAPI = try OpenAPISources.load(
      configured: config.settings.openAPIPath, candidates: candidates, root: options.root)
    return (candidates, openAPI)
  }

  public func run() throws -> AuditResult {
    let clock = ContinuousClock()
    let started = clock.now
    var times = PhaseTimes()

    let config = options.configuration
    let (candidates, openAPI) = try inputs()
    times.discover = (clock.now - started).seconds

    options.progress?.startParsing(total: candidates.count)
    let filesStarted = clock.now
    let (outcomes, workerTimes) = analyze(candidates)
    times.filesWall = (clock.now - filesStarted).seconds
    times.readParse = workerTimes.readParse
    times.extract = workerTimes.extract

    options.progress?.enter(.checking)
    let rulesStarted = clock.now
    var analyzed: [AnalyzedFile] = []
    var suppressions: [String: [SuppressionComment]] = [:]
    var skipped: [(path: String, reason: String)] = []
    var lines = 0
    for outcome in outcomes {
      switch outcome {
      case .analyzed(let file, let comments, let count):
        analyzed.append(file)
        lines += count
        if !comments.isEmpty { suppressions[file.path] = comments }
      case .skipped(let path, let reason, _):
        skipped.append((path, reason))
      case .document:
        break
      }
    }
    let project = ProjectFacts(
      files: analyzed, settings: config.settings, openAPIDocuments: openAPI.documents)
    var hits: [RuleHit] = []
    for file in analyzed where !file.source.isTestCode { hits += file.queryHits }
    // Semantic rules are independent of each other: run them on the workers too.
    let semantic = rules.semanticRules
    let perRule = Mutex([[RuleHit]](repeating: [], count: semantic.count))
    DispatchQueue.concurrentPerform(iterations: min(options.jobs, max(1, semantic.count))) { worker in
      for index in stride(from: worker, to: semantic.count, by: options.jobs) {
        let found = semantic[index].check(project)
        perRule.withLock { $0[index] = found }
      }
    }
    hits += perRule.withLock { $0 }.joined()

    var filesByPath = Dictionary(uniqueKeysWithValues: analyzed.map { ($0.path, $0.source) })
    for file in openAPI.files { filesByPath[file.path] = file }
    suppressions.merge(openAPI.suppressions) { source, _ in source }
    var findings: [Finding] = []
    for hit in Set(hits) {
      guard let description = rules.description(hit.ruleId), let file = filesByPath[hit.path] else {
        continue
      }
      let setting = config.rules[hit.ruleId]
      if setting == .off { continue }
      let location = file.lineIndex.location(path: hit.path, offset: hit.offset)
      findings.append(
        Finding(
          ruleId: hit.ruleId, level: setting?.level ?? description.level, category: description.category,
          message: hit.message ?? description.message, location: location,
          snippet: file.lineIndex.lineText(location.line).trimmingCharacters(in: .whitespaces)))
    }
    if !options.isUntrustedOutput {
      findings = applySuppressions(findings, suppressions, files: filesByPath)
    }
    for item in skipped {
      findings.append(
        Finding(
          ruleId: ToolRules.skippedFile, level: .note, category: .archverify,
          message: "file was not analysed: \(item.reason)",
          location: Location(path: item.path, offset: 0, line: 1, column: 1), snippet: ""))
    }
    // The baseline counts occurrences in report order, so sort first.
    findings.sort()
    findings = options.baseline.apply(to: findings)
    if let newCode = options.newCode { findings = findings.filter(newCode.covers) }
    times.rules = (clock.now - rulesStarted).seconds

    let score = Scoring.evaluate(
      findings, threshold: options.threshold,
      categories: Array(Set(rules.descriptions.map(\.category))).sorted())
    var indexes: [String: LineIndex] = [:]
    for finding in findings { indexes[finding.location.path] = filesByPath[finding.location.path]?.lineIndex }
    times.wall = (clock.now - started).seconds
    return AuditResult(
      root: options.root, findings: findings, score: score, rules: rules, analyzedFiles: analyzed.count,
      linesOfCode: lines, filesWithParseErrors: analyzed.filter(\.hasSyntaxErrors).map(\.path).sorted(),
      skippedFiles: skipped.map(\.path), times: times, lineIndexes: indexes)
  }

  /// Reads, parses and extracts every candidate on `options.jobs` workers. The output is in
  /// candidate order whatever the number of workers.
  func analyze(_ candidates: [Discovery.Candidate]) -> ([FileOutcome], WorkerTimes) {
    let next = Atomic<Int>(0)
    let collected = Mutex<[(Int, FileOutcome)]>([])
    let totals = Mutex(WorkerTimes())
    let workers = min(options.jobs, max(1, candidates.count))
    let root = options.root
    let rules = self.rules
    let progress = options.progress
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      let parser = Parser()
      let cursor = QueryCursor()
      var local: [(Int, FileOutcome)] = []
      var times = WorkerTimes()
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < candidates.count else { break }
        let outcome = Auditor.process(
          candidates[index], root: root, parser: parser, cursor: cursor, rules: rules, times: &times)
        local.append((index, outcome))
        progress?.fileParsed()
      }
      collected.withLock { $0 += local }
      totals.withLock {
        $0.readParse += times.readParse
        $0.extract += times.extract
      }
    }
    let ordered = collected.withLock { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
    return (ordered, totals.withLock { $0 })
  }

  static func process(
    _ candidate: Discovery.Candidate, root: String, parser: Parser, cursor: QueryCursor, rules: RuleSet,
    times: inout WorkerTimes
  ) -> FileOutcome {
    let clock = ContinuousClock()
    let started = clock.now
    guard let language = candidate.language else { return .document(path: candidate.path) }
    let absolute = root + "/" + candidate.path
    let bytes: [UInt8]
    switch readFile(absolute) {
    case .bytes(let read): bytes = read
    case .tooLarge(let size):
      return .skipped(path: candidate.path, reason: "it is larger than 2 MB (\(size) bytes)", size: size)
    case .unreadable:
      return .skipped(path: candidate.path, reason: "it cannot be read", size: 0)
    }
    if bytes.contains(0) {
      return .skipped(path: candidate.path, reason: "it is binary", size: bytes.count)
    }
    if !isValidUTF8(bytes) {
      return .skipped(path: candidate.path, reason: "it is not valid UTF-8", size: bytes.count)
    }
    var tree: Tree? = parser.parse(SourceText(bytes: bytes), as: language)
    let parsed = clock.now
    times.readParse += (parsed - started).seconds
    let file = SourceFile(path: candidate.path, bytes: bytes)
    guard let facts = tree.map({ extractFacts($0, file: file, cursor: cursor, rules: rules) }) else {
      return .skipped(path: candidate.path, reason: "the parser gave up on it", size: bytes.count)
    }
    // Freeing the syntax tree is part of parsing; count it there, not in extraction.
    let extracted = clock.now
    tree = nil
    let freed = clock.now
    times.readParse += (freed - extracted).seconds
    let analyzed = AnalyzedFile(
      source: file, language: language, python: facts.python, script: facts.script,
      hasSyntaxErrors: facts.hasSyntaxErrors, queryHits: facts.hits)
    times.extract += (extracted - parsed).seconds + (clock.now - freed).seconds
    let lineCount = bytes.last == UInt8(ascii: "\n") ? file.lineIndex.lineCount - 1 : file.lineIndex.lineCount
    return .analyzed(analyzed, facts.comments, lines: bytes.isEmpty ? 0 : lineCount)
  }

  /// Everything taken from a file's syntax tree, while the tree is at hand.
  static func extractFacts(_ tree: Tree, file: SourceFile, cursor: QueryCursor, rules: RuleSet) -> (
    python: PythonFile?, script: ScriptFile?, hits: [RuleHit], comments: [SuppressionComment],
    hasSyntaxErrors: Bool
  ) {
    let language = tree.language
    return (
      python: language == .python ? PythonExtractor.extract(tree) : nil,
      script: language.isScript ? ScriptExtractor.extract(tree) : nil,
      hits: file.isTestCode ? [] : rules.runQueries(on: tree, path: file.path, cursor: cursor),
      comments: SuppressionScanner.scan(tree, lineIndex: file.lineIndex),
      hasSyntaxErrors: tree.rootNode.hasError
    )
  }

  enum ReadResult {
    case bytes([UInt8])
    case tooLarge(Int)
    case unreadable
  }

  /// Reads a file unless it is over the size limit, which is checked before reading.
  static func readFile(_ path: String) -> ReadResult {
    var info = stat()
    guard stat(path, &info) == 0 else { return .unreadable }
    if Int(info.st_size) > maxFileSize { return .tooLarge(Int(info.st_size)) }
    guard let data = FileManager.default.contents(atPath: path) else { return .unreadable }
    if data.count > maxFileSize { return .tooLarge(data.count) }
    return .bytes([UInt8](data))
  }

  static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    // Most source files are ASCII: only decode when a byte says otherwise.
    if !bytes.contains(where: { $0 >= 0x80 }) { return true }
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }

  /// Marks findings covered by an `archverify: ignore[...]` comment on their line or the line
  /// above, and reports blanket and unused suppressions.
  func applySuppressions(
    _ findings: [Finding], _ comments: [String: [SuppressionComment]], files: [String: SourceFile]
  ) -> [Finding] {
    var result = findings
    var usedIds: [SuppressionComment: Set<String>] = [:]
    for index in result.indices {
      let finding = result[index]
      guard let list = comments[finding.location.path] else { continue }
      let line = finding.location.line
      if let comment = list.first(where: {
        ($0.line == line || $0.line == line - 1) && $0.ruleIds.contains(finding.ruleId)
      }) {
        result[index].suppression = Suppression(
          kind: .inSource, justification: comment.reason.isEmpty ? "suppressed inline" : comment.reason)
        usedIds[comment, default: []].insert(finding.ruleId)
      }
    }
    let known = Set(rules.descriptions.map(\.id))
    for (path, list) in comments {
      guard let file = files[path] else { continue }
      for comment in list {
        let location = file.lineIndex.location(path: path, offset: comment.offset)
        let snippet = file.lineIndex.lineText(location.line).trimmingCharacters(in: .whitespaces)
        if comment.ruleIds.isEmpty {
          result.append(
            Finding(
              ruleId: ToolRules.blanketSuppression, level: .note, category: .archverify,
              message: "`archverify: ignore` without rule ids suppresses nothing; name the rules, "
                + "as in `archverify: ignore[rule-id] reason`",
              location: location, snippet: snippet))
          continue
        }
        let unknown = comment.ruleIds.filter { !known.contains($0) }
        let unused = comment.ruleIds.filter {
          known.contains($0) && !(usedIds[comment]?.contains($0) ?? false)
        }
        if !unknown.isEmpty {
          result.append(
            Finding(
              ruleId: ToolRules.unusedSuppression, level: .note, category: .archverify,
              message: "suppression names unknown rule \(unknown.map { "'\($0)'" }.joined(separator: ", "))",
              location: location, snippet: snippet))
        }
        if !unused.isEmpty && anyEnabled(unused) {
          result.append(
            Finding(
              ruleId: ToolRules.unusedSuppression, level: .note, category: .archverify,
              message:
                "suppression of \(unused.map { "'\($0)'" }.joined(separator: ", ")) suppresses nothing",
              location: location, snippet: snippet))
        }
      }
    }
    return result
  }

  /// Whether unused-suppression notes apply to these ids: a rule switched off in the config
  /// legitimately finds nothing.
  private func anyEnabled(_ ids: [String]) -> Bool {
    ids.contains { options.configuration.rules[$0] != .off }
  }
}
