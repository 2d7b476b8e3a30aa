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
    let application = table.applications.first { $0.framework == .flask }
    // Routes registered through the project's own helpers (a loop over `add_url_rule` with
    // computed arguments) are not in the table; blueprints of an application still show it serves.
    let hasBlueprints = table.owners.contains { $0.framework == .flask && $0.kind == .blueprint }
    let place: (module: Int, offset: Int)
    if let application, !flaskRoutes.isEmpty || hasBlueprints {
      place = (application.module, application.offset)
    } else if let first = flaskRoutes.min(by: { ($0.declaredIn, $0.offset) < ($1.declaredIn, $1.offset) }) {
      place = (first.declaredIn, first.offset)
    } else {
      return []
    }
    let count = flaskRoutes.count
    let what =
      count == 0 ? "serves HTTP routes" : "serves \(count) HTTP route\(count == 1 ? "" : "s")"
    return [
      RuleHit(
        ruleId: Self.id, path: graph.modules[place.module].path, offset: place.offset,
        message: "the application \(what) but the project has no OpenAPI document; add openapi.yaml "
          + "describing them (or set `openapi:` in archverify.yml)")
    ]
  }
}
