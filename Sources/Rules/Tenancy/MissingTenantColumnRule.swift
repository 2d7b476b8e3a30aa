import ArchCore
import PyAnalysis

/// `tenancy/missing-tenant-column`: an ORM model in application code with no tenant column,
/// declared or inherited, that is not on the global-model allowlist. Abstract models and mixins
/// are not models, and association tables are exempt. A model that shares its parent's table
/// (single-table inheritance) is judged with the parent. The rule stays silent for a project with
/// no tenant-scoped model at all, unless `AnalysisSettings.requireTenantColumns` is set.
public struct MissingTenantColumnRule: SemanticRule {
  public static let id = "tenancy/missing-tenant-column"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let catalog = project.models
    guard project.settings.requireTenantColumns || catalog.hasTenantScopedModel else { return [] }
    let accepted = Self.list(catalog.tenantColumnNames.map { "`\($0)`" })
    return catalog.concreteModels.compactMap { model in
      guard model.tenantColumns.isEmpty, !model.isGlobal, model.sharesTableWith == nil else { return nil }
      return RuleHit(
        ruleId: Self.id, path: model.path, offset: model.offset,
        message: "model `\(model.name)` has no tenant column (\(accepted)); add one, inherit it from a "
          + "tenant mixin, or list the model in `global_models` if every tenant shares its rows")
    }
  }

  /// `a`, `a or b`, `a, b or c`.
  static func list(_ items: [String]) -> String {
    guard let last = items.last else { return "none configured" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " or " + last
  }
}
