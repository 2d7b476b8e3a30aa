/// Plain substring search over UTF-8 bytes, for cheap pre-checks on hot paths where
/// `String.contains(_:)` (Unicode-aware, allocating) costs more than the work it guards.
public enum TextSearch {
  /// Whether `needle` occurs in `haystack`, byte for byte.
  public static func contains(_ haystack: String, _ needle: String) -> Bool {
    search(haystack, needle) { $0 }
  }

  /// Whether `needle`, given in lower case, occurs in `haystack` with ASCII letters compared
  /// without regard to case; copies nothing.
  public static func containsIgnoringCase(_ haystack: String, _ needle: String) -> Bool {
    search(haystack, needle) { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
  }

  /// Whether `needle` occurs in `haystack` once each byte of `haystack` is passed through `map`.
  @inline(__always)
  private static func search(_ haystack: String, _ needle: String, _ map: (UInt8) -> UInt8) -> Bool {
    var haystack = haystack
    var needle = needle
    return haystack.withUTF8 { hay in
      needle.withUTF8 { pin in
        guard !pin.isEmpty else { return true }
        guard hay.count >= pin.count else { return false }
        let last = hay.count - pin.count
        var index = 0
        while index <= last {
          var offset = 0
          while offset < pin.count && map(hay[index + offset]) == pin[offset] { offset += 1 }
          if offset == pin.count { return true }
          index += 1
        }
        return false
      }
    }
  }

  /// Whether any of `needles` (in lower case) occurs in `haystack`, ignoring ASCII case.
  public static func containsAnyIgnoringCase(_ haystack: String, _ needles: [String]) -> Bool {
    needles.contains { containsIgnoringCase(haystack, $0) }
  }

  /// Whether any of `needles` occurs in `haystack`.
  public static func containsAny(_ haystack: String, _ needles: [String]) -> Bool {
    needles.contains { contains(haystack, $0) }
  }
}

extension String {
  /// `uppercased()`, returning the string itself when it is ASCII with no lower-case letter (most
  /// setting names), so comparing names in upper case copies nothing on hot paths.
  public var upperCased: String {
    var copy = self
    let unchanged = copy.withUTF8 { bytes in
      !bytes.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }
    }
    return unchanged ? self : uppercased()
  }
}
