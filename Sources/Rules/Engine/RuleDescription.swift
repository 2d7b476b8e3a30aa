import ArchCore
import TreeSitter

/// Everything known about one rule except how it runs: the single description that feeds the
/// CLI (`rules`, `explain`), SARIF `rules[]`, the docs and the example tests.
public struct RuleDescription: Sendable, Equatable {
  /// Stable public id, such as `auth/token-in-web-storage`.
  public let id: String
  /// CamelCase name, such as `TokenInWebStorage`.
  public let name: String
  /// One-line message used for findings and as the short description.
  public let message: String
  public let level: Level
  public let category: Category
  public let tags: [String]
  /// GitHub code scanning's `security-severity` (0.0–10.0), for security rules.
  public let securitySeverity: Double?
  /// How often a finding of the rule is a true problem (SARIF `properties.precision`).
  public let precision: RulePrecision
  /// Markdown with the headings in `RuleDescription.requiredHeadings`.
  public let rationale: String
  public let languages: [Language]
  public let examples: [RuleExample]
  /// The tree-sitter query of a declarative rule; nil for a semantic rule.
  public let query: String?
  /// Where the description came from (`Rules/auth/token-in-web-storage.yaml`).
  public let source: String

  public static let requiredHeadings = [
    "What it finds", "Why it matters", "Example", "Instead", "Known limits",
  ]

  public init(
    id: String, name: String, message: String, level: Level, category: Category, tags: [String],
    securitySeverity: Double?, rationale: String, languages: [Language], examples: [RuleExample],
    query: String?, source: String, precision: RulePrecision? = nil
  ) {
    self.id = id
    self.name = name
    self.message = message
    self.level = level
    self.category = category
    self.tags = tags
    self.securitySeverity = securitySeverity
    self.rationale = rationale
    self.languages = languages
    self.examples = examples
    self.query = query
    self.source = source
    self.precision = precision ?? RulePrecision.default(category: category, isQuery: query != nil)
  }

  /// The first paragraph under "What it finds", for short listings.
  public var summary: String {
    let lines = rationale.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("## What it finds") }) else { return message }
    var paragraph: [Substring] = []
    for line in lines[(start + 1)...] {
      if line.hasPrefix("#") { break }
      if line.trimmingCharacters(in: .whitespaces).isEmpty {
        if paragraph.isEmpty { continue } else { break }
      }
      paragraph.append(line)
    }
    return paragraph.isEmpty ? message : paragraph.joined(separator: " ")
  }
}

/// How often a rule's findings are true problems: GitHub code scanning's `precision` values. A
/// pack states it with `precision:`; without it, a declarative query (one syntactic pattern)
/// is `high`, a semantic rule (facts gathered across files, and heuristics) `medium`, and
/// archverify's own notes about the run, which report facts, `very-high`.
public enum RulePrecision: String, Sendable, Codable, CaseIterable {
  case veryHigh = "very-high"
  case high
  case medium
  case low

  /// The precision of a rule whose pack does not state one.
  public static func `default`(category: Category, isQuery: Bool) -> RulePrecision {
    if category == .archverify { return .veryHigh }
    return isQuery ? .high : .medium
  }
}

/// A bad or good example of a rule. In a bad example `↓` marks where each finding is expected;
/// the marker is removed before the code is analysed.
public struct RuleExample: Sendable, Equatable {
  public enum Kind: String, Sendable { case bad, good }

  public static let marker = "↓"

  public let kind: Kind
  /// The file name the code is analysed under, which picks the language and the scope
  /// (`app/config.py`, `web/lib/auth.ts`).
  public let path: String
  /// The code with markers.
  public let code: String
  /// Extra files analysed together with the example (for rules that follow calls across files).
  public let files: [String: String]

  public init(kind: Kind, path: String, code: String, files: [String: String] = [:]) {
    self.kind = kind
    self.path = path
    self.code = code
    self.files = files
  }

  /// The code with every marker removed.
  public var source: String { code.replacingOccurrences(of: RuleExample.marker, with: "") }

  /// The 1-based line and column of every marker, in the code with markers removed.
  public var expectedPositions: [(line: Int, column: Int)] {
    var positions: [(Int, Int)] = []
    var line = 1
    var column = 1
    for character in code {
      if String(character) == RuleExample.marker {
        positions.append((line, column))
        continue
      }
      if character == "\n" {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
    }
    return positions
  }
}

import Foundation
