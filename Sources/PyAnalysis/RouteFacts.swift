/// One route decorator on a handler: `@bp.route("/orders", methods=["GET", "POST"])`,
/// `@app.post("/login")`, `@router.get("/items/{item_id}")`.
public struct PyRouteDecorator: Sendable {
  /// The object the route is registered on (`bp`, `app`, `api.router`), as written.
  public let receiver: String
  /// The decorator method (`route`, `get`, `post`, `api_route`, ...).
  public let method: String
  /// The path as written in the decorator, when it is a plain string literal.
  public let path: String?
  /// HTTP methods in upper case: the verb of `@x.get`, the `methods=[...]` of `@x.route`
  /// (`["GET"]` when absent), empty when `methods` is not a literal list.
  public let httpMethods: [String]
  /// Index into `PyFunction.decorators`.
  public let decoratorIndex: Int
  /// The decorator, `@` included.
  public let range: Range<Int>
}

/// A function that serves HTTP requests through one or more route decorators.
public struct PyRouteHandler: Sendable {
  /// Index into `PythonFile.functions`.
  public let function: Int
  /// The route decorators in source order (a handler may serve several paths).
  public let routes: [PyRouteDecorator]

  /// Where handler-level findings are reported: the start of the first route decorator.
  public var decoratorOffset: Int { routes.first?.range.lowerBound ?? 0 }

  /// Every path literal of the handler's routes.
  public var paths: [String] { routes.compactMap(\.path) }
}

extension PythonFile {
  /// Decorator methods that register a route for one HTTP verb (Flask 2+, FastAPI, Quart).
  static let verbDecorators: [String: String] = [
    "get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
    "head": "HEAD", "options": "OPTIONS",
  ]

  /// Constructors of objects that routes are registered on.
  static let routeOwnerConstructors: Set<String> = [
    "Flask", "Blueprint", "FastAPI", "APIRouter", "Quart", "APIBlueprint",
  ]

  /// Names bound in this module to a Flask app, blueprint, FastAPI app or router
  /// (`bp = Blueprint("orders", __name__)`, `router = APIRouter(prefix="/items")`).
  public var routeOwnerNames: Set<String> {
    var names: Set<String> = []
    for assignment in assignments {
      guard let callee = assignment.value?.call?.callee.terminalName,
        PythonFile.routeOwnerConstructors.contains(callee)
      else { continue }
      for target in assignment.targets {
        if let name = target.dottedName { names.insert(name) }
      }
    }
    return names
  }

  /// Every function with at least one route decorator, in source order.
  public var routeHandlers: [PyRouteHandler] {
    let owners = routeOwnerNames
    var handlers: [PyRouteHandler] = []
    for (index, function) in functions.enumerated() {
      var routes: [PyRouteDecorator] = []
      for (decoratorIndex, decorator) in function.decorators.enumerated() {
        if let route = PythonFile.route(decorator, index: decoratorIndex, owners: owners) {
          routes.append(route)
        }
      }
      if !routes.isEmpty { handlers.append(PyRouteHandler(function: index, routes: routes)) }
    }
    return handlers
  }

  /// The route a decorator registers, if it is a route decorator. `route` and `api_route` are
  /// always routes; a verb (`get`, `post`, ...) is one when its receiver is a known app or router
  /// of this module or its first argument is a path literal (`"/x"` or `""`), which keeps
  /// `@cache.get(key)`-like decorators out.
  static func route(_ decorator: PyDecorator, index: Int, owners: Set<String>) -> PyRouteDecorator? {
    guard let call = decorator.value.call, case .attribute(let object, let method) = call.callee.expr,
      let receiver = object.dottedName
    else { return nil }
    let pathValue = call.argument(0, keyword: call.keyword("path") != nil ? "path" : "rule")
    let path = pathValue?.stringLiteral
    var httpMethods: [String]
    switch method {
    case "route", "api_route":
      httpMethods = method == "route" ? ["GET"] : []
      if let list = call.keyword("methods")?.value {
        httpMethods = []
        if case .sequence(let items) = list.expr {
          for item in items {
            guard let verb = item.stringLiteral else {
              httpMethods = []
              break
            }
            httpMethods.append(verb.uppercased())
          }
        }
      }
    default:
      guard let verb = verbDecorators[method] else { return nil }
      let looksLikePath = path.map { $0.isEmpty || $0.hasPrefix("/") } ?? false
      guard owners.contains(receiver) || looksLikePath else { return nil }
      httpMethods = [verb]
    }
    return PyRouteDecorator(
      receiver: receiver, method: method, path: path, httpMethods: httpMethods, decoratorIndex: index,
      range: decorator.range)
  }
}
