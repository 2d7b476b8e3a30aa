/// Shell-style globs over `/`-separated relative paths: `*` and `?` stay within one path
/// component, `**` spans components, `[abc]` / `[!a-z]` are character classes.
public struct Glob: Sendable, Hashable {
  public let pattern: String
  private let bytes: [UInt8]

  public init(_ pattern: String) {
    self.pattern = pattern
    self.bytes = Array(pattern.utf8)
  }

  public func matches(_ path: String) -> Bool {
    Glob.match(bytes[...], Array(path.utf8)[...])
  }

  private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
    var p = pattern.startIndex
    var t = text.startIndex
    let slash = UInt8(ascii: "/")
    while p < pattern.endIndex {
      let c = pattern[p]
      if c == UInt8(ascii: "*") {
        if p + 1 < pattern.endIndex && pattern[p + 1] == UInt8(ascii: "*") {
          // `**/` matches zero or more whole components; a trailing `**` matches everything.
          var rest = p + 2
          if rest < pattern.endIndex && pattern[rest] == slash { rest += 1 }
          if rest == pattern.endIndex { return true }
          var candidate = t
          while true {
            if match(pattern[rest...], text[candidate...]) { return true }
            guard let next = text[candidate...].firstIndex(of: slash) else { return false }
            candidate = next + 1
          }
        }
        let rest = p + 1
        var candidate = t
        while true {
          if match(pattern[rest...], text[candidate...]) { return true }
          if candidate == text.endIndex || text[candidate] == slash { return false }
          candidate += 1
        }
      }
      guard t < text.endIndex else { return false }
      switch c {
      case UInt8(ascii: "?"):
        if text[t] == slash { return false }
        // Step over one whole UTF-8 scalar.
        t += 1
        while t < text.endIndex && text[t] & 0xC0 == 0x80 { t += 1 }
        p += 1
      case UInt8(ascii: "["):
        guard let close = pattern[(p + 1)...].firstIndex(of: UInt8(ascii: "]")) else {
          if text[t] != c { return false }
          p += 1
          t += 1
          continue
        }
        var q = p + 1
        var negate = false
        if q < close && (pattern[q] == UInt8(ascii: "!") || pattern[q] == UInt8(ascii: "^")) {
          negate = true
          q += 1
        }
        var found = false
        while q < close {
          if q + 2 < close && pattern[q + 1] == UInt8(ascii: "-") {
            if pattern[q] <= text[t] && text[t] <= pattern[q + 2] { found = true }
            q += 3
          } else {
            if pattern[q] == text[t] { found = true }
            q += 1
          }
        }
        if found == negate || text[t] == slash { return false }
        p = close + 1
        t += 1
      case UInt8(ascii: "\\") where p + 1 < pattern.endIndex:
        if text[t] != pattern[p + 1] { return false }
        p += 2
        t += 1
      default:
        if text[t] != c { return false }
        p += 1
        t += 1
      }
    }
    return t == text.endIndex
  }
}
