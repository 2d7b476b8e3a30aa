import ArchCore
import TreeSitter

/// The rules of one run: their descriptions, the compiled queries of the declarative ones and
/// the semantic rule instances. Built once per run and shared by every worker.
public struct RuleSet: Sendable {
  /// Descriptions sorted by id, including the tool's own (`archverify/...`) notes.
  public let descriptions: [RuleDescription]
  public let semanticRules: [any SemanticRule]
  /// Compiled queries per language, each with the id of its rule.
  let queries: [Language: [(ruleId: String, query: Query, finding: Int)]]

  /// The shipped packs plus those under `extraDirectories`.
  public static func load(extraDirectories: [String] = []) throws -> RuleSet {
    var packs = RulePackLoader.embedded
    for directory in extraDirectories { packs += try RulePackLoader.packs(inDirectory: directory) }
    return try RuleSet(packs: packs)
  }

  public init(packs: [EmbeddedRulePack]) throws {
    var byId: [String: RuleDescription] = [:]
    var compiled: [String: [Language: Query]] = [:]
    for pack in packs {
      let (description, queries) = try RulePackLoader.loadCompiled(pack)
      if let existing = byId[description.id] {
        throw InputError(
          path: pack.path, line: 1, column: 1,
          message: "rule '\(description.id)' is already defined in \(existing.source)")
      }
      byId[description.id] = description
      compiled[description.id] = queries
    }
    for description in ToolRules.all { byId[description.id] = description }

    var semantic: [any SemanticRule] = []
    for type in semanticRuleTypes {
      guard let description = byId[type.id] else {
        throw InputError(
          path: "Rules", message: "semantic rule \(type) has no rule pack with id '\(type.id)'")
      }
      guard description.query == nil else {
        throw InputError(
          path: description.source, message: "rule '\(type.id)' is semantic and cannot also have a query")
      }
      semantic.append(type.init())
    }
    let semanticIds = Set(semanticRuleTypes.map { $0.id })
    var queries: [Language: [(ruleId: String, query: Query, finding: Int)]] = [:]
    for description in byId.values.sorted(by: { $0.id < $1.id }) where description.category != .archverify {
      guard description.query != nil else {
        if !semanticIds.contains(description.id) {
          throw InputError(
            path: description.source, line: 1, column: 1,
            message: "rule '\(description.id)' has no 'query' and no semantic implementation")
        }
        continue
      }
      for language in description.languages {
        guard let query = compiled[description.id]?[language] else { continue }
        guard let finding = query.captureIndex("finding") else {
          throw InputError(
            path: description.source, message: "the query of '\(description.id)' has no @finding capture")
        }
        queries[language, default: []].append((description.id, query, finding))
      }
    }
    self.descriptions = byId.values.sorted { $0.id < $1.id }
    self.semanticRules = semantic
    self.queries = queries
  }

  public func description(_ id: String) -> RuleDescription? { descriptions.first { $0.id == id } }

  /// Runs the declarative rules over one parsed file. Call from the worker that owns the tree.
  public func runQueries(on tree: Tree, path: String, cursor: QueryCursor) -> [RuleHit] {
    guard let list = queries[tree.language] else { return [] }
    var hits: [RuleHit] = []
    let root = tree.rootNode
    for entry in list where entry.query.mightMatch(tree.source.bytes) {
      for match in cursor.matches(of: entry.query, in: root) {
        guard let node = match.node(entry.finding) else { continue }
        hits.append(RuleHit(ruleId: entry.ruleId, path: path, offset: node.startByte))
      }
    }
    return hits
  }
}

/// Descriptions of the notes archverify reports about the run itself.
public enum ToolRules {
  public static let skippedFile = "archverify/skipped-file"
  public static let blanketSuppression = "archverify/blanket-suppression"
  public static let unusedSuppression = "archverify/unused-suppression"

  static func make(_ id: String, name: String, message: String, finds: String, why: String, instead: String)
    -> RuleDescription
  {
    RuleDescription(
      id: id, name: name, message: message, level: .note, category: .archverify, tags: ["archverify"],
      securitySeverity: nil,
      rationale: """
        ## What it finds
        \(finds)

        ## Why it matters
        \(why)

        ## Example
        See the message of the finding.

        ## Instead
        \(instead)

        ## Known limits
        None.

        """,
      languages: Language.allCases, examples: [], query: nil, source: "archverify")
  }

  public static let all: [RuleDescription] = [
    make(
      skippedFile, name: "SkippedFile", message: "file was not analysed",
      finds: "A file archverify did not analyse: larger than 2 MB, binary, or not valid UTF-8.",
      why: "Findings in a skipped file are unknown; the report says so rather than staying silent.",
      instead: "Exclude generated or vendored files in `archverify.yml`, or convert the file to UTF-8."),
    make(
      blanketSuppression, name: "BlanketSuppression",
      message: "`archverify: ignore` without rule ids suppresses nothing; name the rules",
      finds: "An `archverify: ignore` comment that names no rule ids.",
      why: "A blanket suppression would hide every present and future finding on the line.",
      instead: "Write `archverify: ignore[rule-id] reason`."),
    make(
      unusedSuppression, name: "UnusedSuppression", message: "suppression comment suppresses nothing",
      finds: "An `archverify: ignore[...]` comment with no matching finding on its line or the next.",
      why: "Stale suppressions hide future findings that nobody reviewed.",
      instead: "Remove the comment, or fix the rule ids it names."),
  ]
}
