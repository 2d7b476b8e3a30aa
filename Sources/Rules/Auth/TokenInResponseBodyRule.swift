import ArchCore
import PyAnalysis

/// `auth/token-in-response-body`: a route handler whose `return` puts a freshly minted JWT in
/// the response body under a credential-named key, where page scripts can read it.
public struct TokenInResponseBodyRule: SemanticRule {
  public static let id = "auth/token-in-response-body"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let application = project.pythonApplicationFiles
    let tokens = project.tokens
    var hits: [RuleHit] = []
    for (file, python) in application {
      let flow = tokens.flow(in: python, index: file.tokenIndex)
      for handler in python.routeHandlers {
        for item in flow.returns(of: handler.function)
        where flow.isTokenPayload(item.value, before: item.offset, in: handler.function) {
          hits.append(
            hit(
              file, at: item.offset,
              message: "`\(python.functions[handler.function].name)` returns an authentication token in the "
                + "response body; set it in an HttpOnly cookie instead"))
        }
      }
    }
    return hits
  }
}
