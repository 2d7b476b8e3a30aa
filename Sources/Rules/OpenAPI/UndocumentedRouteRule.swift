import ArchCore
import OpenAPIModel
import PyAnalysis

/// `openapi/undocumented-route`: a route (method + path, prefixes applied) that no operation of the
/// project's OpenAPI documents describes. Reported at the route's decorator (or `add_url_rule`).
public struct UndocumentedRouteRule: SemanticRule {
  public static let id = "openapi/undocumented-route"

  public init() {}

  /// Methods a framework answers by itself (`HEAD` for `GET`, `OPTIONS` for every route).
  static let implicitMethods: Set<String> = ["HEAD", "OPTIONS"]

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let documents = project.openAPIDocuments
    guard !documents.isEmpty else { return [] }
    let documented = OperationIndex(documents)
    let graph = project.moduleGraph
    var hits: [RuleHit] = []
    for route in project.routeTable.routes {
      guard route.path != nil else { continue }
      let methods = route.methods.filter { !Self.implicitMethods.contains($0) }
      var missing: [String] = []
      for fullPath in route.fullPaths {
        let path = RoutePath(fullPath)
        if methods.isEmpty {
          if !documented.describes(path, method: nil) { missing.append(fullPath) }
          continue
        }
        for method in methods where !documented.describes(path, method: method) {
          missing.append("\(method) \(fullPath)")
        }
      }
      guard !missing.isEmpty else { continue }
      let names = documents.map(\.path).joined(separator: ", ")
      hits.append(
        RuleHit(
          ruleId: Self.id, path: graph.modules[route.declaredIn].path, offset: route.offset,
          message: "\(missing.joined(separator: ", ")) is not described in \(names); add the operation "
            + "to the document or remove the route"))
    }
    return hits
  }
}

/// The operations of the project's OpenAPI documents by path (server base paths applied), for
/// parity checks in both directions.
struct OperationIndex {
  private var methodsByPath: [RoutePath: Set<String>] = [:]

  init(_ documents: [OpenAPIDocument]) {
    for document in documents {
      for operation in document.operations {
        for path in operation.routePaths { methodsByPath[path, default: []].insert(operation.method) }
      }
    }
  }

  /// Whether some operation has `path` and, when given, `method`.
  func describes(_ path: RoutePath, method: String?) -> Bool {
    guard let methods = methodsByPath[path] else { return false }
    return method.map(methods.contains) ?? true
  }
}
