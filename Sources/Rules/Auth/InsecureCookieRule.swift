import ArchCore
import PyAnalysis

/// `auth/insecure-cookie`: a credential cookie set without `httponly=True`, `secure=True` and a
/// `samesite` of Lax/Strict, and application settings that weaken cookie authentication
/// (Flask sessions, flask-jwt-extended).
public struct InsecureCookieRule: SemanticRule {
  public static let id = "auth/insecure-cookie"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let application = project.pythonApplicationFiles
    let tokens = project.tokens
    var hits: [RuleHit] = []
    var settings: [PyConfigSetting] = []
    for (file, python) in application {
      hits += cookieHits(file, python, flow: tokens.flow(in: python, index: file.tokenIndex))
      let fileSettings = python.configSettings
      for setting in fileSettings {
        if let message = weakening(setting) { hits.append(hit(file, at: setting.offset, message: message)) }
      }
      settings += fileSettings
    }
    hits += jwtManagerHits(application, settings: settings)
    return hits
  }

  // MARK: set_cookie calls

  /// Positional indexes of the flags in Werkzeug's and Starlette's `set_cookie(key, value,
  /// max_age, expires, path, domain, secure, httponly, samesite)`.
  static let secureIndex = 6
  static let httpOnlyIndex = 7
  static let sameSiteIndex = 8

  func cookieHits(_ file: AnalyzedFile, _ python: PythonFile, flow: TokenFlow) -> [RuleHit] {
    // Starlette (and so FastAPI) defaults `samesite` to "lax"; Werkzeug sends none.
    let sameSiteDefaultsToLax = python.imports(module: "fastapi") || python.imports(module: "starlette")
    var hits: [RuleHit] = []
    for site in python.calls {
      let call = site.call
      guard case .attribute(_, "set_cookie") = call.callee.expr,
        let nameValue = call.argument(0, keyword: "key")
      else { continue }
      let offset = site.range.lowerBound
      let name = cookieName(nameValue, flow: flow, before: offset, in: site.function)
      let carriesToken =
        call.argument(1, keyword: "value").map {
          flow.derivesToken($0, before: offset, in: site.function)
        } ?? false
      guard CredentialName.matches(name) || carriesToken else { continue }
      // A flag (`set_cookie("is_access_token_expired", "true")`) carries no credential.
      if let value = call.argument(1, keyword: "value"), Self.isFlagLiteral(value) { continue }
      let shownName = nameValue.stringLiteral.map { "'\($0)'" } ?? file.text(nameValue.range)

      var missing: [String] = []
      var weak: [String] = []
      for (keyword, index) in [("httponly", Self.httpOnlyIndex), ("secure", Self.secureIndex)] {
        switch flagProblem(call, keyword: keyword, index: index) {
        case .missing: missing.append("\(keyword)=True")
        case .weak(let text): weak.append("\(keyword)=\(text)")
        case nil: break
        }
      }
      switch sameSiteProblem(call, defaultsToLax: sameSiteDefaultsToLax) {
      case .missing: missing.append("samesite")
      case .weak(let text): weak.append("samesite=\(text)")
      case nil: break
      }
      var how: [String] = []
      if !missing.isEmpty { how.append("without " + Self.list(missing, conjunction: "or")) }
      if !weak.isEmpty { how.append("with " + Self.list(weak, conjunction: "and")) }
      guard !how.isEmpty else { continue }
      hits.append(
        hit(
          file, at: offset,
          message: "cookie \(shownName) carries a credential but is set \(how.joined(separator: " and ")); "
            + "set httponly=True, secure=True and samesite=\"Lax\" or \"Strict\""))
    }
    return hits
  }

  /// The cookie's name: a string literal, a string constant it names (local or module level),
  /// else the name of a constant (`AUTH_COOKIE`, `settings.AUTH_COOKIE`). A lower-case variable
  /// holds a name decided at run time (`set_cookie(token, "done")`): its own name says nothing.
  func cookieName(_ value: PyValue, flow: TokenFlow, before: Int, in function: Int?) -> String {
    if let literal = value.stringLiteral { return literal }
    if case .name(let name) = value.expr {
      let assigned =
        flow.localValue(of: name, before: before, in: function)
        ?? flow.localValue(of: name, before: Int.max, in: nil)
      if let literal = assigned?.value.stringLiteral { return literal }
      return name.contains(where: \.isLowercase) ? "" : name
    }
    return value.terminalName ?? ""
  }

  /// Whether a cookie value is a literal flag: a boolean, a number, or a string such as `"true"`,
  /// `"0"` or `""`.
  static func isFlagLiteral(_ value: PyValue) -> Bool {
    switch value.expr {
    case .bool, .number, .none: return true
    case .string(let text, isFormatted: false):
      return ["", "true", "false", "yes", "no", "on", "off", "0", "1"].contains(text.lowercased())
    default: return false
    }
  }

  /// What is wrong with a cookie flag.
  enum FlagProblem: Equatable {
    case missing
    /// Set to a weak literal, shown as written.
    case weak(String)
  }

  /// Why a boolean flag is not set to true: missing, or a false literal. A flag whose value is
  /// not a literal (read from config) is trusted; a `**options` splat may hide a missing flag.
  func flagProblem(_ call: PyCall, keyword: String, index: Int) -> FlagProblem? {
    guard let value = call.argument(index, keyword: keyword) else { return call.hasSplat ? nil : .missing }
    guard Self.isFalsy(value) else { return nil }
    return .weak(value.stringLiteral.map { "'\($0)'" } ?? literalText(value))
  }

  func sameSiteProblem(_ call: PyCall, defaultsToLax: Bool) -> FlagProblem? {
    guard let value = call.argument(Self.sameSiteIndex, keyword: "samesite") else {
      return call.hasSplat || defaultsToLax ? nil : .missing
    }
    switch value.expr {
    case .string(let text, isFormatted: false):
      return ["lax", "strict"].contains(text.lowercased()) ? nil : .weak("'\(text)'")
    case .none, .bool(false):
      return .weak(literalText(value))
    default:
      return nil
    }
  }

  func literalText(_ value: PyValue) -> String {
    switch value.expr {
    case .bool(let flag): return flag ? "True" : "False"
    case .none: return "None"
    case .number(let text): return text
    default: return "..."
    }
  }

  static func isFalsy(_ value: PyValue) -> Bool {
    switch value.expr {
    case .bool(false), .none: return true
    case .number(let text): return Double(text) == 0
    case .string(let text, isFormatted: false): return text.isEmpty
    default: return false
    }
  }

  /// `a`, `a or b`, `a, b or c` (with the given conjunction).
  static func list(_ items: [String], conjunction: String) -> String {
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
  }

  // MARK: Settings

  /// Boolean settings that must not be turned off.
  static let protectiveSettings: [String: String] = [
    "JWT_COOKIE_SECURE": "sends the JWT cookies over plain HTTP",
    "JWT_COOKIE_CSRF_PROTECT": "turns off CSRF protection of the JWT cookies",
    "SESSION_COOKIE_HTTPONLY": "lets page scripts read the session cookie",
    "SESSION_COOKIE_SECURE": "sends the session cookie over plain HTTP",
  ]

  /// The message for a setting that weakens cookie authentication, if it does.
  func weakening(_ setting: PyConfigSetting) -> String? {
    if let effect = Self.protectiveSettings[setting.name] {
      guard case .bool(false) = setting.value.expr else { return nil }
      return "\(setting.name) = False \(effect)"
    }
    switch setting.name {
    case "JWT_COOKIE_SAMESITE":
      guard let text = setting.value.stringLiteral, text.lowercased() == "none" else { return nil }
      return "JWT_COOKIE_SAMESITE = \"\(text)\" sends the JWT cookies with cross-site requests"
    case "JWT_TOKEN_LOCATION":
      guard let locations = Self.literalLocations(setting.value), !locations.contains("cookies") else {
        return nil
      }
      return "JWT_TOKEN_LOCATION does not include \"cookies\", so tokens travel in headers or bodies that "
        + "page scripts must store"
    default:
      return nil
    }
  }

  /// The locations of a literal `JWT_TOKEN_LOCATION` (a string or a list of strings), else nil.
  static func literalLocations(_ value: PyValue) -> [String]? {
    if let text = value.stringLiteral { return [text] }
    guard case .sequence(let items) = value.expr else { return nil }
    var result: [String] = []
    for item in items {
      guard let text = item.stringLiteral else { return nil }
      result.append(text)
    }
    return result
  }

  /// flask-jwt-extended's defaults: tokens in headers only, and cookies without `Secure`. Reported
  /// at each `JWTManager(...)` when the project never sets `JWT_TOKEN_LOCATION`, or uses cookies
  /// and never sets `JWT_COOKIE_SECURE`.
  func jwtManagerHits(
    _ application: [(file: AnalyzedFile, python: PythonFile)], settings: [PyConfigSetting]
  ) -> [RuleHit] {
    var managers: [(AnalyzedFile, Int)] = []
    var setsCookiesDirectly = false
    for (file, python) in application {
      if python.loadsExternalConfig { return [] }
      for site in python.calls {
        let name = site.call.callee.terminalName
        if name == "JWTManager" { managers.append((file, site.range.lowerBound)) }
        if name == "set_access_cookies" || name == "set_refresh_cookies" { setsCookiesDirectly = true }
      }
    }
    guard !managers.isEmpty else { return [] }
    let locations = settings.filter { $0.name == "JWT_TOKEN_LOCATION" }
    let message: String
    if locations.isEmpty {
      message =
        "JWT_TOKEN_LOCATION is never set, so flask-jwt-extended reads tokens from headers only; "
        + "set it to [\"cookies\"] and keep tokens in HttpOnly cookies"
    } else {
      let literal = locations.compactMap { Self.literalLocations($0.value) }
      let usesCookies =
        literal.contains { $0.contains("cookies") }
        || (literal.count < locations.count && setsCookiesDirectly)
      guard usesCookies, !settings.contains(where: { $0.name == "JWT_COOKIE_SECURE" }) else { return [] }
      message =
        "JWT_COOKIE_SECURE is never set, so flask-jwt-extended sends its cookies over plain HTTP "
        + "(the default is False); set JWT_COOKIE_SECURE = True"
    }
    return managers.map { hit($0.0, at: $0.1, message: message) }
  }
}
