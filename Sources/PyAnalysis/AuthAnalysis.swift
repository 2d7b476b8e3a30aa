import ArchCore

/// Where authentication tokens are minted and where they flow, across a project's Python files.
///
/// A *token call* is a call of `create_access_token`/`create_refresh_token` (flask-jwt-extended,
/// fastapi-jwt-auth), `jwt.encode` (PyJWT, python-jose, authlib), or a function whose name says it
/// mints one (`encode_token`, `create_jwt`, `generate_auth_token`; not CSRF, reset or
/// verification tokens), or of a project function that returns the result of a token call.
/// A *token payload* is a response body (a dict, `jsonify(...)`, `JSONResponse(...)`, a model
/// constructor) with a credential-named key whose value is derived from a token call.
public struct TokenAnalysis: Sendable {
  /// Names of project functions that return a freshly minted token.
  public let tokenFunctionNames: Set<String>
  /// Names of project functions that return a token payload.
  public let payloadFunctionNames: Set<String>

  /// How many calls deep the follow-ups through project functions and local variables go.
  static let maxDepth = 6

  /// Analyses the given modules (the project's application files), each with its index.
  public init(modules: [(file: PythonFile, index: TokenModuleIndex)]) {
    let files = modules.map(\.file)
    let indexes = modules.map(\.index)
    var callers: [String: [Int]]?
    tokenFunctionNames = TokenAnalysis.fixpoint(files, indexes, callers: &callers) {
      flow, value, offset, function in
      flow.derivesToken(value, before: offset, in: function)
    } flow: { file, index, found in
      TokenFlow(file: file, index: index, tokenFunctionNames: found, payloadFunctionNames: [])
    }
    let tokenNames = tokenFunctionNames
    payloadFunctionNames = TokenAnalysis.fixpoint(files, indexes, callers: &callers) {
      flow, value, offset, function in
      flow.isTokenPayload(value, before: offset, in: function)
    } flow: { file, index, found in
      TokenFlow(file: file, index: index, tokenFunctionNames: tokenNames, payloadFunctionNames: found)
    }
  }

  /// Names of the functions with a return value satisfying `test`, where `test` may rely on the
  /// names found so far; grows the set until it is stable or `maxDepth` rounds have run. After
  /// the first round only the modules that call a newly found name are tested again (`callers`,
  /// built when first needed, is shared between runs over the same modules).
  static func fixpoint(
    _ files: [PythonFile], _ indexes: [TokenModuleIndex], callers: inout [String: [Int]]?,
    test: (TokenFlow, PyValue, Int, Int) -> Bool,
    flow makeFlow: (PythonFile, TokenModuleIndex, Set<String>) -> TokenFlow
  ) -> Set<String> {
    var names: Set<String> = []
    // A module's result changes in a later round only when it calls a name found in the round
    // before; the others are not tested again.
    // Modules to test in the next round; all of them first.
    var active = Set(files.indices)
    for _ in 0..<maxDepth {
      var next = names
      for (position, (file, index)) in zip(files, indexes).enumerated() where active.contains(position) {
        let flow = makeFlow(file, index, names)
        for (function, returns) in index.returnsByFunction {
          let name = file.functions[function].name
          if !next.contains(name), returns.contains(where: { test(flow, $0.value, $0.offset, function) }) {
            next.insert(name)
          }
        }
      }
      if next == names { break }
      if callers == nil { callers = projectCallers(files, indexes) }
      active = []
      for name in next.subtracting(names) { active.formUnion(callers?[name] ?? []) }
      names = next
    }
    return names
  }

  /// For each name of a project function that returns a value, the modules that call a function
  /// of that name.
  static func projectCallers(_ files: [PythonFile], _ indexes: [TokenModuleIndex]) -> [String: [Int]] {
    var returning: Set<String> = []
    for (file, index) in zip(files, indexes) {
      for function in index.returnsByFunction.keys { returning.insert(file.functions[function].name) }
    }
    var callers: [String: [Int]] = [:]
    for (position, file) in files.enumerated() {
      for site in file.calls.indices {
        guard case .some(let name) = file.calls[site].call.callee.terminalName, returning.contains(name),
          callers[name]?.last != position
        else { continue }
        callers[name, default: []].append(position)
      }
    }
    return callers
  }

  /// The token flow of one module of the project.
  public func flow(in file: PythonFile, index: TokenModuleIndex) -> TokenFlow {
    TokenFlow(
      file: file, index: index, tokenFunctionNames: tokenFunctionNames,
      payloadFunctionNames: payloadFunctionNames)
  }

  /// Library functions that mint a token, by the name they are called with.
  public static let tokenMinters: Set<String> = ["create_access_token", "create_refresh_token"]

  /// Whether a function name says it mints an authentication token: a verb such as `create`,
  /// `encode`, `generate`, `issue`, `make`, `sign` or `mint` together with `token` or `jwt`, and
  /// none of the words of tokens that are meant to be shown or mailed (CSRF, password reset, email
  /// verification, invitations, personal API tokens).
  public static func nameMintsToken(_ name: String) -> Bool {
    if tokenMinters.contains(name) { return true }
    guard TextSearch.containsAnyIgnoringCase(name, ["token", "jwt"]) else { return false }
    let words = CredentialName.words(of: name)
    return words.contains(where: mintVerbs.contains) && words.contains(where: mintNouns.contains)
      && !words.contains(where: mintExclusions.contains)
  }

  static let mintVerbs: Set<String> = [
    "create", "encode", "generate", "issue", "make", "sign", "mint", "build",
  ]
  static let mintNouns: Set<String> = ["token", "tokens", "jwt"]
  static let mintExclusions: Set<String> = [
    "csrf", "xsrf", "reset", "verification", "verify", "confirm", "confirmation", "invite",
    "invitation", "email", "password", "unsubscribe", "upload", "download", "share", "api", "personal",
  ]

  /// Whether a response key names an authentication token (`access_token`, `token`, `jwt`,
  /// `refresh`, `idToken`), and not its metadata (`token_type`, `expires_in`) or a CSRF token.
  public static func isTokenKey(_ key: String) -> Bool {
    // Words are lower-cased pieces of the key: without one of these pieces no word can match.
    let pieces = ["token", "jwt", "bearer", "access", "refresh", "auth", "credential"]
    guard TextSearch.containsAnyIgnoringCase(key, pieces) else { return false }
    let words = CredentialName.words(of: key)
    return words.contains(where: tokenKeyWords.contains)
      && !words.contains(where: tokenMetadataWords.contains)
  }

  static let tokenKeyWords: Set<String> = [
    "token", "tokens", "jwt", "bearer", "access", "refresh", "auth", "credential", "credentials",
  ]
  static let tokenMetadataWords: Set<String> = [
    "csrf", "xsrf", "type", "expires", "expiry", "exp", "expiration", "ttl", "lifetime",
  ]
}

/// Token flow inside one module: which calls mint tokens, which values derive from them, and
/// which returned values are token payloads.
public struct TokenFlow: Sendable {
  public let file: PythonFile
  let index: TokenModuleIndex
  let tokenFunctionNames: Set<String>
  let payloadFunctionNames: Set<String>

  init(
    file: PythonFile, index: TokenModuleIndex, tokenFunctionNames: Set<String>,
    payloadFunctionNames: Set<String>
  ) {
    self.file = file
    self.index = index
    self.tokenFunctionNames = tokenFunctionNames
    self.payloadFunctionNames = payloadFunctionNames
  }

  /// The return statements (with a value) of the function at `function` itself, not of nested
  /// functions.
  public func returns(of function: Int) -> [(value: PyValue, offset: Int)] {
    index.returnsByFunction[function] ?? []
  }

  /// Whether `call` mints a token, directly or through a project function.
  public func isTokenCall(_ call: PyCall) -> Bool {
    if case .attribute(let object, "encode") = call.callee.expr, let receiver = object.dottedName,
      index.jwtModuleNames.contains(receiver) || receiver.hasSuffix(".jwt")
    {
      return true
    }
    if let name = call.callee.dottedName, index.jwtEncodeNames.contains(name) { return true }
    guard let name = call.callee.terminalName else { return false }
    return TokenAnalysis.nameMintsToken(name) || tokenFunctionNames.contains(name)
  }

  /// Whether `value`, evaluated at byte `before` inside the function at `function`, is a minted
  /// token: a token call, a local name last assigned from one, or such a value converted
  /// (`tok.decode("utf-8")`, `str(tok)`, `"Bearer " + tok`, `tokens["access"]`).
  public func derivesToken(_ value: PyValue, before: Int, in function: Int?, depth: Int = 0) -> Bool {
    guard depth < TokenAnalysis.maxDepth else { return false }
    let next = depth + 1
    switch value.expr {
    case .call(let call):
      if isTokenCall(call) { return true }
      if case .attribute(let object, _) = call.callee.expr {
        return derivesToken(object, before: before, in: function, depth: next)
      }
      if call.callee.dottedName == "str", let argument = call.arguments.first {
        return derivesToken(argument, before: before, in: function, depth: next)
      }
      return false
    case .name(let name):
      guard let assigned = localValue(of: name, before: before, in: function) else { return false }
      return derivesToken(assigned.value, before: assigned.offset, in: function, depth: next)
    case .attribute(let object, _), .subscript(let object, _):
      return derivesToken(object, before: before, in: function, depth: next)
    case .binary(_, let left, let right), .boolean(_, let left, let right),
      .conditional(let left, _, let right):
      return derivesToken(left, before: before, in: function, depth: next)
        || derivesToken(right, before: before, in: function, depth: next)
    default:
      return false
    }
  }

  /// Whether `value` is a response body holding a token under a credential-named key.
  public func isTokenPayload(_ value: PyValue, before: Int, in function: Int?, depth: Int = 0) -> Bool {
    guard depth < TokenAnalysis.maxDepth else { return false }
    let next = depth + 1
    switch value.expr {
    case .dict(let pairs):
      return pairs.contains { pair in
        guard let key = pair.key else {
          return isTokenPayload(pair.value, before: before, in: function, depth: next)
        }
        if let name = key.stringLiteral, TokenAnalysis.isTokenKey(name),
          derivesToken(pair.value, before: before, in: function, depth: next)
        {
          return true
        }
        return isTokenPayload(pair.value, before: before, in: function, depth: next)
      }
    case .sequence(let items):
      return items.contains { isTokenPayload($0, before: before, in: function, depth: next) }
    case .conditional(let body, _, let otherwise):
      return isTokenPayload(body, before: before, in: function, depth: next)
        || isTokenPayload(otherwise, before: before, in: function, depth: next)
    case .name(let name):
      guard let assigned = localValue(of: name, before: before, in: function) else { return false }
      return isTokenPayload(assigned.value, before: assigned.offset, in: function, depth: next)
    case .call(let call):
      guard let name = call.callee.terminalName else { return false }
      if TokenFlow.isBodyBuilder(name) {
        for keyword in call.keywords {
          if TokenAnalysis.isTokenKey(keyword.name),
            derivesToken(keyword.value, before: before, in: function, depth: next)
          {
            return true
          }
          if isTokenPayload(keyword.value, before: before, in: function, depth: next) { return true }
        }
        return call.arguments.contains { isTokenPayload($0, before: before, in: function, depth: next) }
      }
      return payloadFunctionNames.contains(name)
    default:
      return false
    }
  }

  /// Calls whose arguments become the response body: `jsonify`, `dict`, `make_response`,
  /// `json.dumps`, Starlette/FastAPI responses, and constructors of response models
  /// (`TokenResponse(access_token=...)`). Redirects and exceptions are not bodies.
  static func isBodyBuilder(_ name: String) -> Bool {
    if bodyBuilders.contains(name) { return true }
    guard let first = name.first, first.isUppercase else { return false }
    return !notBodies.contains(name) && !name.hasSuffix("Error") && !name.hasSuffix("Exception")
  }

  static let bodyBuilders: Set<String> = ["jsonify", "dict", "make_response", "dumps", "Response"]
  static let notBodies: Set<String> = ["RedirectResponse", "HTTPException", "Exception"]

  /// The value last assigned to local `name` before byte `before` in the function at `function`
  /// (module level when nil). For `a, b = x, y` the matching element is returned.
  public func localValue(of name: String, before: Int, in function: Int?) -> (value: PyValue, offset: Int)? {
    var found: (value: PyValue, offset: Int)?
    for assignment in index.assignmentsByFunction[function ?? TokenModuleIndex.moduleLevel] ?? [] {
      guard assignment.range.lowerBound < before else { continue }
      guard assignment.range.lowerBound >= (found?.offset ?? -1), let value = assignment.value else {
        continue
      }
      for target in assignment.targets {
        switch target.expr {
        case .name(let targetName) where targetName == name:
          found = (value, assignment.range.lowerBound)
        case .sequence(let names):
          guard let position = names.firstIndex(where: { $0.expr == .name(name) }) else { continue }
          if case .sequence(let values) = value.expr, values.count == names.count {
            found = (values[position], assignment.range.lowerBound)
          } else {
            found = (value, assignment.range.lowerBound)
          }
        default:
          continue
        }
      }
    }
    return found
  }
}

/// Lookups of one module that stay the same while the project is analysed.
/// What the token analysis looks up in one module, grouped once per file.
public struct TokenModuleIndex: Sendable {
  /// The key of module-level statements in `assignmentsByFunction`.
  static let moduleLevel = -1

  /// Returned values by function index, in source order.
  let returnsByFunction: [Int: [(value: PyValue, offset: Int)]]
  /// Assignments by function index (`moduleLevel` for the module), in source order.
  let assignmentsByFunction: [Int: [PyAssignment]]
  /// Local names bound to a JWT module (`import jwt`, `from jose import jwt`, aliases).
  let jwtModuleNames: Set<String>
  /// Local names bound to a JWT library's `encode` (`from jwt import encode`).
  let jwtEncodeNames: Set<String>

  public init(_ file: PythonFile) {
    var returns: [Int: [(value: PyValue, offset: Int)]] = [:]
    for item in file.returns {
      guard let function = item.function, let value = item.value else { continue }
      returns[function, default: []].append((value, item.range.lowerBound))
    }
    returnsByFunction = returns
    assignmentsByFunction = Dictionary(grouping: file.assignments) {
      $0.function ?? TokenModuleIndex.moduleLevel
    }
    var modules: Set<String> = ["jwt"]
    var encoders: Set<String> = []
    for item in file.imports {
      let isJWTModule = item.module == "jwt" || item.module.hasSuffix(".jwt")
      if item.name == nil, isJWTModule {
        modules.insert(item.alias ?? item.module)
      } else if item.name == "jwt" {
        modules.insert(item.alias ?? "jwt")
      } else if isJWTModule, item.name == "encode" {
        encoders.insert(item.alias ?? "encode")
      }
    }
    jwtModuleNames = modules
    jwtEncodeNames = encoders
  }
}

/// One application setting given a value in code: `JWT_COOKIE_SECURE = False` at module or class
/// level, `app.config["X"] = ...`, `app.config.update(X=...)` or `app.config.from_mapping(X=...)`
/// (keywords or a dict literal).
public struct PyConfigSetting: Sendable {
  public let name: String
  public let value: PyValue
  /// Where a finding about the setting goes: the statement, the keyword or the dict key.
  public let offset: Int
}

extension PythonFile {
  /// Methods of `app.config` that load settings from outside the code (the environment or a file).
  static let externalConfigLoaders: Set<String> = [
    "from_prefixed_env", "from_envvar", "from_file", "from_pyfile", "from_json",
  ]

  /// Every setting this module gives a value, in source order.
  public var configSettings: [PyConfigSetting] {
    var settings: [PyConfigSetting] = []
    for assignment in assignments {
      guard let value = assignment.value else { continue }
      for target in assignment.targets {
        switch target.expr {
        case .name(let name) where assignment.function == nil && PythonFile.isSettingName(name):
          settings.append(PyConfigSetting(name: name, value: value, offset: assignment.range.lowerBound))
        case .subscript(let base, let key?) where base.terminalName == "config":
          guard let name = key.stringLiteral else { continue }
          settings.append(PyConfigSetting(name: name, value: value, offset: assignment.range.lowerBound))
        default:
          continue
        }
      }
    }
    for site in calls {
      guard case .attribute(let object, let method) = site.call.callee.expr, object.terminalName == "config",
        method == "update" || method == "from_mapping"
      else { continue }
      for keyword in site.call.keywords {
        settings.append(
          PyConfigSetting(name: keyword.name, value: keyword.value, offset: keyword.range.lowerBound))
      }
      for argument in site.call.arguments {
        guard case .dict(let pairs) = argument.expr else { continue }
        for pair in pairs {
          guard let key = pair.key, let name = key.stringLiteral else { continue }
          settings.append(PyConfigSetting(name: name, value: pair.value, offset: key.offset))
        }
      }
    }
    return settings.sorted { $0.offset < $1.offset }
  }

  /// Whether the module loads `app.config` from the environment or a file
  /// (`app.config.from_prefixed_env()`, `from_envvar`, `from_pyfile`, ...), so settings the code
  /// never assigns may still be set.
  public var loadsExternalConfig: Bool {
    calls.contains { site in
      guard case .attribute(let object, let method) = site.call.callee.expr else { return false }
      return object.terminalName == "config" && PythonFile.externalConfigLoaders.contains(method)
    }
  }

  /// `UPPER_CASE` names, the convention for settings.
  static func isSettingName(_ name: String) -> Bool {
    // Identifiers that are settings are ASCII: upper-case letters, digits and underscores, with
    // at least one letter.
    var hasLetter = false
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): hasLetter = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): break
      default: return false
      }
    }
    return hasLetter
  }
}
