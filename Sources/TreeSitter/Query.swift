import CTreeSitter
import Foundation

/// Why a query did not compile, with the byte offset into the query source.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
  public let offset: Int
  public let message: String
  public var description: String { message }
}

/// A text predicate attached to a pattern. The 0.20.7 runtime parses predicates but never
/// evaluates them, so `Query` does it: `#eq?`, `#not-eq?`, `#match?`, `#not-match?`, `#any-of?`.
public enum QueryPredicate: Sendable {
  case equalCapture(Int, Int, negated: Bool)
  case equalString(Int, String, negated: Bool)
  case match(Int, NSRegularExpressionBox, negated: Bool)
  case anyOf(Int, Set<String>, negated: Bool)
}

/// An `NSRegularExpression` is immutable once made; this box states that to the compiler.
public struct NSRegularExpressionBox: @unchecked Sendable {
  public let regex: NSRegularExpression
}

/// A compiled tree-sitter query with its predicates. Compile once per run and share: a
/// `TSQuery` is immutable after creation and safe to use from several cursors at once.
public final class Query: @unchecked Sendable {
  let handle: OpaquePointer
  public let language: Language
  public let captureNames: [String]
  /// Predicates per pattern index.
  public let predicates: [[QueryPredicate]]
  /// Per pattern, groups of strings of which at least one must occur in a file's text for the
  /// pattern to match there: the values of `#eq?`/`#any-of?` on captures the pattern always
  /// makes. A file lacking a group for every pattern cannot match, and is not queried.
  let requiredText: [[Alternatives]]
  /// UTF-8 strings of which at least one must occur.
  typealias Alternatives = [[UInt8]]

  public init(language: Language, source: String) throws {
    var errorOffset: UInt32 = 0
    var errorType = TSQueryErrorNone
    let length = UInt32(source.utf8.count)
    guard
      let handle = source.withCString({
        ts_query_new(language.pointer, $0, length, &errorOffset, &errorType)
      })
    else {
      throw QueryError(offset: Int(errorOffset), message: Query.describe(errorType))
    }
    self.handle = handle
    self.language = language
    var names: [String] = []
    for index in 0..<ts_query_capture_count(handle) {
      var nameLength: UInt32 = 0
      let name = ts_query_capture_name_for_id(handle, index, &nameLength)
      names.append(name.map { String(cString: $0) } ?? "")
    }
    captureNames = names
    do {
      predicates = try Query.readPredicates(handle)
    } catch {
      ts_query_delete(handle)
      throw error
    }
    requiredText = predicates.enumerated().map { pattern, list in
      list.compactMap { predicate -> Alternatives? in
        let capture: Int
        let values: [String]
        switch predicate {
        case .equalString(let index, let value, negated: false): (capture, values) = (index, [value])
        case .anyOf(let index, let set, negated: false): (capture, values) = (index, set.sorted())
        default: return nil
        }
        let quantifier = ts_query_capture_quantifier_for_id(handle, UInt32(pattern), UInt32(capture))
        guard quantifier == TSQuantifierOne || quantifier == TSQuantifierOneOrMore else { return nil }
        return values.map { Array($0.utf8) }
      }
    }
  }

  /// Whether the query can match in a file with this text; false only when it surely cannot.
  public func mightMatch(_ bytes: [UInt8]) -> Bool {
    requiredText.contains { groups in
      groups.allSatisfy { group in group.contains { Query.contains(bytes, $0) } }
    }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    return haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { pin in
        guard let base = hay.baseAddress, let pattern = pin.baseAddress else { return false }
        // memchr finds each candidate first byte; memcmp checks the rest.
        let first = Int32(needle[0])
        var offset = 0
        let last = hay.count - pin.count
        while offset <= last {
          guard let found = memchr(base + offset, first, last - offset + 1) else { return false }
          let position = base.distance(to: UnsafeRawPointer(found))
          if memcmp(base + position, pattern, pin.count) == 0 { return true }
          offset = position + 1
        }
        return false
      }
    }
  }

  deinit { ts_query_delete(handle) }

  public var patternCount: Int { Int(ts_query_pattern_count(handle)) }

  /// The index of a capture name, if the query has it.
  public func captureIndex(_ name: String) -> Int? { captureNames.firstIndex(of: name) }

  private static func describe(_ type: TSQueryError) -> String {
    switch type {
    case TSQueryErrorSyntax: return "invalid query syntax"
    case TSQueryErrorNodeType: return "unknown node type"
    case TSQueryErrorField: return "unknown field name"
    case TSQueryErrorCapture: return "unknown capture name"
    case TSQueryErrorStructure: return "impossible pattern structure"
    case TSQueryErrorLanguage: return "incompatible language"
    default: return "invalid query"
    }
  }

  private enum Argument {
    case capture(Int)
    case string(String)
  }

  private static func readPredicates(_ handle: OpaquePointer) throws -> [[QueryPredicate]] {
    var all: [[QueryPredicate]] = []
    for pattern in 0..<ts_query_pattern_count(handle) {
      let patternOffset = Int(ts_query_start_byte_for_pattern(handle, pattern))
      var stepCount: UInt32 = 0
      guard let steps = ts_query_predicates_for_pattern(handle, pattern, &stepCount) else {
        all.append([])
        continue
      }
      var result: [QueryPredicate] = []
      var current: [Argument] = []
      func string(_ id: UInt32) -> String {
        var length: UInt32 = 0
        return ts_query_string_value_for_id(handle, id, &length).map { String(cString: $0) } ?? ""
      }
      for index in 0..<Int(stepCount) {
        let step = steps[index]
        switch step.type {
        case TSQueryPredicateStepTypeCapture: current.append(.capture(Int(step.value_id)))
        case TSQueryPredicateStepTypeString: current.append(.string(string(step.value_id)))
        default:
          result.append(try build(current, at: patternOffset))
          current = []
        }
      }
      all.append(result)
    }
    return all
  }

  private static func build(_ arguments: [Argument], at offset: Int) throws -> QueryPredicate {
    guard case .string(let name)? = arguments.first else {
      throw QueryError(offset: offset, message: "predicate without a name")
    }
    let rest = Array(arguments.dropFirst())
    func fail(_ why: String) -> QueryError {
      QueryError(offset: offset, message: "#\(name) \(why)")
    }
    switch name {
    case "eq?", "not-eq?":
      let negated = name.hasPrefix("not-")
      guard rest.count == 2, case .capture(let left) = rest[0] else {
        throw fail("takes a capture and a capture or string")
      }
      switch rest[1] {
      case .capture(let right): return .equalCapture(left, right, negated: negated)
      case .string(let value): return .equalString(left, value, negated: negated)
      }
    case "match?", "not-match?":
      guard rest.count == 2, case .capture(let capture) = rest[0], case .string(let pattern) = rest[1]
      else { throw fail("takes a capture and a regular expression") }
      do {
        let regex = try NSRegularExpression(pattern: pattern)
        return .match(capture, NSRegularExpressionBox(regex: regex), negated: name.hasPrefix("not-"))
      } catch {
        throw fail("has an invalid regular expression: \(pattern)")
      }
    case "any-of?", "not-any-of?":
      guard rest.count >= 2, case .capture(let capture) = rest[0] else {
        throw fail("takes a capture and one or more strings")
      }
      var values: Set<String> = []
      for argument in rest.dropFirst() {
        guard case .string(let value) = argument else { throw fail("takes strings after the capture") }
        values.insert(value)
      }
      return .anyOf(capture, values, negated: name.hasPrefix("not-"))
    default:
      throw fail("is not a supported predicate (use #eq?, #not-eq?, #match?, #not-match?, #any-of?)")
    }
  }
}

/// One match of a query: the pattern index and its captures, in capture order.
public struct QueryMatch {
  public let patternIndex: Int
  public let captures: [(index: Int, node: Node)]

  /// The first node captured under `index`.
  public func node(_ index: Int) -> Node? { captures.first { $0.index == index }?.node }
}

/// Runs a query over a tree. Owns one `TSQueryCursor`; make one per worker and reuse it.
public final class QueryCursor {
  private let handle: OpaquePointer

  public init() { handle = ts_query_cursor_new() }
  deinit { ts_query_cursor_delete(handle) }

  /// All matches of `query` under `node` whose predicates hold, in document order.
  public func matches(of query: Query, in node: Node) -> [QueryMatch] {
    ts_query_cursor_exec(handle, query.handle, node.raw)
    var results: [QueryMatch] = []
    var match = TSQueryMatch()
    while ts_query_cursor_next_match(handle, &match) {
      var captures: [(index: Int, node: Node)] = []
      captures.reserveCapacity(Int(match.capture_count))
      for index in 0..<Int(match.capture_count) {
        let capture = match.captures[index]
        captures.append((Int(capture.index), Node(raw: capture.node, tree: node.tree)))
      }
      let candidate = QueryMatch(patternIndex: Int(match.pattern_index), captures: captures)
      if Self.satisfies(candidate, query.predicates[candidate.patternIndex]) {
        results.append(candidate)
      }
    }
    return results
  }

  static func satisfies(_ match: QueryMatch, _ predicates: [QueryPredicate]) -> Bool {
    for predicate in predicates {
      switch predicate {
      case .equalCapture(let left, let right, let negated):
        guard let a = match.node(left), let b = match.node(right) else { continue }
        if (a.text == b.text) == negated { return false }
      case .equalString(let capture, let value, let negated):
        guard let node = match.node(capture) else { continue }
        if (node.text == value) == negated { return false }
      case .match(let capture, let box, let negated):
        guard let node = match.node(capture) else { continue }
        let text = node.text
        let found =
          box.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        if found == negated { return false }
      case .anyOf(let capture, let values, let negated):
        guard let node = match.node(capture) else { continue }
        if values.contains(node.text) == negated { return false }
      }
    }
    return true
  }
}
