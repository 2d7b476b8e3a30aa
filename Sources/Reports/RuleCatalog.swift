import ArchCore
import Foundation
import Rules

/// What `archverify rules` and `archverify explain` print about the rules.
public enum RuleCatalog {
  /// One line per rule: id, level, category and message, in columns.
  public static func text(_ rules: [RuleDescription]) -> String {
    let idWidth = rules.map(\.id.count).max() ?? 0
    var out = ""
    for rule in rules {
      out += rule.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
      out += rule.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
      out += rule.category.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
      out += rule.message + "\n"
    }
    out += "\n\(rules.count) rules. `archverify explain RULE_ID` shows a rule's rationale and examples.\n"
    return out
  }

  /// One rule in `archverify rules --format json`.
  public struct Entry: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let level: Level
    public let category: Category
    public let tags: [String]
    public let securitySeverity: Double?
    public let languages: [String]
    public let message: String
    /// The first paragraph of "What it finds".
    public let summary: String
    /// `query` (a declarative tree-sitter rule), `semantic` (Swift code over the project's facts) or
    /// `builtin` (archverify's own notes about the run).
    public let kind: String
    public let source: String
  }

  public static func entry(_ rule: RuleDescription) -> Entry {
    Entry(
      id: rule.id, name: rule.name, level: rule.level, category: rule.category, tags: rule.tags,
      securitySeverity: rule.securitySeverity, languages: rule.languages.map(\.rawValue),
      message: rule.message,
      summary: rule.summary, kind: kind(rule), source: rule.source)
  }

  static func kind(_ rule: RuleDescription) -> String {
    if rule.category == .archverify { return "builtin" }
    return rule.query == nil ? "semantic" : "query"
  }

  public static func json(_ rules: [RuleDescription]) throws -> String {
    try JSONReport.encode(rules.map(entry))
  }

  /// Everything about one rule: metadata, rationale, then every example.
  public static func explanation(_ rule: RuleDescription) -> String {
    var out = "\(rule.id) (\(rule.name))\n\n"
    out += "  level       \(rule.level.rawValue)\n"
    out += "  category    \(rule.category.rawValue)\n"
    if !rule.tags.isEmpty { out += "  tags        \(rule.tags.joined(separator: ", "))\n" }
    if let severity = rule.securitySeverity {
      out += "  security    \(String(format: "%.1f", severity)) (security-severity)\n"
    }
    out += "  languages   \(rule.languages.map(\.rawValue).joined(separator: ", "))\n"
    out += "  message     \(rule.message)\n"
    out += "  source      \(rule.source)\n\n"
    out += rule.rationale.trimmingCharacters(in: .newlines) + "\n"
    if rule.examples.isEmpty { return out }
    out += "\n## Examples\n\n"
    out += "`\(RuleExample.marker)` marks where archverify reports a finding in a bad example.\n"
    for example in rule.examples {
      let fence = example.path.hasSuffix(".py") ? "python" : "typescript"
      out += "\n### \(example.kind == .bad ? "Bad" : "Good"): \(example.path)\n\n"
      out += "```\(fence)\n\(example.code.trimmingCharacters(in: .newlines))\n```\n"
      for (path, code) in example.files.sorted(by: { $0.key < $1.key }) {
        let extraFence = path.hasSuffix(".py") ? "python" : "typescript"
        out += "\nwith \(path):\n\n```\(extraFence)\n\(code.trimmingCharacters(in: .newlines))\n```\n"
      }
    }
    return out
  }
}
