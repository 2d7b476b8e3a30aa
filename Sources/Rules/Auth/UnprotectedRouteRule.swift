import ArchCore
import PyAnalysis

/// `auth/unprotected-route`: a route handler that reads or writes a tenant-scoped model, directly
/// or through project functions it calls, with no authentication (see `RouteGuards`) and not on a
/// public path.
public struct UnprotectedRouteRule: SemanticRule {
  public static let id = "auth/unprotected-route"

  public init() {}

  /// Word sequences of public paths and handler names: login-like handlers, logout, refresh,
  /// email verification, health checks, webhooks and API docs.
  static let publicWords: [[String]] =
    LoginNotRateLimitedRule.loginWords + [
      ["logout"], ["signout"], ["sign", "out"], ["refresh"], ["verify"], ["verify", "email"], ["confirm"],
      ["health"], ["healthz"], ["healthcheck"], ["livez"], ["readyz"], ["ping"], ["webhook"], ["webhooks"],
      ["docs"], ["redoc"], ["swagger"], ["openapi"],
    ]

  /// Whether a handler named `name` serving `paths` is public by its name or path, or a path is
  /// one of `configured` (or below one).
  static func isPublic(name: String, paths: [String], configured: [String]) -> Bool {
    if LoginNotRateLimitedRule.matches(name: name, paths: paths, words: publicWords) { return true }
    return paths.contains { path in
      let normalized = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
      return configured.contains { prefix in
        let base = prefix.hasSuffix("/") && prefix.count > 1 ? String(prefix.dropLast()) : prefix
        return normalized == base || normalized.hasPrefix(base + "/")
      }
    }
  }

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let catalog = project.models
    guard catalog.hasTenantScopedModel else { return [] }
    let graph = project.moduleGraph
    let table = project.routeTable
    var tenantClasses: [String: String] = [:]
    for model in catalog.tenantScopedModels where !model.isGlobal {
      tenantClasses["\(model.path)#\(model.classIndex)"] = model.name
    }
    let filesByPath = Dictionary(
      project.pythonApplicationFiles.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })

    // The tenant-scoped model a function touches first, if any (cached per function).
    var touches: [ModuleGraph.FunctionRef: String?] = [:]
    func touched(_ ref: ModuleGraph.FunctionRef) -> String? {
      if let known = touches[ref] { return known }
      let file = graph.modules[ref.module].file
      var found: String?
      search: for site in file.calls where site.function == ref.function {
        for value in [site.call.callee] + site.call.arguments + site.call.keywords.map(\.value) {
          var result: String?
          value.forEach { item in
            guard result == nil else { return }
            switch item.expr {
            case .name, .attribute:
              if case .class(let owner, let index)? = graph.resolve(dotted: item, in: ref.module) {
                result = tenantClasses["\(graph.modules[owner].path)#\(index)"]
              }
            default:
              break
            }
          }
          if let result {
            found = result
            break search
          }
        }
      }
      touches[ref] = .some(found)
      return found
    }

    var hits: [RuleHit] = []
    for handler in table.handlers {
      guard !handler.routes.contains(where: { project.routeGuards.authenticated[$0] }) else { continue }
      let name = handler.name(in: graph)
      guard !Self.isPublic(name: name, paths: handler.paths, configured: project.settings.publicPaths) else {
        continue
      }
      var model: String?
      for index in handler.routes where model == nil {
        for ref in graph.reachable(from: table.routes[index].handler) {
          if let found = touched(ref) {
            model = found
            break
          }
        }
      }
      guard let model, let reportFile = filesByPath[graph.modules[handler.first.declaredIn].path] else {
        continue
      }
      hits.append(
        hit(
          reportFile, at: handler.first.offset,
          message:
            "`\(name)` (\(handler.served(in: graph))) uses tenant-scoped model `\(model)` but requires no "
            + "authentication; add @jwt_required() or the project's auth decorator, or list the path in public_paths"
        ))
    }
    return hits
  }
}
