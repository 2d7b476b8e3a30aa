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

  /// Whether `needle`, given in lower case, occurs in `haystack` with ASCII letters compared
  /// without regard to case; copies nothing.
  public static func containsIgnoringCase(_ haystack: String, _ needle: String) -> Bool {
    var haystack = haystack
    var needle = needle
    return haystack.withUTF8 { hay in
      needle.withUTF8 { pin in
        guard !pin.isEmpty else { return true }
        guard hay.count >= pin.count else { return false }
        @inline(__always) func lower(_ byte: UInt8) -> UInt8 {
          byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        }
        let last = hay.count - pin.count
        var index = 0
        while index <= last {
          var offset = 0
          while offset < pin.count && lower(hay[index + offset]) == pin[offset] { offset += 1 }
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
