/// Decides whether a name (a web-storage key, a variable, a cookie name) looks like it holds an
/// authentication credential.
///
/// The name is split into lowercase words at camelCase humps, `_`, `-`, `.` and any other
/// character that is not a letter or a digit (`accessToken`, `ACCESS_TOKEN`, `x-api-key`,
/// `next-auth.session-token`). It matches when a word is one of `token`, `tokens`, `jwt`,
/// `bearer`, `auth`, `authorization`, `credential`, `credentials`, `secret`, `password` or
/// `apikey`, or when two adjacent words are `api key`, `session id`, `access token`,
/// `refresh token` or `id token`. Whole words only: `accessibilityMode`, `authorFilter` and
/// `sessionTheme` do not match.
public enum CredentialName {
  /// Words that mark a credential on their own.
  public static let credentialWords: Set<String> = [
    "token", "tokens", "jwt", "bearer", "auth", "authorization", "credential", "credentials",
    "secret", "password", "apikey",
  ]

  /// Adjacent word pairs that mark a credential together.
  public static let credentialWordPairs: Set<[String]> = [
    ["api", "key"], ["session", "id"], ["access", "token"], ["refresh", "token"], ["id", "token"],
  ]

  /// Whether `name` looks like a credential.
  public static func matches(_ name: String) -> Bool {
    let words = self.words(of: name)
    if words.contains(where: credentialWords.contains) { return true }
    guard words.count > 1 else { return false }
    for index in 0..<(words.count - 1) where credentialWordPairs.contains([words[index], words[index + 1]]) {
      return true
    }
    return false
  }

  /// The lowercase words of `name`: split at separators, at a lowercase-to-uppercase change
  /// (`accessToken`), before the last capital of a capital run followed by lowercase
  /// (`JWTToken` → `jwt`, `token`), and between letters and digits (`oauth2Token`).
  public static func words(of name: String) -> [String] {
    var words: [String] = []
    var current: [Character] = []
    func flush() {
      if !current.isEmpty { words.append(String(current).lowercased()) }
      current.removeAll(keepingCapacity: true)
    }
    let characters = Array(name)
    for (index, character) in characters.enumerated() {
      guard character.isLetter || character.isNumber else {
        flush()
        continue
      }
      if let previous = current.last {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        let hump = previous.isLowercase && character.isUppercase
        let acronymEnd = previous.isUppercase && character.isUppercase && (next?.isLowercase ?? false)
        let digitChange = previous.isNumber != character.isNumber
        if hump || acronymEnd || digitChange { flush() }
      }
      current.append(character)
    }
    flush()
    return words
  }
}
