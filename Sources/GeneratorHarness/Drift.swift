import ArchCore
import Audit
import Foundation
import PyAnalysis
import Rules

/// One difference between a blueprint and the project that should implement it.
public struct DriftItem: Sendable, Equatable, Codable {
  /// What kind of difference, in report order.
  public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
    /// An entity of the blueprint with no model class of the same name.
    case missingModel = "missing-model"
    /// A tenant-scoped application model that no entity describes.
    case extraModel = "extra-model"
    /// A field with no column of its name (`<name>_id` for a ref).
    case missingColumn = "missing-column"
    /// A column of an entity's model that no field describes (built-in columns aside).
    case extraColumn = "extra-column"
    /// A column whose type is not the one the field's type maps to.
    case columnType = "column-type"
    /// A CRUD route of an entity that the project does not serve.
    case missingRoute = "missing-route"
    /// A route on an entity's CRUD paths with a method that is not part of its CRUD.
    case extraRoute = "extra-route"
    /// An entity with no operation under `/api/<plural>` in the project's OpenAPI documents.
    case missingFromSpec = "missing-from-spec"

    /// The heading of the kind's group in the text report.
    public var heading: String {
      switch self {
      case .missingModel: return "Entities without a model"
      case .extraModel: return "Models without an entity"
      case .missingColumn, .extraColumn, .columnType: return "Fields and columns"
      case .missingRoute, .extraRoute: return "CRUD routes"
      case .missingFromSpec: return "OpenAPI"
      }
    }

    var order: Int { Kind.allCases.firstIndex(of: self) ?? 0 }
  }

  public let kind: Kind
  /// The entity (or, for an extra model, the model) it is about.
  public let entity: String
  /// Where it is: in the project (relative to its folder) when the project has the thing, else in
  /// the blueprint.
  public let path: String
  public let line: Int
  public let column: Int
  public let message: String

  public init(kind: Kind, entity: String, path: String, line: Int, column: Int, message: String) {
    self.kind = kind
    self.entity = entity
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }
}

/// The outcome of `archverify drift`: every difference, in report order.
public struct DriftReport: Sendable, Equatable {
  /// The blueprint's path, as given.
  public let blueprintPath: String
  public let items: [DriftItem]

  public init(blueprintPath: String, items: [DriftItem]) {
    self.blueprintPath = blueprintPath
    self.items = Self.sorted(items)
  }

  /// Groups in kind order; inside a group by entity, place and message.
  static func sorted(_ items: [DriftItem]) -> [DriftItem] {
    items.sorted { lhs, rhs in
      let left = (groupOrder(lhs.kind), lhs.entity, lhs.path, lhs.line, lhs.column)
      let right = (groupOrder(rhs.kind), rhs.entity, rhs.path, rhs.line, rhs.column)
      if left != right { return left < right }
      return (lhs.kind.order, lhs.message) < (rhs.kind.order, rhs.message)
    }
  }

  static func groupOrder(_ kind: DriftItem.Kind) -> Int {
    let headings = DriftItem.Kind.allCases.map(\.heading).reduce(into: [String]()) { list, heading in
      if !list.contains(heading) { list.append(heading) }
    }
    return headings.firstIndex(of: kind.heading) ?? 0
  }

  /// Whether the project matches the blueprint.
  public var hasDrift: Bool { !items.isEmpty }

  /// One line per item under its group's heading, then a count; `No drift.` when there is none.
  public var text: String {
    guard hasDrift else { return "No drift: the project matches \(blueprintPath).\n" }
    var lines: [String] = []
    var heading: String?
    for item in items {
      if item.kind.heading != heading {
        if heading != nil { lines.append("") }
        heading = item.kind.heading
        lines.append(item.kind.heading)
      }
      lines.append("  \(item.path):\(item.line):\(item.column): \(item.message)")
    }
    lines.append("")
    lines.append("\(items.count) drift item\(items.count == 1 ? "" : "s") against \(blueprintPath).")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `{"blueprint": ..., "drift": bool, "items": [...]}` with sorted keys.
  public func json() throws -> String {
    struct Document: Codable {
      let blueprint: String
      let drift: Bool
      let items: [DriftItem]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(Document(blueprint: blueprintPath, drift: hasDrift, items: items))
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// Compares a blueprint with the facts of a project.
public enum Drift {
  /// Loads the blueprint, extracts the project's facts as `audit` does (with the project's
  /// `archverify.yml` when present) and compares them. A malformed blueprint or configuration, or a
  /// missing folder, is an `InputError`.
  public static func run(blueprintPath: String, projectPath: String) throws -> DriftReport {
    let blueprint = try Blueprint.load(path: blueprintPath)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: projectPath, isDirectory: &isDirectory) else {
      throw InputError(path: projectPath, message: "no such project folder")
    }
    guard isDirectory.boolValue else {
      throw InputError(path: projectPath, message: "not a folder; give the project folder that holds it")
    }
    let root = URL(fileURLWithPath: projectPath, isDirectory: true).standardizedFileURL.path
    // The shipped rules check the configuration's rule ids; none of them runs.
    let rules = try RuleSet.load()
    var configuration = Configuration()
    let configPath = root + "/archverify.yml"
    if FileManager.default.fileExists(atPath: configPath) {
      configuration = try Configuration.load(
        path: configPath, knownRuleIds: Set(rules.descriptions.map(\.id)))
    }
    let auditor = Auditor(rules: rules, options: AuditOptions(root: root, configuration: configuration))
    return compare(blueprint, blueprintPath: blueprintPath, project: try auditor.facts())
  }

  /// The CRUD operations of every entity: method and whether it is on the item path.
  public static let crudOperations: [(method: String, onItem: Bool)] = [
    ("GET", false), ("POST", false), ("GET", true), ("PATCH", true), ("DELETE", true),
  ]

  /// Column type names accepted for each field type, the canonical SQLAlchemy name first. Columns
  /// compare on their type's own name (`db.Numeric(10, 2)` is `Numeric`); the SQL-standard
  /// spellings SQLAlchemy exports and the Python annotations of `Mapped[...]` are accepted too.
  public static let acceptedColumnTypes: [Field.Kind: Set<String>] = [
    .string: ["String", "VARCHAR", "Unicode", "str"],
    .email: ["String", "VARCHAR", "Unicode", "str"],
    .text: ["Text", "TEXT", "UnicodeText", "str"],
    .integer: ["Integer", "INTEGER", "BigInteger", "SmallInteger", "int"],
    .ref: ["Integer", "INTEGER", "BigInteger", "int"],
    .decimal: ["Numeric", "NUMERIC", "DECIMAL", "Decimal"],
    .boolean: ["Boolean", "BOOLEAN", "bool"],
    .date: ["Date", "DATE", "date"],
    .datetime: ["DateTime", "DATETIME", "TIMESTAMP", "datetime"],
    .enum: ["Enum"],
    .json: ["JSON", "JSONB", "dict"],
  ]

  /// Columns of an entity's model that are not fields: the key, the timestamps, the tenant.
  static let builtInColumns: Set<String> = Set(Blueprint.builtInColumns)

  /// Every difference between `blueprint` (read from `blueprintPath`) and `project`.
  public static func compare(_ blueprint: Blueprint, blueprintPath: String, project: ProjectFacts)
    -> DriftReport
  {
    let lineIndexes = Dictionary(
      project.files.map { ($0.path, $0.source.lineIndex) }, uniquingKeysWith: { first, _ in first })
    func place(_ path: String, _ offset: Int) -> (path: String, line: Int, column: Int) {
      guard let index = lineIndexes[path] else { return (path, 1, 1) }
      let position = index.position(offset)
      return (path, position.line, position.column)
    }
    var items: [DriftItem] = []
    func add(
      _ kind: DriftItem.Kind, _ entity: String, _ at: (path: String, line: Int, column: Int), _ text: String
    ) {
      items.append(
        DriftItem(kind: kind, entity: entity, path: at.path, line: at.line, column: at.column, message: text))
    }
    func inBlueprint(_ position: Blueprint.Position) -> (path: String, line: Int, column: Int) {
      (blueprintPath, position.line, position.column)
    }

    let catalog = project.models
    let entityNames = Set(blueprint.entities.map(\.name))
    let builtIns = Set(Blueprint.builtInModels).union(project.settings.globalModels)
    for model in catalog.tenantScopedModels
    where !entityNames.contains(model.name) && !builtIns.contains(model.name) {
      add(
        .extraModel, model.name, place(model.path, model.offset),
        "model \(model.name) has no entity in the blueprint")
    }

    for entity in blueprint.entities {
      let names = entity.names
      guard let model = catalog.models(named: entity.name).first(where: { !$0.isAbstract }) else {
        add(
          .missingModel, entity.name, inBlueprint(entity.position),
          "entity \(entity.name) has no model (expected class \(names.className), table '\(names.table)')")
        continue
      }
      let modelPlace = place(model.path, model.offset)
      var expected: Set<String> = []
      for field in entity.fields {
        expected.insert(field.column)
        guard let column = model.column(named: field.column) else {
          add(
            .missingColumn, entity.name, modelPlace,
            "\(entity.name).\(field.column): no column for field '\(field.name)' "
              + "(\(field.kind.rawValue) maps to \(field.kind.columnType))")
          continue
        }
        let accepted = acceptedColumnTypes[field.kind] ?? []
        if let typeName = column.typeName, !accepted.contains(typeName) {
          add(
            .columnType, entity.name, place(column.path, column.offset),
            "\(entity.name).\(field.column): column type is \(typeName), but field '\(field.name)' is "
              + "\(field.kind.rawValue), which maps to \(field.kind.columnType)")
        }
      }
      let tenantColumns = Set(model.tenantColumnNames)
      for column in model.columns
      where !expected.contains(column.name) && !builtInColumns.contains(column.name)
        && !tenantColumns.contains(column.name)
      {
        add(
          .extraColumn, entity.name, place(column.path, column.offset),
          "\(entity.name).\(column.name): column has no field in the blueprint")
      }
    }

    items += routeDrift(blueprint, blueprintPath: blueprintPath, project: project, place: place)
    items += specDrift(blueprint, blueprintPath: blueprintPath, project: project)
    return DriftReport(blueprintPath: blueprintPath, items: items)
  }

  /// Missing and extra CRUD routes, compared by `RoutePath` (parameter names do not matter).
  static func routeDrift(
    _ blueprint: Blueprint, blueprintPath: String, project: ProjectFacts,
    place: (String, Int) -> (path: String, line: Int, column: Int)
  ) -> [DriftItem] {
    let table = project.routeTable
    let graph = project.moduleGraph
    var items: [DriftItem] = []
    for entity in blueprint.entities {
      let collection = RoutePath(entity.names.collectionPath)
      let item = RoutePath(entity.names.itemPath)
      // Method and path served, with where the first route serving it is declared.
      var served: [String: (path: String, line: Int, column: Int)] = [:]
      for route in table.routes {
        for full in Set(route.fullPaths.map(RoutePath.init)) where full == collection || full == item {
          for method in route.methods where method != "HEAD" && method != "OPTIONS" {
            let key = "\(method) \(full == item ? entity.names.itemPath : entity.names.collectionPath)"
            let modulePath = graph.modules[route.declaredIn].path
            if served[key] == nil { served[key] = place(modulePath, route.offset) }
          }
        }
      }
      var expected: Set<String> = []
      for operation in crudOperations {
        let key =
          "\(operation.method) \(operation.onItem ? entity.names.itemPath : entity.names.collectionPath)"
        expected.insert(key)
        if served[key] == nil {
          items.append(
            DriftItem(
              kind: .missingRoute, entity: entity.name, path: blueprintPath, line: entity.position.line,
              column: entity.position.column, message: "\(entity.name): no route \(key)"))
        }
      }
      for (key, at) in served where !expected.contains(key) {
        items.append(
          DriftItem(
            kind: .extraRoute, entity: entity.name, path: at.path, line: at.line, column: at.column,
            message: "\(entity.name): route \(key) is not part of the entity's CRUD"))
      }
    }
    return items
  }

  /// Entities with no operation under `/api/<plural>` in any OpenAPI document of the project.
  static func specDrift(_ blueprint: Blueprint, blueprintPath: String, project: ProjectFacts) -> [DriftItem] {
    let operations = project.openAPIDocuments.flatMap(\.operations)
    return blueprint.entities.compactMap { entity in
      let prefix = RoutePath(entity.names.collectionPath).segments
      let documented = operations.contains { operation in
        operation.routePaths.contains { Array($0.segments.prefix(prefix.count)) == prefix }
      }
      if documented { return nil }
      let documents = project.openAPIDocuments.map(\.path)
      let looked =
        documents.isEmpty ? "the project has no OpenAPI document" : documents.joined(separator: ", ")
      return DriftItem(
        kind: .missingFromSpec, entity: entity.name, path: blueprintPath, line: entity.position.line,
        column: entity.position.column,
        message: "\(entity.name): no operation under \(entity.names.collectionPath) (\(looked))")
    }
  }
}
