/// Every HTTP route the project's Python code serves, with blueprint and router prefixes applied.
///
/// Flask: applications (`Flask(...)`), blueprints (`Blueprint(..., url_prefix=)`, nested through
/// `parent.register_blueprint(child, url_prefix=)`, where a registration prefix replaces the
/// blueprint's own and nested prefixes compose), routes from `@x.route`/`@x.get`/... and
/// `x.add_url_rule(rule, endpoint, view_func)` (a `MethodView.as_view(...)` serves one route per
/// method the class defines), and `before_request` hooks. FastAPI: applications, `APIRouter(prefix=,
/// dependencies=)`, `include_router(router, prefix=, dependencies=)` (prefixes concatenate),
/// `@router.get(...)`/`api_route` and `add_api_route`. Owners and handlers are followed across
/// modules through `ModuleGraph`.
public struct RouteTable: Sendable {
  public enum Framework: Sendable, Hashable {
    case flask
    case fastAPI
  }

  /// An object routes are registered on: an application, a blueprint or a router.
  public struct Owner: Sendable {
    public enum Kind: Sendable, Hashable {
      case application
      case blueprint
    }

    public let module: Int
    /// The variable it is bound to (`bp`, `app`, `api.router` as written).
    public let name: String
    public let kind: Kind
    public let framework: Framework
    /// The constructor call.
    public let offset: Int
    /// `url_prefix=` of a blueprint or `prefix=` of a router, as written.
    public let ownPrefix: String?
    /// `dependencies=[...]` of a FastAPI application or router.
    public let dependencies: [PyValue]
    /// `before_request` hooks registered on it.
    public internal(set) var beforeRequest: [ModuleGraph.FunctionRef] = []
  }

  /// `parent.register_blueprint(child, ...)` or `parent.include_router(child, ...)`.
  public struct Registration: Sendable {
    public let parent: Int
    public let child: Int
    public let prefix: String?
    public let dependencies: [PyValue]
  }

  /// One route: a handler serving some methods on one path.
  public struct Route: Sendable {
    public let framework: Framework
    /// Index into `owners`, when the receiver is a known application, blueprint or router.
    public let owner: Int?
    /// The function that handles the request.
    public let handler: ModuleGraph.FunctionRef
    /// HTTP methods, upper-case (empty when not given as literals).
    public let methods: [String]
    /// The path as written at the route, when it is a string literal.
    public let path: String?
    /// The path with every prefix applied, once per chain of registrations that reaches it.
    public let fullPaths: [String]
    /// The module (index into `ModuleGraph.modules`) where the route is declared.
    public let declaredIn: Int
    /// Where the route is declared: its decorator (`@` included) or the registering call.
    public let offset: Int
    /// Index into the handler's decorators of the route decorator, nil for `add_url_rule`.
    public let decoratorIndex: Int?
  }

  public let owners: [Owner]
  public let registrations: [Registration]
  public let routes: [Route]
  /// Where each application object is created (`Flask(...)`, `FastAPI(...)`), by module and
  /// offset, in path order.
  public let applications: [(module: Int, offset: Int, framework: Framework)]

  static let flaskApplications: Set<String> = ["Flask", "Quart", "APIFlask"]
  static let flaskBlueprints: Set<String> = ["Blueprint", "APIBlueprint"]
  static let fastAPIApplications: Set<String> = ["FastAPI"]
  static let fastAPIRouters: Set<String> = ["APIRouter"]
  static let viewMethods = ["get", "post", "put", "patch", "delete", "head", "options"]

  public init(graph: ModuleGraph) {
    var owners: [Owner] = []
    var ownerKeys: [String: Int] = [:]
    var applications: [(module: Int, offset: Int, framework: Framework)] = []
    func key(_ module: Int, _ name: String) -> String { "\(module):\(name)" }

    // Project subclasses of the application classes (`class SupersetApp(Flask)`,
    // `class CKANFlask(MultiStaticFlask)`) create applications too.
    var flaskApplications = Self.flaskApplications
    var fastAPIApplications = Self.fastAPIApplications
    var grew = true
    while grew {
      grew = false
      for module in graph.modules {
        for cls in module.file.classes {
          let bases = cls.bases.compactMap(\.terminalName)
          if !flaskApplications.contains(cls.name),
            bases.contains(where: { flaskApplications.contains($0) || $0.hasSuffix("Flask") })
          {
            flaskApplications.insert(cls.name)
            grew = true
          }
          if !fastAPIApplications.contains(cls.name), bases.contains(where: fastAPIApplications.contains) {
            fastAPIApplications.insert(cls.name)
            grew = true
          }
        }
      }
    }

    for (moduleIndex, module) in graph.modules.enumerated() {
      for assignment in module.file.assignments {
        guard let call = assignment.value?.call, let constructor = call.callee.terminalName else { continue }
        let framework: Framework
        let kind: Owner.Kind
        if flaskApplications.contains(constructor) {
          (framework, kind) = (.flask, .application)
        } else if Self.flaskBlueprints.contains(constructor) {
          (framework, kind) = (.flask, .blueprint)
        } else if fastAPIApplications.contains(constructor) {
          (framework, kind) = (.fastAPI, .application)
        } else if Self.fastAPIRouters.contains(constructor) {
          (framework, kind) = (.fastAPI, .blueprint)
        } else {
          continue
        }
        let prefix = call.keyword(framework == .flask ? "url_prefix" : "prefix")?.value.stringLiteral
        let dependencies = Self.sequence(call.keyword("dependencies")?.value)
        let offset = assignment.value?.range.lowerBound ?? assignment.range.lowerBound
        if kind == .application { applications.append((moduleIndex, offset, framework)) }
        for target in assignment.targets {
          guard let name = target.dottedName, ownerKeys[key(moduleIndex, name)] == nil else { continue }
          ownerKeys[key(moduleIndex, name)] = owners.count
          owners.append(
            Owner(
              module: moduleIndex, name: name, kind: kind, framework: framework, offset: offset,
              ownPrefix: prefix,
              dependencies: dependencies))
        }
      }
      // An application created without being bound (`return Flask(__name__)`) still serves.
      for site in module.file.calls {
        guard let name = site.call.callee.terminalName,
          flaskApplications.contains(name) || fastAPIApplications.contains(name),
          !applications.contains(where: { $0.module == moduleIndex && $0.offset == site.range.lowerBound })
        else { continue }
        applications.append(
          (moduleIndex, site.range.lowerBound, fastAPIApplications.contains(name) ? .fastAPI : .flask))
      }
    }
    applications.sort { ($0.module, $0.offset) < ($1.module, $1.offset) }

    // The owner a receiver expression stands for in a module: its own variable, or one it imports.
    func owner(_ value: PyValue, in module: Int) -> Int? {
      if let name = value.dottedName, let found = ownerKeys[key(module, name)] { return found }
      if case .variable(let target, let name)? = graph.resolve(dotted: value, in: module) {
        return ownerKeys[key(target, name)]
      }
      return nil
    }
    func function(_ value: PyValue, in module: Int) -> ModuleGraph.FunctionRef? {
      if case .function(let ref)? = graph.resolve(dotted: value, in: module) { return ref }
      // A nested function defined in the same scope (`def view(): ...` inside a factory).
      if case .name(let name) = value.expr,
        let index = graph.modules[module].file.functions.lastIndex(where: { $0.name == name })
      {
        return ModuleGraph.FunctionRef(module: module, function: index)
      }
      return nil
    }

    var registrations: [Registration] = []
    var routes: [(Route, Int?)] = []
    for (moduleIndex, module) in graph.modules.enumerated() {
      let file = module.file
      for site in file.calls {
        guard case .attribute(let receiver, let method) = site.call.callee.expr else { continue }
        let call = site.call
        switch method {
        case "register_blueprint", "include_router":
          guard let parent = owner(receiver, in: moduleIndex), let childValue = call.argument(0),
            let child = owner(childValue, in: moduleIndex)
          else { continue }
          let prefixKeyword = method == "register_blueprint" ? "url_prefix" : "prefix"
          registrations.append(
            Registration(
              parent: parent, child: child, prefix: call.keyword(prefixKeyword)?.value.stringLiteral,
              dependencies: Self.sequence(call.keyword("dependencies")?.value)))
        case "before_request":
          if let target = owner(receiver, in: moduleIndex), let hook = call.argument(0),
            let ref = function(hook, in: moduleIndex)
          {
            owners[target].beforeRequest.append(ref)
          }
        case "add_url_rule", "add_api_route":
          let ownerIndex = owner(receiver, in: moduleIndex)
          let framework =
            method == "add_api_route" ? Framework.fastAPI : ownerIndex.map { owners[$0].framework } ?? .flask
          let path =
            call.argument(0, keyword: "rule")?.stringLiteral ?? call.keyword("path")?.value.stringLiteral
          let view =
            method == "add_api_route"
            ? call.argument(1, keyword: "endpoint") : call.argument(2, keyword: "view_func")
          guard let view else { continue }
          let explicit = Self.methods(call.keyword("methods")?.value)
          if case .attribute(let viewClass, "as_view") = view.call?.callee.expr,
            case .class(let classModule, let classIndex)? = graph.resolve(dotted: viewClass, in: moduleIndex)
          {
            let classFile = graph.modules[classModule].file
            for (index, function) in classFile.functions.enumerated()
            where function.classIndex == classIndex && Self.viewMethods.contains(function.name) {
              let verb = function.name.uppercased()
              if let explicit, !explicit.contains(verb) { continue }
              routes.append(
                (
                  Route(
                    framework: framework, owner: ownerIndex,
                    handler: ModuleGraph.FunctionRef(module: classModule, function: index), methods: [verb],
                    path: path, fullPaths: [], declaredIn: moduleIndex, offset: site.range.lowerBound,
                    decoratorIndex: nil), ownerIndex
                ))
            }
          } else if let ref = function(view, in: moduleIndex) {
            routes.append(
              (
                Route(
                  framework: framework, owner: ownerIndex, handler: ref,
                  methods: explicit ?? (framework == .flask ? ["GET"] : []), path: path, fullPaths: [],
                  declaredIn: moduleIndex, offset: site.range.lowerBound, decoratorIndex: nil), ownerIndex
              ))
          }
        default:
          continue
        }
      }
      // Decorated handlers and hooks.
      let localOwners = Set(owners.filter { $0.module == moduleIndex }.map(\.name))
      for (functionIndex, function) in file.functions.enumerated() {
        let ref = ModuleGraph.FunctionRef(module: moduleIndex, function: functionIndex)
        for (decoratorIndex, decorator) in function.decorators.enumerated() {
          if case .attribute(let receiver, "before_request") = decorator.value.expr,
            let target = owner(receiver, in: moduleIndex)
          {
            owners[target].beforeRequest.append(ref)
            continue
          }
          guard case .attribute(let receiverValue, _)? = decorator.value.call?.callee.expr else { continue }
          let ownerIndex = owner(receiverValue, in: moduleIndex)
          var known = localOwners
          if ownerIndex != nil, let name = receiverValue.dottedName { known.insert(name) }
          guard let route = PythonFile.route(decorator, index: decoratorIndex, owners: known) else {
            continue
          }
          let framework =
            ownerIndex.map { owners[$0].framework }
            ?? (file.imports(module: "fastapi") ? Framework.fastAPI : .flask)
          routes.append(
            (
              Route(
                framework: framework, owner: ownerIndex, handler: ref, methods: route.httpMethods,
                path: route.path,
                fullPaths: [], declaredIn: moduleIndex, offset: decorator.range.lowerBound,
                decoratorIndex: decoratorIndex), ownerIndex
            ))
        }
      }
    }

    // Prefixes of every owner, once per chain of registrations.
    var prefixCache: [Int: [String]] = [:]
    func prefixes(of index: Int, depth: Int) -> [String] {
      if let cached = prefixCache[index] { return cached }
      let item = owners[index]
      let parents = registrations.filter { $0.child == index }
      var result: [String] = []
      if parents.isEmpty || depth > 8 {
        result = [item.ownPrefix ?? ""]
      } else {
        for registration in parents {
          for parentPrefix in prefixes(of: registration.parent, depth: depth + 1) {
            switch item.framework {
            case .flask:
              result.append(Self.join(parentPrefix, registration.prefix ?? item.ownPrefix ?? ""))
            case .fastAPI:
              result.append(
                Self.join(Self.join(parentPrefix, registration.prefix ?? ""), item.ownPrefix ?? ""))
            }
          }
        }
      }
      var unique: [String] = []
      for prefix in result where !unique.contains(prefix) { unique.append(prefix) }
      if depth == 0 { prefixCache[index] = unique }
      return unique
    }

    self.routes = routes.map { route, ownerIndex in
      guard let path = route.path else { return route }
      let full = (ownerIndex.map { prefixes(of: $0, depth: 0) } ?? [""]).map { Self.join($0, path) }
      return Route(
        framework: route.framework, owner: route.owner, handler: route.handler, methods: route.methods,
        path: route.path, fullPaths: full, declaredIn: route.declaredIn, offset: route.offset,
        decoratorIndex: route.decoratorIndex)
    }
    self.owners = owners
    self.registrations = registrations
    self.applications = applications
  }

  /// The routes grouped by handler, in route order: the routes of one decorated function, or the
  /// methods of a `MethodView` registered by one `add_url_rule` call.
  public var handlers: [Handler] {
    var order: [String] = []
    var groups: [String: [Int]] = [:]
    for (index, route) in routes.enumerated() {
      let key =
        route.decoratorIndex == nil
        ? "call \(route.declaredIn):\(route.offset)"
        : "function \(route.handler.module):\(route.handler.function)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(index)
    }
    return order.compactMap { key in groups[key].map { Handler(routes: $0, table: self) } }
  }

  /// The routes of one handler (indexes into `RouteTable.routes`).
  public struct Handler: Sendable {
    public let routes: [Int]
    /// The route findings about the handler are placed at: the first declared.
    public let first: Route
    /// Every path of the handler's routes: as written and with prefixes applied.
    public let paths: [String]
    /// The handler's methods, sorted.
    public let methods: [String]

    init(routes indexes: [Int], table: RouteTable) {
      let members = indexes.map { table.routes[$0] }
      routes = indexes
      first = members.min { ($0.declaredIn, $0.offset) < ($1.declaredIn, $1.offset) } ?? members[0]
      paths = members.compactMap(\.path) + members.flatMap(\.fullPaths)
      methods = Array(Set(members.flatMap(\.methods))).sorted()
    }

    /// The handler's name: its function's, or for a `MethodView` its class's.
    public func name(in graph: ModuleGraph) -> String {
      let file = graph.modules[first.handler.module].file
      let function = file.functions[first.handler.function]
      guard first.decoratorIndex == nil, let classIndex = function.classIndex else { return function.name }
      return file.classes[classIndex].name
    }

    /// `GET, POST /api/orders` for messages.
    public func served(in graph: ModuleGraph) -> String {
      let shown = first.fullPaths.first ?? first.path ?? name(in: graph)
      return methods.isEmpty ? shown : "\(methods.joined(separator: ", ")) \(shown)"
    }
  }

  /// The registrations of an owner into its parents.
  public func registrations(of owner: Int) -> [Registration] {
    registrations.filter { $0.child == owner }
  }

  /// Every owner that `owner` is registered into, directly or through other owners.
  public func ancestors(of owner: Int) -> [Int] {
    var result: [Int] = []
    var frontier = [owner]
    while let next = frontier.popLast() {
      for registration in registrations
      where registration.child == next && !result.contains(registration.parent) {
        result.append(registration.parent)
        frontier.append(registration.parent)
      }
    }
    return result
  }

  /// `prefix` and `path` joined the way Flask and FastAPI join them: one slash between.
  static func join(_ prefix: String, _ path: String) -> String {
    if prefix.isEmpty { return path }
    if path.isEmpty { return prefix }
    let head = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
    return path.hasPrefix("/") ? head + path : head + "/" + path
  }

  /// The items of a list or tuple display, or the value itself (`dependencies=[...]`, `decorators`).
  static func sequence(_ value: PyValue?) -> [PyValue] {
    guard let value else { return [] }
    if case .sequence(let items) = value.expr { return items }
    return [value]
  }

  /// Upper-cased literal methods of `methods=[...]`, nil when absent or not all literals.
  static func methods(_ value: PyValue?) -> [String]? {
    guard let value, case .sequence(let items) = value.expr else { return nil }
    let verbs = items.compactMap(\.stringLiteral).map { $0.uppercased() }
    return verbs.count == items.count ? verbs : nil
  }
}
