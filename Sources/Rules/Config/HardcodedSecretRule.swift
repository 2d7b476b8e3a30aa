import PyAnalysis

/// `config/hardcoded-secret`: a string literal given to a secret setting in application code —
/// assigned (plain name, class attribute, `obj.attr`, `app.config["X"]`, a `config.update`
/// entry), passed as a keyword argument (`f(secret_key="...")`, names compared case-insensitively),
/// or used as the default of an environment read of a secret that is not a required setting.
///
/// A literal default in a read of a required setting is `config/unguarded-env`'s, never this
/// rule's. Empty strings are never reported; obvious placeholders (`changeme`, `<secret>`,
/// `your-secret-here`, `xxx`) are not reported as defaults of environment reads, where they
/// only stand in for the real value.
public struct HardcodedSecretRule: SemanticRule {
  public static let id = "config/hardcoded-secret"

  /// Settings that hold secrets whatever their suffix.
  static let secretNames: Set<String> = [
    "SECRET", "SECRET_KEY", "JWT_SECRET_KEY", "SECURITY_PASSWORD_SALT", "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET", "API_KEY", "PASSWORD",
  ]
  static let secretSuffixes = ["_SECRET", "_SECRET_KEY", "_API_KEY", "PASSWORD"]
  /// Whole values, lower-cased with everything but letters and digits removed, that only stand in
  /// for a real secret.
  static let placeholderWords: Set<String> = [
    "changeme", "changethis", "changeit", "setme", "replaceme", "replacethis", "placeholder", "todo",
    "tbd", "fixme", "none", "null", "notset", "unset", "empty", "dummy", "example", "redacted",
  ]

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let required = Set(project.settings.requiredSettings.map { $0.uppercased() })
    var hits: [RuleHit] = []
    for (file, _) in project.pythonApplicationFiles {
      let settings = file.settingsAnalysis
      var offsets: Set<Int> = []
      func report(_ offset: Int, _ message: String) {
        if offsets.insert(offset).inserted { hits.append(hit(file, at: offset, message: message)) }
      }
      // Defaults of environment reads belong to the read, never to an assignment around it.
      var readDefaults: Set<Range<Int>> = []
      for read in settings.envReads {
        read.defaults.forEach { readDefaults.insert($0.range) }
        guard let secret = read.name(where: Self.isSecretName), read.name(where: required.contains) == nil
        else { continue }
        let literal = read.defaults.lazy.compactMap(\.stringLiteral).first { !Self.isPlaceholder($0) }
        if literal != nil {
          report(
            read.range.lowerBound,
            "`\(secret)` falls back to a secret written in the code; "
              + (read.source == .settingsField
                ? "declare the field without a default" : "require it from the environment with no default"))
        }
      }
      for write in settings.settingWrites where Self.isSecretName(write.target.settingName) {
        let literal = SettingsAnalysis.possibleValues(write.value).first { value in
          guard !readDefaults.contains(value.range), let text = value.stringLiteral else { return false }
          return !text.allSatisfy(\.isWhitespace)
            && !Self.namesASetting(text, heldBy: write.target.settingName)
        }
        guard literal != nil else { continue }
        let name = write.target.name
        let what = write.target.form == .keyword ? "argument `\(name)`" : "`\(name)`"
        report(write.offset, "\(what) is a secret written in the code; read it from the environment")
      }
    }
    return hits
  }

  /// Whether a value names a setting instead of holding a secret: the name of a constant that only
  /// looks like a secret setting, repeated as its value (`RESET_PASSWORD = "reset_password"`; the
  /// secret settings themselves, such as `SECRET_KEY = "secret_key"`, are still reported), or a
  /// dotted configuration key (`_config_encode_secret = "api_token.jwt.encode.secret"`).
  static func namesASetting(_ value: String, heldBy name: String) -> Bool {
    if value.lowercased() == name.lowercased() && !secretNames.contains(name.uppercased()) { return true }
    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count >= 2
      && parts.allSatisfy { part in
        guard let first = part.first, first.isLowercase || first == "_" else { return false }
        return part.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
      }
  }

  /// Whether a setting or keyword name (any case) names a secret.
  static func isSecretName(_ name: String) -> Bool {
    let upper = name.upperCased
    return secretNames.contains(upper) || secretSuffixes.contains { upper.hasSuffix($0) }
  }

  /// Whether a default only stands in for a real secret: empty or blank, `<...>`, `{{...}}`,
  /// `${...}`, a run of `x`/`*`/`.`, a word such as `changeme` or `placeholder` in any case and
  /// with any separators, or a phrase starting with `your` (`your-secret-here`).
  static func isPlaceholder(_ value: String) -> Bool {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return true }
    if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") { return true }
    if (trimmed.hasPrefix("{{") || trimmed.hasPrefix("${")) && trimmed.hasSuffix("}") { return true }
    if trimmed.count >= 3 && trimmed.lowercased().allSatisfy({ "x*.".contains($0) }) { return true }
    let word = String(trimmed.lowercased().filter { $0.isLetter || $0.isNumber })
    if placeholderWords.contains(word) { return true }
    return word.hasPrefix("your") || word.hasPrefix("changeme") || word.hasPrefix("replaceme")
  }
}
