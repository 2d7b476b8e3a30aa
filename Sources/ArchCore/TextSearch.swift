/// Plain substring search over UTF-8 bytes, for cheap pre-checks on hot paths where
/// `String.contains(_:)` (Unicode-aware, allocating) costs more than the work it guards.
public enum TextSearch {
  /// Whether `needle` occurs in `haystack`, byte for byte.
  public static func contains(_ haystack: String, _ needle: String) -> Bool {
    var haystack = haystack
    var needle = needle
    return haystack.withUTF8 { hay in
      needle.withUTF8 { pin in
        guard !pin.isEmpty else { return true }
        guard hay.count >= pin.count else { return false }
        let first = pin[0]
        var index = 0
        let last = hay.count - pin.count
        while index <= last {
          if hay[index] == first {
            var offset = 1
            while offset < pin.count && hay[index + offset] == pin[offset] { offset += 1 }
            if offset == pin.count { return true }
          }
          index += 1
        }
        return false
      }
    }
  }

  /// Whether any of `needles` occurs in `haystack`.
  public static func containsAny(_ haystack: String, _ needles: [String]) -> Bool {
    needles.contains { contains(haystack, $0) }
  }
}
