import ArchCore

/// What guards each route of a `RouteTable`: authentication (decorators, `before_request` hooks,
/// FastAPI dependencies) and rate limits (Flask-Limiter and slowapi decorators, limits applied to
/// a blueprint, an application-wide `default_limits` — for FastAPI only with slowapi's
/// `SlowAPIMiddleware` added, which is what applies them to every route).
///
/// Authentication is recognised through import aliases, through project decorators whose body
/// applies an auth decorator, calls `verify_jwt_in_request()` or checks `current_user`, through a
/// `before_request` hook of the route's blueprint (or any blueprint or application it is registered
/// in) that does the same, and for FastAPI through `Depends(f)`/`Security(f)` in the signature, an
/// `Annotated[..., Depends(f)]` alias defined in the project, or `dependencies=[...]` on the router,
/// its registrations or the application, where `f`'s name contains `user`, `auth`, `token`,
/// `principal`, `login` or `verify`, or is configured.
public struct RouteGuards: Sendable {
  /// Names of decorators that authenticate: the configured ones and project decorators that wrap one.
  public let authDecorators: Set<String>
  /// Per route (index into `RouteTable.routes`): whether it requires authentication.
  public let authenticated: [Bool]
  /// Per route: whether a rate limit applies.
  public let rateLimited: [Bool]

  /// Words that make a FastAPI dependency an authentication dependency.
  static let dependencyWords = ["user", "auth", "token", "principal", "login", "verify"]
  /// Calls whose presence in a hook or decorator body means the request is authenticated there.
  static let verifyingCalls: Set<String> = [
    "verify_jwt_in_request", "login_required", "jwt_required", "get_jwt_identity", "auth_required",
  ]

  public init(routes table: RouteTable, graph: ModuleGraph, settings: AnalysisSettings) {
    let configured = Set(settings.authDecorators)
    // Only these names can make a function authenticate: the verifying calls, the configured
    // decorators and the project's own top-level functions (candidate decorators).
    var candidates = RouteGuards.verifyingCalls.union(configured)
    for module in graph.modules {
      for function in module.file.functions where function.parent == nil { candidates.insert(function.name) }
    }
    let scopes = graph.modules.map { FunctionScopes($0, keeping: candidates) }
    // Project decorators that authenticate, found to a fixed point (a decorator may wrap another).
    var decorators = configured
    for _ in 0..<4 {
      var grew = false
      for (moduleIndex, module) in graph.modules.enumerated() {
        for (index, function) in module.file.functions.enumerated()
        where function.parent == nil && !decorators.contains(function.name) {
          if scopes[moduleIndex].authenticates(index, decorators: decorators) {
            decorators.insert(function.name)
            grew = true
          }
        }
      }
      if !grew { break }
    }
    authDecorators = decorators

    // Owners whose hooks authenticate every request.
    var guardedOwners: Set<Int> = []
    for (index, owner) in table.owners.enumerated() {
      if owner.beforeRequest.contains(where: {
        scopes[$0.module].authenticates($0.function, decorators: decorators)
      }) {
        guardedOwners.insert(index)
      }
      if owner.dependencies.contains(where: { RouteGuards.isAuthDependency($0, settings: settings) }) {
        guardedOwners.insert(index)
      }
    }
    var guardedRegistrations: Set<Int> = []
    for registration in table.registrations
    where registration.dependencies.contains(where: { RouteGuards.isAuthDependency($0, settings: settings) })
    {
      guardedRegistrations.insert(registration.child)
    }

    // Rate limits on owners: `limiter.limit("5/minute")(bp)` and an application-wide default.
    var limitedOwners: Set<Int> = []
    var defaultLimits = false
    var slowAPIMiddleware = false
    for (moduleIndex, module) in graph.modules.enumerated() {
      for site in module.file.calls {
        if case .call(let inner) = site.call.callee.expr, RouteGuards.isLimitCall(inner.callee),
          let target = site.call.argument(0),
          let ownerIndex = table.owners.indices.first(where: {
            table.owners[$0].module == moduleIndex && table.owners[$0].name == target.dottedName
          })
        {
          limitedOwners.insert(ownerIndex)
        }
        if site.call.callee.terminalName == "Limiter", site.call.keyword("default_limits") != nil {
          defaultLimits = true
        }
        // slowapi applies `default_limits` to every route through its middleware.
        if site.call.callee.terminalName == "add_middleware",
          let middleware = site.call.argument(0, keyword: "middleware_class")?.terminalName,
          middleware == "SlowAPIMiddleware" || middleware == "SlowAPIASGIMiddleware"
        {
          slowAPIMiddleware = true
        }
      }
    }

    var authenticated: [Bool] = []
    var rateLimited: [Bool] = []
    for route in table.routes {
      let module = graph.modules[route.handler.module]
      let function = module.file.functions[route.handler.function]
      let chain = route.owner.map { [$0] + table.ancestors(of: $0) } ?? []
      var isAuthenticated = function.decorators.contains { decorator in
        RouteGuards.isAuthDecorator(decorator.value, module: module, decorators: decorators)
      }
      if !isAuthenticated, let classIndex = function.classIndex {
        isAuthenticated = RouteGuards.classDecorates(classIndex, in: module, with: decorators)
      }
      if !isAuthenticated {
        isAuthenticated = chain.contains { guardedOwners.contains($0) || guardedRegistrations.contains($0) }
      }
      if !isAuthenticated, route.framework == .fastAPI {
        isAuthenticated = function.parameters.contains { parameter in
          RouteGuards.isAuthParameter(parameter, module: module, graph: graph, settings: settings)
        }
        isAuthenticated =
          isAuthenticated
          || function.decorators.contains { decorator in
            RouteTable.sequence(decorator.value.call?.keyword("dependencies")?.value).contains {
              RouteGuards.isAuthDependency($0, settings: settings)
            }
          }
      }
      authenticated.append(isAuthenticated)
      let limited =
        function.decorators.contains { RouteGuards.isLimitDecorator($0.value) }
        || chain.contains(where: limitedOwners.contains)
        || (defaultLimits && (route.framework == .flask || slowAPIMiddleware))
      rateLimited.append(limited)
    }
    self.authenticated = authenticated
    self.rateLimited = rateLimited
  }

  // MARK: Authentication

  /// Whether a decorator expression applies an authenticating decorator (`@jwt_required()`,
  /// `@login_required`, `@auth.login_required`, an alias imported under another name).
  static func isAuthDecorator(_ value: PyValue, module: ModuleGraph.Module, decorators: Set<String>) -> Bool {
    let target = value.call?.callee ?? value
    guard let name = target.terminalName else { return false }
    if decorators.contains(name) { return true }
    if case .name(let local) = target.expr, let imported = module.importedNames[local]?.name {
      return decorators.contains(imported)
    }
    return false
  }

  /// Whether a `MethodView` class lists an auth decorator in `decorators = [...]`.
  static func classDecorates(_ classIndex: Int, in module: ModuleGraph.Module, with decorators: Set<String>)
    -> Bool
  {
    module.file.assignments.contains { assignment in
      guard assignment.classIndex == classIndex, assignment.function == nil,
        assignment.targets.contains(where: {
          $0.dottedName == "decorators" || $0.dottedName == "method_decorators"
        }),
        let value = assignment.value
      else { return false }
      return RouteTable.sequence(value).contains {
        isAuthDecorator($0, module: module, decorators: decorators)
      }
    }
  }

  /// `Depends(f)` / `Security(f)` where `f` names an auth dependency.
  static func isAuthDependency(_ value: PyValue, settings: AnalysisSettings) -> Bool {
    guard let call = value.call, let callee = call.callee.terminalName,
      callee == "Depends" || callee == "Security",
      let dependency = call.argument(0, keyword: "dependency")
    else { return false }
    let target = dependency.call?.callee ?? dependency
    guard let name = target.terminalName else { return false }
    if settings.authDecorators.contains(name) { return true }
    let lower = name.lowercased()
    return dependencyWords.contains { TextSearch.contains(lower, $0) }
  }

  /// A FastAPI parameter that depends on authentication: a `Depends`/`Security` default, an
  /// `Annotated[..., Depends(f)]` annotation, or a project alias of one.
  static func isAuthParameter(
    _ parameter: PyParameter, module: ModuleGraph.Module, graph: ModuleGraph, settings: AnalysisSettings
  ) -> Bool {
    if let value = parameter.defaultValue, isAuthDependency(value, settings: settings) { return true }
    guard let annotation = parameter.annotation else { return false }
    if annotation.contains(where: { isAuthDependency($0, settings: settings) }) { return true }
    // `CurrentUser = Annotated[User, Depends(get_current_user)]` defined in the project.
    guard let moduleIndex = graph.module(path: module.path),
      case .variable(let target, let variable)? = graph.resolve(dotted: annotation, in: moduleIndex)
    else { return false }
    return graph.modules[target].file.assignments.contains { assignment in
      assignment.function == nil && assignment.targets.contains(where: { $0.dottedName == variable })
        && (assignment.value?.contains(where: { isAuthDependency($0, settings: settings) }) ?? false)
    }
  }

  // MARK: Rate limits

  /// `limiter.limit(...)`, `limiter.shared_limit(...)`, `limit(...)`, `rate_limit(...)`,
  /// `ratelimit(...)`, `throttle(...)` used as a decorator.
  static func isLimitDecorator(_ value: PyValue) -> Bool {
    guard let call = value.call else { return false }
    return isLimitCall(call.callee)
  }

  static func isLimitCall(_ callee: PyValue) -> Bool {
    guard let name = callee.terminalName?.lowercased() else { return false }
    return ["limit", "shared_limit", "rate_limit", "ratelimit", "throttle", "limits"].contains(name)
  }
}

/// What each function of a module does in its body, nested functions included, as far as
/// authentication goes: the names it calls and the decorators its nested functions carry (import
/// aliases read as the imported name), and whether it checks `current_user` in a condition that
/// aborts or raises. Built in one pass over the module's facts.
struct FunctionScopes {
  private var names: [Set<String>]
  private var checksCurrentUser: [Bool]

  /// The scopes of `module`'s functions, keeping only the names in `candidates`.
  init(_ module: ModuleGraph.Module, keeping candidates: Set<String>) {
    let file = module.file
    names = Array(repeating: [], count: file.functions.count)
    checksCurrentUser = Array(repeating: false, count: file.functions.count)
    func add(_ value: PyValue, from function: Int?) {
      let target = value.call?.callee ?? value
      guard let name = target.terminalName else { return }
      var found: [String] = []
      if candidates.contains(name) { found.append(name) }
      if case .name(let local) = target.expr, let imported = module.importedNames[local]?.name,
        candidates.contains(imported)
      {
        found.append(imported)
      }
      guard !found.isEmpty else { return }
      var current = function
      while let index = current {
        names[index].formUnion(found)
        current = file.functions[index].parent
      }
    }
    for site in file.calls { add(site.call.callee, from: site.function) }
    for function in file.functions where function.parent != nil {
      for decorator in function.decorators { add(decorator.value, from: function.parent) }
    }
    for check in file.raisingChecks
    where check.condition.contains(where: { $0.dottedName?.hasPrefix("current_user") == true }) {
      var current = check.function
      while let index = current {
        checksCurrentUser[index] = true
        current = file.functions[index].parent
      }
    }
  }

  /// Whether the function at `index` authenticates what it wraps or guards: it applies an auth
  /// decorator (to an inner function or itself), calls one of `RouteGuards.verifyingCalls`, or
  /// checks `current_user` in a condition that aborts or raises.
  func authenticates(_ index: Int, decorators: Set<String>) -> Bool {
    if checksCurrentUser[index] { return true }
    // Most functions call nothing that could authenticate.
    guard !names[index].isEmpty else { return false }
    return names[index].contains { RouteGuards.verifyingCalls.contains($0) || decorators.contains($0) }
  }
}
