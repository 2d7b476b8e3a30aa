import ArchCore
import PyAnalysis

/// `auth/login-not-rate-limited`: a login, register or password-reset handler that no rate limit
/// applies to — no `@limiter.limit(...)`-style decorator, no limit on its blueprint, no
/// application-wide `default_limits`.
public struct LoginNotRateLimitedRule: SemanticRule {
  public static let id = "auth/login-not-rate-limited"

  public init() {}

  /// Word sequences of a path or function name that make a handler login-like (rules.md), after
  /// splitting camelCase, snake_case, kebab-case and path separators. `token` is the OAuth2
  /// password flow's endpoint, so it counts as a word of its own (`/token`, `issue_token`), not
  /// inside `tokens` or as a path parameter (`/files/<token>`).
  static let loginWords: [[String]] = [
    ["login"], ["signin"], ["sign", "in"], ["token"], ["register"], ["signup"], ["sign", "up"],
    ["forgot", "password"], ["reset", "password"], ["password", "reset"],
  ]

  /// Whether a handler named `name` serving `paths` is login-like.
  public static func isLoginLike(name: String, paths: [String]) -> Bool {
    matches(name: name, paths: paths, words: loginWords)
  }

  /// Whether the words of `name` or of a path (path parameters left out) hold one of `words`.
  static func matches(name: String, paths: [String], words sequences: [[String]]) -> Bool {
    let texts =
      [name]
      + paths.map { path in
        path.split(separator: "/").filter { !$0.hasPrefix("<") && !$0.hasPrefix("{") }.joined(separator: "/")
      }
    return texts.contains { text in
      let words = CredentialName.words(of: text)
      return sequences.contains { sequence in
        words.indices.contains { start in
          start + sequence.count <= words.count && Array(words[start..<start + sequence.count]) == sequence
        }
      }
    }
  }

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let table = project.routeTable
    let graph = project.moduleGraph
    let filesByPath = Dictionary(
      project.pythonApplicationFiles.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
    // One finding per handler, at its first route.
    var hits: [RuleHit] = []
    for handler in table.handlers {
      let name = handler.name(in: graph)
      guard Self.isLoginLike(name: name, paths: handler.paths),
        !handler.routes.contains(where: { project.routeGuards.rateLimited[$0] }),
        let file = filesByPath[graph.modules[handler.first.declaredIn].path]
      else { continue }
      hits.append(
        hit(
          file, at: handler.first.offset,
          message:
            "`\(name)` (\(handler.served(in: graph))) has no rate limit, so passwords and tokens can be "
            + "guessed without bound; add @limiter.limit(\"5 per minute\") or limit its blueprint"))
    }
    return hits
  }
}
