import ArchCore
import PyAnalysis

/// `auth/login-not-rate-limited`: a login, register or password-reset handler that no rate limit
/// applies to — no `@limiter.limit(...)`-style decorator, no limit on its blueprint, no
/// application-wide `default_limits`.
public struct LoginNotRateLimitedRule: SemanticRule {
  public static let id = "auth/login-not-rate-limited"

  public init() {}

  /// Pieces of a path or function name that make a handler login-like (rules.md), compared on the
  /// lower-cased text.
  static let loginPieces = [
    "login", "signin", "sign-in", "sign_in", "token", "register", "signup", "sign-up", "sign_up",
    "forgot-password", "forgot_password", "reset-password", "reset_password", "password-reset",
    "password_reset",
  ]

  /// Whether a handler named `name` serving `paths` is login-like.
  public static func isLoginLike(name: String, paths: [String]) -> Bool {
    ([name] + paths).contains { text in
      let lower = text.lowercased()
      return loginPieces.contains { TextSearch.contains(lower, $0) }
    }
  }

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let table = project.routeTable
    let graph = project.moduleGraph
    let filesByPath = Dictionary(
      project.pythonApplicationFiles.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
    // One finding per handler, at its first route.
    var byHandler: [ModuleGraph.FunctionRef: [Int]] = [:]
    for (index, route) in table.routes.enumerated() { byHandler[route.handler, default: []].append(index) }
    var hits: [RuleHit] = []
    for (handler, indexes) in byHandler {
      let module = graph.modules[handler.module]
      let function = module.file.functions[handler.function]
      let routes = indexes.map { table.routes[$0] }
      let paths = routes.compactMap(\.path) + routes.flatMap(\.fullPaths)
      guard Self.isLoginLike(name: function.name, paths: paths),
        !indexes.contains(where: { project.routeGuards.rateLimited[$0] }),
        let first = routes.min(by: { ($0.declaredIn, $0.offset) < ($1.declaredIn, $1.offset) }),
        let file = filesByPath[graph.modules[first.declaredIn].path]
      else { continue }
      let shown = first.fullPaths.first ?? first.path ?? function.name
      let methods = Array(Set(routes.flatMap(\.methods))).sorted().joined(separator: ", ")
      let served = methods.isEmpty ? shown : "\(methods) \(shown)"
      hits.append(
        hit(
          file, at: first.offset,
          message: "`\(function.name)` (\(served)) has no rate limit, so passwords and tokens can be "
            + "guessed without bound; add @limiter.limit(\"5 per minute\") or limit its blueprint"))
    }
    return hits
  }
}
