/// Project-level knobs that rules read, from `archverify.yml` on top of the built-in defaults.
public struct AnalysisSettings: Sendable, Equatable {
  public static let defaultTenantColumns = [
    "workspace_id", "organization_id", "org_id", "tenant_id", "account_id",
  ]
  public static let defaultGlobalModels = [
    "User", "Role", "Workspace", "Organization", "Tenant", "Account", "Invitation", "Membership",
    "Permission", "Plan", "Subscription",
  ]
  public static let defaultAuthDecorators = [
    "jwt_required", "login_required", "auth_required", "roles_required", "permission_required",
    "fresh_jwt_required",
  ]
  public static let defaultRequiredSettings = ["DATABASE_URL", "SECRET_KEY", "JWT_SECRET_KEY"]

  public var tenantColumns: [String]
  public var globalModels: [String]
  public var publicPaths: [String]
  public var authDecorators: [String]
  /// Settings that must come from the environment with no default.
  public var requiredSettings: [String]
  /// Path of the OpenAPI document, relative to the audited folder, when configured.
  public var openAPIPath: String?
  /// Whether every ORM model must have a tenant column even when no model has one yet. An audit
  /// leaves `tenancy/missing-tenant-column` off for a project with no tenant-scoped model (it is not
  /// multi-tenant); `generate` sets this, since generated output is always multi-tenant.
  public var requireTenantColumns: Bool

  public init(
    tenantColumns: [String] = AnalysisSettings.defaultTenantColumns,
    globalModels: [String] = AnalysisSettings.defaultGlobalModels,
    publicPaths: [String] = [],
    authDecorators: [String] = AnalysisSettings.defaultAuthDecorators,
    requiredSettings: [String] = AnalysisSettings.defaultRequiredSettings,
    openAPIPath: String? = nil,
    requireTenantColumns: Bool = false
  ) {
    self.tenantColumns = tenantColumns
    self.globalModels = globalModels
    self.publicPaths = publicPaths
    self.authDecorators = authDecorators
    self.requiredSettings = requiredSettings
    self.openAPIPath = openAPIPath
    self.requireTenantColumns = requireTenantColumns
  }
}
