import ArchCore
import TSAnalysis

/// `auth/token-in-web-storage`: an auth credential written to `localStorage`/`sessionStorage`,
/// and a web-storage read whose value goes into an `Authorization` header.
public struct TokenInWebStorageRule: SemanticRule {
  public static let id = "auth/token-in-web-storage"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    var hits: [RuleHit] = []
    for (file, script) in project.scriptApplicationFiles {
      for access in script.storageAccesses where access.kind == .write {
        if let message = Self.writeMessage(access) {
          hits.append(hit(file, at: access.range.lowerBound, message: message))
        }
      }
      // Keys under which this file stores something credential-looking: reading one of them back
      // into a header is reading "such a key" even when the key's own name is neutral.
      let credentialKeys = Set(
        script.storageAccesses.filter { $0.kind == .write && Self.writeMessage($0) != nil }
          .flatMap { Self.keyTexts($0.key) })
      var reportedReads: Set<Int> = []
      for header in script.authorizationHeaders {
        for index in header.storageReads where reportedReads.insert(index).inserted {
          let read = script.storageAccesses[index]
          let keyTexts = Self.keyTexts(read.key)
          let isCredentialKey =
            keyTexts.contains(where: CredentialName.matches)
            || keyTexts.contains(where: credentialKeys.contains)
          guard isCredentialKey else { continue }
          hits.append(hit(file, at: read.range.lowerBound, message: Self.readMessage(read)))
        }
      }
    }
    return hits
  }

  /// The texts a key is known by: its literal, template text or name.
  static func keyTexts(_ key: ScriptOperand) -> [String] {
    [key.literal, key.template, key.name].compactMap { $0 }
  }

  /// Why a write stores a credential, or nil when it does not: the key looks like a credential
  /// (`"access_token"`, `TOKEN_KEY`, `keys.jwt`), or the value's name does (`accessToken`).
  static func writeMessage(_ write: WebStorageAccess) -> String? {
    guard let value = write.value, !isClearingValue(value.text) else { return nil }
    let key = write.key
    let storage = write.storage.rawValue
    let keyLooksLikeCredential = [key.literal, key.template, key.name].contains { text in
      text.map(CredentialName.matches) ?? false
    }
    if keyLooksLikeCredential {
      return "\(describe(key)) is stored in \(storage), where any script on the page can read it; "
        + "keep auth tokens in an HttpOnly cookie"
    }
    guard let name = value.name, CredentialName.matches(name) else { return nil }
    return
      "`\(name)` is stored in \(storage) under \(describe(key)), where any script on the page can read it; "
      + "keep auth tokens in an HttpOnly cookie"
  }

  static func readMessage(_ read: WebStorageAccess) -> String {
    "\(describe(read.key)) is read from \(read.storage.rawValue) into an Authorization header, so the "
      + "credential lives in web storage; send it as an HttpOnly cookie instead"
  }

  /// A key as the message shows it: the string when known, else the expression's name.
  static func describe(_ key: ScriptOperand) -> String {
    if let literal = key.literal { return "\"\(literal)\"" }
    if let template = key.template { return "`\(template)`" }
    if let name = key.name { return "`\(name)`" }
    return "a computed key"
  }

  /// Whether a written value is a literal that holds no credential (`""`, `null`, `false`, `0`),
  /// as when a flag is set or an entry is cleared.
  static func isClearingValue(_ text: String) -> Bool {
    ["\"\"", "''", "``", "null", "undefined", "true", "false"].contains(text) || Double(text) != nil
  }
}
