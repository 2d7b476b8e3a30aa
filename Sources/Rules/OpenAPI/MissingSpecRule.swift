import ArchCore
import PyAnalysis

/// `openapi/missing-spec`: the project serves Flask routes but ships no OpenAPI document. A
/// FastAPI application serves one generated from its routes and needs none.
public struct MissingSpecRule: SemanticRule {
  public static let id = "openapi/missing-spec"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    guard project.openAPIDocuments.isEmpty else { return [] }
    let table = project.routeTable
    let graph = project.moduleGraph
    let flaskRoutes = table.routes.filter { $0.framework == .flask }
    guard let firstRoute = flaskRoutes.min(by: { ($0.declaredIn, $0.offset) < ($1.declaredIn, $1.offset) })
    else { return [] }
    let place =
      table.applications.first { $0.framework == .flask }.map { ($0.module, $0.offset) }
      ?? (firstRoute.declaredIn, firstRoute.offset)
    let count = flaskRoutes.count
    return [
      RuleHit(
        ruleId: Self.id, path: graph.modules[place.0].path, offset: place.1,
        message: "the application serves \(count) HTTP route\(count == 1 ? "" : "s") but the project has no "
          + "OpenAPI document; add openapi.yaml describing them (or set `openapi:` in archverify.yml)")
    ]
  }
}
