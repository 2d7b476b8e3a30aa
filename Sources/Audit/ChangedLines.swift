import ArchCore
import Foundation
import Rules

/// The lines added or changed since a git revision, per file (paths relative to the audited
/// folder, `/`-separated): what `audit --new-since` keeps findings on.
public struct ChangedLines: Sendable, Equatable {
  /// The changed part of one file.
  public enum Lines: Sendable, Equatable {
    /// A file git does not know yet (untracked): every line is new.
    case all
    /// 1-based line ranges of the new version, sorted and not overlapping.
    case ranges([ClosedRange<Int>])
  }

  public private(set) var files: [String: Lines]

  public init(files: [String: Lines] = [:]) {
    self.files = files
  }

  /// Marks whole files as new.
  public mutating func addWholeFiles(_ paths: [String]) {
    for path in paths { files[path] = .all }
  }

  /// Whether line `line` of `path` was added or changed.
  public func contains(path: String, line: Int) -> Bool {
    switch files[path] {
    case nil: return false
    case .all: return true
    case .ranges(let ranges): return ranges.contains { $0.contains(line) }
    }
  }

  /// Whether `finding` is on new code. A note that a file was skipped has no real line: it is
  /// kept when the file changed at all (binary files included).
  public func covers(_ finding: Finding) -> Bool {
    if finding.ruleId == ToolRules.skippedFile { return files[finding.location.path] != nil }
    return contains(path: finding.location.path, line: finding.location.line)
  }

  /// The new-side line ranges of `git diff --unified=0` output. Files with no added lines
  /// (deleted, renamed unchanged, mode changes) are left out, and a changed binary file has no
  /// ranges; paths are taken from the `+++ b/...` header, unquoted when git quoted them.
  public static func parse(diff: String) -> ChangedLines {
    var files: [String: [ClosedRange<Int>]] = [:]
    var current: String?
    // Lines of the hunk being read: its body is skipped by count, so that an added line that
    // reads `++ x` (shown as `+++ x`) is not taken for a file header.
    var oldLeft = 0
    var newLeft = 0
    // Split on bytes: "\r\n" is one Character, and a CRLF file's lines must still be counted.
    for bytes in diff.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      let line = String(decoding: bytes, as: UTF8.self)
      if oldLeft > 0 || newLeft > 0 {
        switch line.first {
        case "-": oldLeft -= 1
        case "+": newLeft -= 1
        case "\\": break  // "\ No newline at end of file"
        default:
          oldLeft -= 1
          newLeft -= 1
        }
        continue
      }
      if line.hasPrefix("diff --git ") {
        current = nil
      } else if line.hasPrefix("+++ ") {
        current = newPath(line.dropFirst(4))
      } else if line.hasPrefix("Binary files "), line.hasSuffix(" differ"), let path = binaryPath(line) {
        // No lines to tell, but the file changed: a note that it was skipped stays.
        if files[path] == nil { files[path] = [] }
      } else if line.hasPrefix("@@ "), let hunk = Hunk(header: line[...]) {
        oldLeft = hunk.oldCount
        newLeft = hunk.newCount
        if let path = current, hunk.newCount > 0 {
          files[path, default: []].append(hunk.newStart...(hunk.newStart + hunk.newCount - 1))
        }
      }
    }
    var result = ChangedLines()
    for (path, ranges) in files { result.files[path] = .ranges(merge(ranges)) }
    return result
  }

  /// The path of a `+++` header: `b/app/x.py` → `app/x.py`; `/dev/null` → nil.
  static func newPath(_ header: Substring) -> String? {
    // Git appends a tab after names that contain spaces in some versions; drop it.
    var text = header.hasSuffix("\t") ? String(header.dropLast()) : String(header)
    if text == "/dev/null" { return nil }
    if text.hasPrefix("\"") { text = unquote(text) }
    guard text.hasPrefix("b/") else { return nil }
    return String(text.dropFirst(2))
  }

  /// The new path of `Binary files a/x and b/x differ`; nil when the file was deleted.
  static func binaryPath(_ line: String) -> String? {
    let names = line.dropFirst("Binary files ".count).dropLast(" differ".count)
    guard
      let separator = names.range(of: " and b/", options: .backwards)
        ?? names.range(of: " and \"b/", options: .backwards)
    else { return nil }
    return newPath(names[names.index(separator.lowerBound, offsetBy: 5)...])
  }

  /// A hunk header, `@@ -a[,b] +c[,d] @@ ...` (a count left out is 1).
  struct Hunk: Equatable {
    let oldCount: Int
    let newStart: Int
    let newCount: Int

    init?(header line: Substring) {
      let fields = line.split(separator: " ")
      guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+"),
        let old = Self.range(fields[1].dropFirst()), let new = Self.range(fields[2].dropFirst())
      else { return nil }
      self.oldCount = old.count
      self.newStart = new.start
      self.newCount = new.count
    }

    private static func range(_ text: Substring) -> (start: Int, count: Int)? {
      let parts = text.split(separator: ",", omittingEmptySubsequences: false)
      guard let start = parts.first.flatMap({ Int($0) }), start >= 0, parts.count <= 2 else { return nil }
      guard parts.count == 2 else { return (start, 1) }
      guard let count = Int(parts[1]), count >= 0 else { return nil }
      return (start, count)
    }
  }

  /// Sorted ranges with overlapping and adjacent ones joined.
  static func merge(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
    var merged: [ClosedRange<Int>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    return merged
  }

  /// A C-style quoted path as git writes it (`"b/caf\303\251 x.py"`), unquoted.
  static func unquote(_ quoted: String) -> String {
    var bytes: [UInt8] = []
    var input = Array(quoted.utf8.dropFirst())
    if input.last == UInt8(ascii: "\"") { input.removeLast() }
    var index = 0
    while index < input.count {
      let byte = input[index]
      index += 1
      guard byte == UInt8(ascii: "\\"), index < input.count else {
        bytes.append(byte)
        continue
      }
      let escaped = input[index]
      index += 1
      switch escaped {
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "a"): bytes.append(0x07)
      case UInt8(ascii: "b"): bytes.append(0x08)
      case UInt8(ascii: "f"): bytes.append(0x0C)
      case UInt8(ascii: "v"): bytes.append(0x0B)
      case UInt8(ascii: "0")...UInt8(ascii: "3"):
        // Three octal digits: one byte of a UTF-8 sequence.
        var value = Int(escaped - UInt8(ascii: "0"))
        var digits = 1
        while digits < 3, index < input.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[index])
        {
          value = value * 8 + Int(input[index] - UInt8(ascii: "0"))
          index += 1
          digits += 1
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
      default: bytes.append(escaped)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
