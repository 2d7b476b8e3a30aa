import ArchCore
import Foundation
import Yams

extension Blueprint {
  /// The top-level keys, in the order `spec/blueprint.md` lists them.
  public static let keys = [
    "name", "package", "stack", "frontend", "tenancy", "roles", "integrations", "compliance", "entities",
    "jobs",
  ]
  /// The keys of an entity.
  public static let entityKeys = ["name", "fields", "stories"]
  /// The keys of a field.
  public static let fieldKeys = [
    "name", "type", "required", "unique", "max_length", "default", "values", "to",
  ]
  /// The keys of a job.
  public static let jobKeys = ["name", "entity"]
  /// Columns every entity's table has; no field may take their names.
  public static let builtInColumns = ["id", "created_at", "updated_at", "workspace_id", "organization_id"]

  /// Collection paths of the generated application's own resources, which no entity may take.
  public static let builtInPaths = [
    "/api/members", "/api/invitations", "/api/health", "/api/auth", "/api/billing",
  ]

  /// Attributes SQLAlchemy's declarative base and Flask-SQLAlchemy give every model class.
  public static let reservedModelAttributes = ["metadata", "registry", "query", "query_class"]

  /// Reads and validates a blueprint file; every problem is an `InputError` naming the line.
  public static func load(path: String) throws -> Blueprint {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path: path, message: "cannot read blueprint file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(path: path, message: "blueprint file is not UTF-8")
    }
    return try parse(text, path: path)
  }

  /// Validates the text of a blueprint; `path` is only used in messages.
  public static func parse(_ text: String, path: String) throws -> Blueprint {
    var parser = BlueprintParser(text: text, path: path)
    return try parser.parse()
  }
}

/// Reads a blueprint from Yams nodes, checking each value where it is written so that a message
/// points at the offending node.
struct BlueprintParser {
  let path: String
  let text: String
  let lines: [String]

  init(text: String, path: String) {
    self.text = text
    self.path = path
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  func fail(_ message: String, _ mark: Yams.Mark?) -> InputError {
    fail(message, at: mark.map { Blueprint.Position(line: $0.line, column: $0.column) })
  }

  func fail(_ message: String, at position: Blueprint.Position?) -> InputError {
    let sourceLine = position.flatMap { $0.line >= 1 && $0.line <= lines.count ? lines[$0.line - 1] : nil }
    return InputError(
      path: path, line: position?.line, column: position?.column, message: message, sourceLine: sourceLine)
  }

  func position(_ node: Yams.Node) -> Blueprint.Position {
    Blueprint.Position(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  mutating func parse() throws -> Blueprint {
    let root: Yams.Node
    do {
      guard let composed = try Yams.compose(yaml: text) else {
        throw fail(
          "the blueprint is empty; it needs at least 'name', 'stack' and 'entities'",
          at: Blueprint.Position(line: 1, column: 1))
      }
      root = composed
    } catch let error as YamlError {
      throw InputError.fromYams(error, path: path, lines: lines)
    }
    let mapping = try self.mapping(root, what: "the blueprint", keys: Blueprint.keys)
    for key in ["name", "stack", "entities"] where mapping[key] == nil {
      throw fail("missing required key '\(key)'", root.mark)
    }

    let name = try string(mapping, "name")
    let package: String
    if let given = mapping["package"] {
      package = try string(given, key: "package")
      try checkPath(package, what: "package", given)
      try checkSnakeCase(package, what: "package", given)
    } else {
      package = Naming.packageName(fromProductName: name)
      guard Naming.isSnakeCase(package), !Naming.pythonKeywords.contains(package) else {
        throw fail(
          "cannot derive a Python package name from '\(name)'; set 'package' to a lower snake case name",
          mapping["name"]?.mark)
      }
    }
    let stack = try choice(mapping, "stack", Blueprint.Stack.self) ?? .flask
    let frontend = try choice(mapping, "frontend", Blueprint.Frontend.self) ?? .nextjs
    let tenancy = try choice(mapping, "tenancy", Blueprint.Tenancy.self) ?? .workspace
    let roles = try mapping["roles"].map { try names($0, key: "roles") } ?? Blueprint.defaultRoles
    if mapping["roles"] != nil && roles.isEmpty {
      throw fail("'roles' must name at least one role", mapping["roles"]?.mark)
    }
    let integrations = try choices(mapping, "integrations", Blueprint.Integration.self, what: "integration")
    let compliance = try choices(mapping, "compliance", Blueprint.Compliance.self, what: "compliance flag")

    guard let entityNodes = mapping["entities"]?.sequence, let entitiesNode = mapping["entities"] else {
      throw fail("'entities' must be a list of entities", mapping["entities"]?.mark)
    }
    guard !entityNodes.isEmpty else {
      throw fail("'entities' must list at least one entity", entitiesNode.mark)
    }
    var entities: [Entity] = []
    var seen: [String: Blueprint.Position] = [:]
    for node in entityNodes {
      let entity = try self.entity(node)
      for key in [entity.name.lowercased(), entity.names.table, entity.names.urlSegment] {
        if let first = seen[key] {
          throw fail(
            "duplicate entity '\(entity.name)' (its name or table '\(entity.names.table)' is "
              + "already used at line "
              + "\(first.line))", at: entity.position)
        }
      }
      for key in [entity.name.lowercased(), entity.names.table, entity.names.urlSegment] {
        seen[key] = entity.position
      }
      entities.append(entity)
    }
    let entityNames = Set(entities.map(\.name))
    for entity in entities {
      for field in entity.fields where field.kind == .ref {
        guard let target = field.target, entityNames.contains(target) else {
          throw fail(
            "field '\(field.name)' of \(entity.name) refers to '\(field.target ?? "")', which is "
              + "not an entity "
              + "of the blueprint", at: targetPositions[field.position] ?? field.position)
        }
        if target == entity.name && field.required {
          throw fail(
            "field '\(field.name)' of \(entity.name) is a required ref to \(entity.name) itself, which its "
              + "first record could never satisfy; make it optional", at: field.position)
        }
      }
    }

    var jobs: [Job] = []
    if let jobsNode = mapping["jobs"] {
      guard let sequence = jobsNode.sequence else {
        throw fail("'jobs' must be a list of jobs", jobsNode.mark)
      }
      var jobNames: [String: Int] = [:]
      for node in sequence {
        let jobMapping = try self.mapping(node, what: "a job", keys: Blueprint.jobKeys)
        for key in Blueprint.jobKeys where jobMapping[key] == nil {
          throw fail("job is missing required key '\(key)'", node.mark)
        }
        let nameNode = jobMapping["name"] ?? node
        let jobName = try string(nameNode, key: "name")
        try checkPath(jobName, what: "job name", nameNode)
        try checkSnakeCase(jobName, what: "job name", nameNode)
        if let first = jobNames[jobName] {
          throw fail("duplicate job '\(jobName)' (first at line \(first))", nameNode.mark)
        }
        jobNames[jobName] = nameNode.mark?.line ?? 1
        let entityNode = jobMapping["entity"] ?? node
        let entityName = try string(entityNode, key: "entity")
        guard entityNames.contains(entityName) else {
          throw fail(
            "job '\(jobName)' names '\(entityName)', which is not an entity of the blueprint", entityNode.mark
          )
        }
        jobs.append(Job(name: jobName, entity: entityName, position: position(nameNode)))
      }
    }
    return Blueprint(
      name: name, package: package, stack: stack, frontend: frontend, tenancy: tenancy, roles: roles,
      integrations: integrations, compliance: compliance, entities: entities, jobs: jobs)
  }

  // MARK: Entities and fields

  /// Where each ref field's `to` was written, keyed by the field's position, so that a ref to a
  /// missing entity (found once every entity is read) points at it.
  var targetPositions: [Blueprint.Position: Blueprint.Position] = [:]

  mutating func entity(_ node: Yams.Node) throws -> Entity {
    let mapping = try self.mapping(node, what: "an entity", keys: Blueprint.entityKeys)
    for key in ["name", "fields"] where mapping[key] == nil {
      throw fail("entity is missing required key '\(key)'", node.mark)
    }
    let nameNode = mapping["name"] ?? node
    let name = try string(nameNode, key: "name")
    try checkPath(name, what: "entity name", nameNode)
    guard Naming.isPascalCase(name) else {
      throw fail(
        "entity name '\(name)' must be PascalCase: a capital letter, then letters and digits (as in "
          + "OrderItem)",
        nameNode.mark)
    }
    if Naming.pythonKeywords.contains(name) {
      throw fail("entity name '\(name)' is a Python keyword", nameNode.mark)
    }
    if let builtIn = Blueprint.builtInModels.first(where: { $0.lowercased() == name.lowercased() }) {
      throw fail(
        "entity '\(name)' clashes with the built-in model \(builtIn) that every application has",
        nameNode.mark)
    }
    let names = EntityNames(name)
    if Blueprint.builtInPaths.contains(names.collectionPath) {
      throw fail(
        "entity '\(name)' would be served at \(names.collectionPath), which the generated application "
          + "already serves", nameNode.mark)
    }
    if Naming.pythonKeywords.contains(names.module) {
      throw fail(
        "entity '\(name)' gives the module name '\(names.module)', which is a Python keyword", nameNode.mark)
    }
    if Naming.sqlReservedWords.contains(names.table) {
      throw fail(
        "entity '\(name)' gives the table name '\(names.table)', which is an SQL reserved word", nameNode.mark
      )
    }
    guard let fieldsNode = mapping["fields"], let fieldNodes = fieldsNode.sequence else {
      throw fail("'fields' of \(name) must be a list of fields", mapping["fields"]?.mark)
    }
    guard !fieldNodes.isEmpty else {
      throw fail("entity '\(name)' must have at least one field", fieldsNode.mark)
    }
    var fields: [Field] = []
    var columns: [String: Int] = [:]
    for fieldNode in fieldNodes {
      let field = try self.field(fieldNode, entity: name)
      if let attribute = Blueprint.reservedModelAttributes.first(where: {
        $0 == field.name || $0 == field.column
      }) {
        throw fail(
          "field '\(field.name)' of \(name) would replace the model attribute '\(attribute)' that "
            + "SQLAlchemy or Flask-SQLAlchemy defines; rename it",
          at: field.position)
      }
      if Blueprint.builtInColumns.contains(field.column) {
        throw fail(
          "field '\(field.name)' of \(name) gives the column '\(field.column)', which every entity "
            + "already has",
          at: field.position)
      }
      if let first = columns[field.name.lowercased()] ?? columns[field.column.lowercased()] {
        throw fail(
          "duplicate field '\(field.name)' in \(name) (its name or column '\(field.column)' is "
            + "already used at "
            + "line \(first))", at: field.position)
      }
      columns[field.name.lowercased()] = field.position.line
      columns[field.column.lowercased()] = field.position.line
      fields.append(field)
    }
    var stories: [String] = []
    if let storiesNode = mapping["stories"] {
      guard let sequence = storiesNode.sequence else {
        throw fail("'stories' of \(name) must be a list of sentences", storiesNode.mark)
      }
      stories = try sequence.map { item in
        guard let scalar = item.scalar, !scalar.string.isEmpty else {
          throw fail("'stories' of \(name) must be a list of sentences", item.mark)
        }
        return scalar.string
      }
    }
    return Entity(name: name, fields: fields, stories: stories, position: position(nameNode))
  }

  mutating func field(_ node: Yams.Node, entity: String) throws -> Field {
    let mapping = try self.mapping(node, what: "a field", keys: Blueprint.fieldKeys)
    for key in ["name", "type"] where mapping[key] == nil {
      throw fail("field of \(entity) is missing required key '\(key)'", node.mark)
    }
    let nameNode = mapping["name"] ?? node
    let name = try string(nameNode, key: "name")
    try checkPath(name, what: "field name", nameNode)
    let typeNode = mapping["type"] ?? node
    let typeName = try string(typeNode, key: "type")
    guard let kind = Field.Kind(rawValue: typeName) else {
      throw fail(
        "unknown field type '\(typeName)' (expected one of: "
          + "\(Field.Kind.allCases.map(\.rawValue).joined(separator: ", ")))", typeNode.mark)
    }
    try checkSnakeCase(name, what: "field name", nameNode, reserved: .field(isColumn: kind != .ref))
    let required = try mapping["required"].map { try boolean($0, key: "required") } ?? false
    let unique = try mapping["unique"].map { try boolean($0, key: "unique") } ?? false

    func onlyFor(_ key: String, _ kinds: [Field.Kind]) throws {
      if let given = mapping[key], !kinds.contains(kind) {
        throw fail(
          "'\(key)' only applies to \(kinds.map(\.rawValue).joined(separator: " and ")) fields, not to "
            + "'\(name)' of type \(kind.rawValue)", given.mark)
      }
    }
    try onlyFor("max_length", [.string, .email])
    try onlyFor("values", [.enum])
    try onlyFor("to", [.ref])
    try onlyFor("default", [.string, .text, .email, .integer, .decimal, .boolean, .enum])

    var maxLength: Int?
    if let given = mapping["max_length"] {
      guard let number = given.scalar.flatMap({ Int($0.string) }), number > 0 else {
        throw fail("'max_length' of '\(name)' must be a whole number above 0", given.mark)
      }
      maxLength = number
    }
    var values: [String] = []
    if kind == .enum {
      guard let valuesNode = mapping["values"] else {
        throw fail("field '\(name)' of type enum needs 'values', a list of names", nameNode.mark)
      }
      values = try names(valuesNode, key: "values")
      guard !values.isEmpty else {
        throw fail("field '\(name)' of type enum needs 'values', a list of names", valuesNode.mark)
      }
    }
    var target: String?
    if kind == .ref {
      guard let toNode = mapping["to"] else {
        throw fail("field '\(name)' of type ref needs 'to', the name of an entity", nameNode.mark)
      }
      target = try string(toNode, key: "to")
      targetPositions[position(nameNode)] = position(toNode)
    }
    // A ref's own name is only an attribute; its column is `<name>_id`.
    if kind == .ref, Naming.sqlReservedWords.contains(name + "_id") {
      throw fail(
        "field name '\(name)' gives the column '\(name)_id', which is an SQL reserved word", nameNode.mark)
    }
    var defaultValue: Field.DefaultValue?
    if let given = mapping["default"] {
      defaultValue = try self.defaultValue(given, field: name, kind: kind, values: values)
    }
    return Field(
      name: name, kind: kind, required: required, unique: unique, maxLength: maxLength,
      defaultValue: defaultValue, values: values, target: target, position: position(nameNode))
  }

  func defaultValue(_ node: Yams.Node, field: String, kind: Field.Kind, values: [String]) throws
    -> Field.DefaultValue
  {
    guard let scalar = node.scalar else {
      throw fail("'default' of '\(field)' must be a single value", node.mark)
    }
    switch kind {
    case .integer:
      guard let number = Int(scalar.string) else {
        throw fail("'default' of '\(field)' must be a whole number", node.mark)
      }
      return .integer(number)
    case .decimal:
      guard Decimal(string: scalar.string) != nil, Double(scalar.string) != nil else {
        throw fail("'default' of '\(field)' must be a number", node.mark)
      }
      return .decimal(scalar.string)
    case .boolean:
      guard let flag = node.bool else {
        throw fail("'default' of '\(field)' must be true or false", node.mark)
      }
      return .boolean(flag)
    case .enum:
      guard values.contains(scalar.string) else {
        throw fail(
          "default '\(scalar.string)' of '\(field)' is not one of its values "
            + "(\(values.joined(separator: ", ")))",
          node.mark)
      }
      return .string(scalar.string)
    default:
      return .string(scalar.string)
    }
  }

  // MARK: Values

  /// The node as a mapping with string keys, every key among `keys`.
  func mapping(_ node: Yams.Node, what: String, keys: [String]) throws -> [String: Yams.Node] {
    guard let mapping = node.mapping else {
      throw fail("\(what) must be a mapping of keys to values", node.mark)
    }
    var result: [String: Yams.Node] = [:]
    for (keyNode, value) in mapping {
      let key = keyNode.scalar?.string ?? ""
      guard keys.contains(key) else {
        throw fail(
          "unknown key '\(key)' in \(what) (expected one of: \(keys.joined(separator: ", ")))", keyNode.mark)
      }
      guard result[key] == nil else { throw fail("key '\(key)' is given twice", keyNode.mark) }
      result[key] = value
    }
    return result
  }

  func string(_ mapping: [String: Yams.Node], _ key: String) throws -> String {
    guard let node = mapping[key] else { throw fail("missing required key '\(key)'", nil) }
    return try string(node, key: key)
  }

  /// A non-empty scalar.
  func string(_ node: Yams.Node, key: String) throws -> String {
    guard let scalar = node.scalar, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw fail("'\(key)' must be a non-empty string", node.mark)
    }
    return scalar.string
  }

  func boolean(_ node: Yams.Node, key: String) throws -> Bool {
    guard let scalar = node.scalar, ["true", "false"].contains(scalar.string) else {
      throw fail("'\(key)' must be true or false", node.mark)
    }
    return scalar.string == "true"
  }

  /// One value of an enumeration, such as `stack: flask`.
  func choice<Choice: RawRepresentable & CaseIterable>(
    _ mapping: [String: Yams.Node], _ key: String, _ type: Choice.Type
  ) throws -> Choice? where Choice.RawValue == String {
    guard let node = mapping[key] else { return nil }
    let expected = Choice.allCases.map(\.rawValue).joined(separator: ", ")
    guard let scalar = node.scalar, let value = Choice(rawValue: scalar.string) else {
      throw fail("'\(key)' must be one of: \(expected) (got '\(node.scalar?.string ?? "")')", node.mark)
    }
    return value
  }

  /// A list of distinct values of an enumeration, such as `integrations: [stripe]`.
  func choices<Choice: RawRepresentable & CaseIterable & Equatable>(
    _ mapping: [String: Yams.Node], _ key: String, _ type: Choice.Type, what: String
  ) throws -> [Choice] where Choice.RawValue == String {
    guard let node = mapping[key] else { return [] }
    guard let sequence = node.sequence else { throw fail("'\(key)' must be a list", node.mark) }
    let expected = Choice.allCases.map(\.rawValue).joined(separator: ", ")
    var result: [Choice] = []
    for item in sequence {
      let raw = item.scalar?.string ?? ""
      guard let value = Choice(rawValue: raw) else {
        throw fail("unknown \(what) '\(raw)' (expected one of: \(expected))", item.mark)
      }
      guard !result.contains(value) else { throw fail("\(what) '\(raw)' is listed twice", item.mark) }
      result.append(value)
    }
    return result
  }

  /// A list of distinct lower snake case names (roles, enum values).
  func names(_ node: Yams.Node, key: String) throws -> [String] {
    guard let sequence = node.sequence else { throw fail("'\(key)' must be a list of names", node.mark) }
    var result: [String] = []
    for item in sequence {
      guard let scalar = item.scalar else { throw fail("'\(key)' must be a list of names", item.mark) }
      let name = scalar.string
      try checkSnakeCase(name, what: key == "roles" ? "role" : "value", item)
      guard !result.contains(name) else { throw fail("'\(name)' is listed twice in '\(key)'", item.mark) }
      result.append(name)
    }
    return result
  }

  /// Refuses a name that, used as a file name, would leave the output folder.
  func checkPath(_ name: String, what: String, _ node: Yams.Node) throws {
    do {
      _ = try OutputFolder(root: "/archverify-blueprint-check").resolve(name)
    } catch {
      throw fail("\(what) '\(name)' would write outside the output folder: \(error)", node.mark)
    }
  }

  /// Which languages' reserved words a name must avoid: a field's name is a Python attribute, a
  /// TypeScript variable and (unless it is a ref) a column; other names (roles, enum values, jobs,
  /// the package) only become Python names.
  enum Reserved {
    case python
    case field(isColumn: Bool)
  }

  /// Refuses a name that is not lower snake case or that a target language reserves.
  func checkSnakeCase(_ name: String, what: String, _ node: Yams.Node, reserved: Reserved = .python) throws {
    guard Naming.isSnakeCase(name) else {
      throw fail(
        "\(what) '\(name)' is not a valid identifier: use lower snake case (letters, digits and underscores, "
          + "starting with a letter)", node.mark)
    }
    switch reserved {
    case .python:
      if Naming.pythonKeywords.contains(name) {
        throw fail("\(what) '\(name)' is a Python keyword", node.mark)
      }
    case .field(let isColumn):
      if let reason = Naming.reservation(of: name, asColumn: isColumn) {
        throw fail("\(what) '\(name)' is \(reason)", node.mark)
      }
    }
  }
}
