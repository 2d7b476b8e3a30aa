import ArchCore
import TreeSitter

/// An `archverify: ignore[...]` comment.
public struct SuppressionComment: Sendable, Hashable {
  /// 1-based line of the comment.
  public let line: Int
  public let offset: Int
  /// Rule ids named in the brackets; empty for a bare `archverify: ignore`.
  public let ruleIds: [String]
  /// Text after `]`, the reason.
  public let reason: String
}

/// Finds suppression comments in a parsed file. Only real comments count: the marker inside a
/// string literal is text, not a suppression.
public enum SuppressionScanner {
  static let marker = Array("archverify:".utf8)

  public static func scan(_ tree: Tree, lineIndex: LineIndex) -> [SuppressionComment] {
    let bytes = tree.source.bytes
    var result: [SuppressionComment] = []
    var start = 0
    while let found = find(marker, in: bytes, from: start) {
      start = found + marker.count
      guard
        let node = tree.rootNode.descendant(forByteRange: found..<(found + marker.count)),
        node.type == "comment"
      else { continue }
      let comment = node.text
      guard let parsed = parse(comment) else { continue }
      let (line, _) = lineIndex.position(found)
      result.append(SuppressionComment(line: line, offset: found, ruleIds: parsed.ids, reason: parsed.reason))
    }
    return result
  }

  /// Reads `archverify: ignore[a, b] reason` from a comment's text.
  static func parse(_ comment: String) -> (ids: [String], reason: String)? {
    guard let range = comment.range(of: "archverify:") else { return nil }
    let rest = comment[range.upperBound...].drop { $0 == " " }
    guard rest.hasPrefix("ignore") else { return nil }
    let afterWord = rest.dropFirst("ignore".count)
    guard afterWord.first == "[" else {
      if let next = afterWord.first, next.isLetter || next.isNumber || next == "-" || next == "_" {
        return nil
      }
      return ([], afterWord.trimmingCharacters(in: .whitespaces))
    }
    guard let close = afterWord.firstIndex(of: "]") else { return nil }
    let ids = afterWord[afterWord.index(after: afterWord.startIndex)..<close]
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var reason = afterWord[afterWord.index(after: close)...].trimmingCharacters(in: .whitespaces)
    if reason.hasSuffix("*/") { reason = String(reason.dropLast(2)).trimmingCharacters(in: .whitespaces) }
    for prefix in ["—", "--", "-", ":"] where reason.hasPrefix(prefix) {
      reason = String(reason.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }
    return (ids, reason)
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var index = start
    let last = haystack.count - needle.count
    while index <= last {
      if haystack[index] == first {
        var matched = true
        for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
          matched = false
          break
        }
        if matched { return index }
      }
      index += 1
    }
    return nil
  }
}

import Foundation
