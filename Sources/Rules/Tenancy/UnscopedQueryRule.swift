import ArchCore
import PyAnalysis

/// `tenancy/unscoped-query`: a query against a tenant-scoped model in application code that never
/// restricts the tenant column (`M.query...`, `session.query(M)...`, `select(M)...`,
/// `session.get(M, id)`, raw `text("... FROM <table> ...")`). See `TenantQueryScan`.
public struct UnscopedQueryRule: SemanticRule {
  public static let id = "tenancy/unscoped-query"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let catalog = project.models
    let graph = project.moduleGraph
    guard catalog.hasTenantScopedModel else { return [] }
    let scan = TenantQueryScan.run(project)
    let filesByPath = Dictionary(
      project.pythonApplicationFiles.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
    return scan.unscoped.compactMap { query in
      guard let file = filesByPath[graph.modules[query.module].path] else { return nil }
      let columns = query.model.tenantColumns.map { "`\($0)`" }.joined(separator: " or ")
      let message: String
      if query.isPrimaryKeyLookup {
        message =
          "`\(query.form)` loads a `\(query.model.name)` by primary key from any tenant; query it with "
          + "filter_by(\(query.model.tenantColumns.first ?? "workspace_id")=...) instead"
      } else {
        message =
          "query on tenant-scoped model `\(query.model.name)` (`\(query.form)`) is never filtered by "
          + "\(columns); add the tenant filter or build it on a scoped helper"
      }
      return hit(file, at: query.offset, message: message)
    }
  }
}

extension TenantQueryScan {
  /// The scan over a project's application code, with models from its catalogue (allowlisted
  /// models left out) and migrations skipped.
  static func run(_ project: ProjectFacts) -> TenantQueryScan {
    let catalog = project.models
    let graph = project.moduleGraph
    var byClass: [String: TenantModel] = [:]
    var byName: [String: [TenantModel]] = [:]
    var byTable: [String: TenantModel] = [:]
    for model in catalog.tenantScopedModels where !model.isGlobal {
      let tenant = TenantModel(
        name: model.name, tenantColumns: model.tenantColumnNames, tableName: model.tableName)
      byClass["\(model.path)#\(model.classIndex)"] = tenant
      byName[model.name, default: []].append(tenant)
      if let table = model.tableName { byTable[table] = tenant }
    }
    let columns = Set(catalog.tenantColumnNames)
    return TenantQueryScan(
      graph: graph,
      model: { module, reference in
        if case .class(let owner, let index)? = graph.resolve(dotted: reference, in: module) {
          return byClass["\(graph.modules[owner].path)#\(index)"]
        }
        // A name the graph cannot follow (a star import, a model registry): unique by name.
        guard let name = reference.terminalName, let candidates = byName[name], candidates.count == 1,
          reference.dottedName != nil
        else { return nil }
        return candidates[0]
      }, tables: byTable, tenantColumns: columns,
      skip: { module in
        let folders = module.path.split(separator: "/").dropLast()
        return folders.contains("versions") || folders.contains("migrations") || folders.contains("alembic")
      })
  }
}
