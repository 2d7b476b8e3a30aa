import ArchCore
import OpenAPIModel
import PyAnalysis
import TSAnalysis
import TreeSitter

/// A file of the project with the facts extracted from it.
public struct AnalyzedFile: Sendable {
  public let source: SourceFile
  public let language: Language
  public let python: PythonFile?
  public let script: ScriptFile?
  /// Whether tree-sitter had to recover from syntax errors.
  public let hasSyntaxErrors: Bool
  /// Findings of the declarative (query) rules, found while the tree was at hand.
  public let queryHits: [RuleHit]
  /// Environment reads and setting writes of a Python file (empty for other files and test code), derived once
  /// here, on the worker that analysed the file, and shared by every config rule.
  public let settingsAnalysis: SettingsAnalysis
  /// Returns and assignments of a Python file grouped by function, for the token analysis.
  public let tokenIndex: TokenModuleIndex

  public init(
    source: SourceFile, language: Language, python: PythonFile?, script: ScriptFile?, hasSyntaxErrors: Bool,
    queryHits: [RuleHit]
  ) {
    self.source = source
    self.language = language
    self.python = python
    self.script = script
    self.hasSyntaxErrors = hasSyntaxErrors
    self.queryHits = queryHits
    // No rule reads test code, so its derived analyses stay empty.
    let analysed = source.isTestCode ? nil : python
    self.settingsAnalysis = SettingsAnalysis(analysed ?? PythonFile())
    self.tokenIndex = TokenModuleIndex(analysed ?? PythonFile())
  }

  public var path: String { source.path }
  /// The source text of a byte range.
  public func text(_ range: Range<Int>) -> String { source.text(range) }
}

/// Everything the rules see: every analysed file, sorted by path, and the settings.
public struct ProjectFacts: Sendable {
  public let files: [AnalyzedFile]
  public let settings: AnalysisSettings
  /// Where tokens come from and flow to across the application's Python files, shared by the
  /// auth rules.
  public let tokens: TokenAnalysis

  /// The project's OpenAPI documents (the configured one, else every `openapi.*`/`swagger.*`
  /// outside test code), sorted by path; empty when the project has none.
  public let openAPIDocuments: [OpenAPIDocument]

  public init(files: [AnalyzedFile], settings: AnalysisSettings, openAPIDocuments: [OpenAPIDocument] = []) {
    let sorted = files.sorted { $0.path < $1.path }
    self.files = sorted
    self.settings = settings
    self.openAPIDocuments = openAPIDocuments.sorted { $0.path < $1.path }
    let python = sorted.compactMap { file in
      file.source.isTestCode ? nil : file.python.map { (file: file, python: $0) }
    }
    pythonApplicationFiles = python
    scriptApplicationFiles = sorted.compactMap { file in
      file.source.isTestCode ? nil : file.script.map { (file: file, script: $0) }
    }
    tokens = TokenAnalysis(modules: python.map { ($0.python, $0.file.tokenIndex) })
    let graph = ModuleGraph(files: python.map { (path: $0.file.path, file: $0.python) })
    moduleGraph = graph
    models = ModelCatalog(graph: graph, settings: settings)
    let routes = RouteTable(graph: graph)
    routeTable = routes
    routeGuards = RouteGuards(routes: routes, graph: graph, settings: settings)
    migrations = MigrationHistory(
      files: python.compactMap { item in
        MigrationHistory.versionsFolder(of: item.file.path) == nil ? nil : (item.file.path, item.python)
      })
  }

  /// The Alembic revisions of every `versions/` folder, their graphs and the schema they build.
  public let migrations: MigrationHistory

  /// The application's Python modules with imports resolved inside the project.
  public let moduleGraph: ModuleGraph
  /// The ORM models and association tables of the application's Python modules, with their
  /// tables, columns and tenant columns.
  public let models: ModelCatalog
  /// Every HTTP route of the application, prefixes applied.
  public let routeTable: RouteTable
  /// Authentication and rate limits of each route of `routeTable`.
  public let routeGuards: RouteGuards

  /// Python files that are application code (not test code).
  public let pythonApplicationFiles: [(file: AnalyzedFile, python: PythonFile)]

  /// TypeScript/JavaScript files that are application code.
  public let scriptApplicationFiles: [(file: AnalyzedFile, script: ScriptFile)]
}

/// A rule's raw result: where, and optionally a message more specific than the rule's own.
public struct RuleHit: Sendable, Hashable {
  public let ruleId: String
  public let path: String
  public let offset: Int
  public let message: String?

  public init(ruleId: String, path: String, offset: Int, message: String? = nil) {
    self.ruleId = ruleId
    self.path = path
    self.offset = offset
    self.message = message
  }
}

/// A rule implemented in Swift over the extracted facts. One type per file,
/// `Sources/Rules/<Category>/<Name>Rule.swift`; the registry lists every such file.
public protocol SemanticRule: Sendable {
  /// The rule id; its description comes from the pack with the same id.
  static var id: String { get }
  init()
  func check(_ project: ProjectFacts) -> [RuleHit]
}

extension SemanticRule {
  /// A hit of this rule.
  public func hit(_ file: AnalyzedFile, at offset: Int, message: String? = nil) -> RuleHit {
    RuleHit(ruleId: Self.id, path: file.path, offset: offset, message: message)
  }
}
