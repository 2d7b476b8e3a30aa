import ArchCore
import OpenAPIModel
import PyAnalysis

/// `openapi/orphan-operation`: an operation (path + method) of the OpenAPI document that no route
/// of the project serves. Reported at the method key in the document. A document in a project that
/// serves no Python route at all describes an API served elsewhere and is not checked.
public struct OrphanOperationRule: SemanticRule {
  public static let id = "openapi/orphan-operation"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let routes = project.routeTable.routes
    guard !routes.isEmpty else { return [] }
    // Methods served per path; an empty set stands for "methods not known" (any).
    var served: [RoutePath: Set<String>] = [:]
    var anyMethod: Set<RoutePath> = []
    for route in routes where route.path != nil {
      for fullPath in route.fullPaths {
        let path = RoutePath(fullPath)
        if route.methods.isEmpty { anyMethod.insert(path) }
        served[path, default: []].formUnion(route.methods)
      }
    }
    var hits: [RuleHit] = []
    for document in project.openAPIDocuments {
      for operation in document.operations {
        let isServed = operation.routePaths.contains { path in
          guard let methods = served[path] else { return false }
          if anyMethod.contains(path) || methods.contains(operation.method) { return true }
          // Flask answers HEAD for every GET route and OPTIONS for every route.
          return operation.method == "OPTIONS" || (operation.method == "HEAD" && methods.contains("GET"))
        }
        guard !isServed else { continue }
        hits.append(
          RuleHit(
            ruleId: Self.id, path: document.path, offset: operation.offset,
            message: "\(operation.method) \(operation.path) is described in \(document.path) but no route "
              + "serves it; implement the route or remove the operation"))
      }
    }
    return hits
  }
}
