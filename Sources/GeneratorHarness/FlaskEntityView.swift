/// What the templates of an entity's schema, service, API blueprint, test factory and tests need,
/// computed from the blueprint's field definitions (docs/generated-application.md, "HTTP API" and
/// "Test suite"). Marshmallow fields, sample values and checks all come from the same `Field`, so
/// the schema, its tests and the OpenAPI document agree on every type and limit.
struct FlaskEntityView {
  let entity: Entity
  let blueprint: Blueprint

  /// Largest and smallest values of a PostgreSQL `integer`.
  static let int32Max = 2_147_483_647
  static let int32Min = -2_147_483_648

  var names: EntityNames { entity.names }

  /// Lower-case words for messages: `order item`, `order items`.
  var human: String { Naming.words(entity.name).joined(separator: " ") }
  var humanPlural: String { Naming.pluralWords(entity.name).joined(separator: " ") }

  var view: [String: Any] {
    let refs = entity.fields.filter { $0.kind == .ref }
    let enumFields = entity.fields.filter { $0.kind == .enum }
    let enumClasses = enumFields.map { names.className + Naming.words($0.name).map(\.capitalized).joined() }
    let unique = entity.fields.first { $0.unique && $0.kind != .ref }
    let limited = entity.fields.first { $0.maxLength != nil || $0.kind == .string }
    let requiredField = entity.fields.first { $0.required && $0.defaultValue == nil }
    let enumField = enumFields.first
    let allRefTargets = refs.compactMap { field -> [String: Any]? in
      guard let target = blueprint.entity(named: field.target ?? "") else { return nil }
      return [
        "column": field.column, "targetClass": target.names.className, "targetModule": target.names.module,
        "targetHuman": Naming.words(target.name).joined(separator: " "),
        "targetTenantColumn": blueprint.tenancy.column, "targetPath": target.names.collectionPath,
        "restricts": field.required,
      ]
    }
    // Refs to other entities: the ones a test can point at another tenant's record or delete.
    let refTargets = allRefTargets.filter { ($0["targetClass"] as? String) != names.className }
    var modelImports = [names.className] + allRefTargets.compactMap { $0["targetClass"] as? String }
    modelImports = Array(Set(modelImports)).sorted()
    var view: [String: Any] = [
      "className": names.className,
      "module": names.module,
      "table": names.table,
      "singular": names.singular,
      "plural": names.plural,
      "segment": names.urlSegment,
      "collectionPath": names.collectionPath,
      "human": human,
      "humanPlural": humanPlural,
      "outputFields": entity.fields.map { ["name": $0.column, "expression": outputField($0)] },
      "inputFields": entity.fields.map {
        ["name": $0.column, "create": inputField($0, update: false), "update": inputField($0, update: true)]
      },
      "enumImport": enumClasses.isEmpty
        ? "" : "from ..models.\(names.module) import \(enumClasses.joined(separator: ", "))",
      "hasEnums": !enumClasses.isEmpty,
      "modelImports": modelImports.joined(separator: ", "),
      "refs": allRefTargets,
      "hasRefs": !allRefTargets.isEmpty,
      "payload": entity.fields.map { ["name": $0.column, "value": sampleValue($0)] },
      "usesSequence": entity.fields.map(sampleValue).contains { $0.contains("{n}") },
      "checks": entity.fields.map { ["name": $0.column, "kind": checkKind($0)] },
      "factoryRefs": refTargets.map { ["targetModule": $0["targetModule"] ?? ""] },
    ]
    let inputs = entity.fields.map { inputField($0, update: false) }.joined(separator: " ")
    let local = ["CleanString", "JSONValue", "Money"].filter { inputs.contains($0 + "(") }
    view["localImports"] = (local + ["InputSchema"]).sorted().joined(separator: ", ")
    view["marshmallowImports"] = inputs.contains("validate.") ? "Schema, fields, validate" : "Schema, fields"
    var testImports = ["create_" + names.module, names.module + "_payload", "same"]
    if let ref = refTargets.first, let target = ref["targetModule"] as? String {
      testImports.append("create_" + target)
    }
    view["testFactoryImports"] = FlaskProjectRenderer.importList(testImports)
    let update = updateCase
    view["updateField"] = update.field
    view["updateValue"] = update.value
    view["updateKind"] = update.kind
    if let unique {
      view["uniqueField"] = ["name": unique.column]
    }
    if let limited {
      let limit = limited.maxLength ?? (limited.kind == .email ? 320 : 255)
      view["limitedField"] = [
        "name": limited.column,
        "tooLong": limited.kind == .email
          ? "\"a\" * \(limit) + \"@example.com\"" : "\"x\" * \(limit + 1)",
      ]
    }
    if let requiredField {
      view["requiredField"] = ["name": requiredField.column]
    }
    if let enumField {
      view["enumField"] = ["name": enumField.column]
    }
    if let ref = refTargets.first {
      view["refField"] = ref
    }
    return view
  }

  /// The Marshmallow field that shapes the output.
  func outputField(_ field: Field) -> String {
    switch field.kind {
    case .string, .text, .email: return "fields.String()"
    case .integer, .ref: return "fields.Integer()"
    case .decimal: return "fields.Decimal(places=2, as_string=True)"
    case .boolean: return "fields.Boolean()"
    case .date: return "fields.Date()"
    case .datetime: return "fields.DateTime()"
    case .enum: return "fields.Enum(\(enumClass(field)), by_value=True)"
    case .json: return "fields.Raw()"
    }
  }

  /// The Marshmallow field that validates input; `update` makes every field optional.
  func inputField(_ field: Field, update: Bool) -> String {
    var arguments: [String] = []
    var validators: [String] = []
    let type: String
    switch field.kind {
    case .string:
      type = "CleanString"
      validators.append("validate.Length(max=\(field.maxLength ?? 255))")
    case .email:
      type = "CleanString"
      validators.append("validate.Email()")
      validators.append("validate.Length(max=\(field.maxLength ?? 320))")
    case .text: type = "CleanString"
    case .integer:
      type = "fields.Integer"
      arguments.append("strict=True")
      validators.append("validate.Range(min=\(Self.int32Min), max=\(Self.int32Max))")
    case .ref:
      type = "fields.Integer"
      arguments.append("strict=True")
      validators.append("validate.Range(min=1, max=\(Self.int32Max))")
    case .decimal: type = "Money"
    case .boolean: type = "fields.Boolean"
    case .date: type = "fields.Date"
    case .datetime: type = "fields.DateTime"
    case .enum:
      type = "fields.Enum"
      arguments.append(enumClass(field))
      arguments.append("by_value=True")
    case .json: type = "JSONValue"
    }
    if !update && field.required && field.defaultValue == nil { arguments.append("required=True") }
    if !field.required { arguments.append("allow_none=True") }
    if validators.count == 1 {
      arguments.append("validate=" + validators[0])
    } else if !validators.isEmpty {
      arguments.append("validate=[" + validators.joined(separator: ", ") + "]")
    }
    return type + "(" + arguments.joined(separator: ", ") + ")"
  }

  func enumClass(_ field: Field) -> String {
    names.className + Naming.words(field.name).map(\.capitalized).joined()
  }

  /// A valid value for the field in a test payload, as a Python expression; `n` is a number unique
  /// to the payload and `api` the signed-in client.
  func sampleValue(_ field: Field) -> String {
    switch field.kind {
    case .string:
      let limit = field.maxLength ?? 255
      return "f\"\(field.name)-{n}\"[:\(limit)]"
    case .email: return "f\"\(field.name){n}@example.com\""
    case .text: return "f\"Some text {n}\""
    case .integer:
      if case .integer(let value) = field.defaultValue { return String(value + 1) }
      return "3"
    case .decimal: return "\"12.50\""
    case .boolean:
      if case .boolean(let value) = field.defaultValue { return value ? "False" : "True" }
      return "True"
    case .date: return "\"2026-01-15\""
    case .datetime: return "\"2026-01-15T09:30:00+00:00\""
    case .enum:
      let values = field.values
      if case .string(let given) = field.defaultValue, let other = values.first(where: { $0 != given }) {
        return pythonString(other)
      }
      return pythonString(values.first ?? "")
    case .json: return "{\"key\": \"value\", \"list\": [1, 2]}"
    case .ref:
      // A ref to the entity itself is optional (the loader refuses a required one): left empty, so
      // that making a record does not need one made before it.
      if field.target == entity.name { return "None" }
      let target = blueprint.entity(named: field.target ?? "")?.names.module ?? ""
      return "create_\(target)(api)[\"id\"]"
    }
  }

  /// How the tests compare a field's value in a response with the value sent.
  func checkKind(_ field: Field) -> String {
    switch field.kind {
    case .decimal: return "decimal"
    case .datetime: return "datetime"
    default: return "exact"
    }
  }

  /// The field a test changes with PATCH, the new value and how to compare it.
  var updateCase: (field: String, value: String, kind: String) {
    let preferred: [Field.Kind] = [
      .string, .text, .integer, .enum, .boolean, .decimal, .date, .datetime, .json,
    ]
    for kind in preferred {
      guard let field = entity.fields.first(where: { $0.kind == kind && !$0.unique }) else { continue }
      let value: String
      switch kind {
      case .string: value = pythonString(String("changed".prefix(field.maxLength ?? 255)))
      case .text: value = "\"Changed text\""
      case .integer: value = "42"
      case .enum: value = pythonString(field.values.last ?? "")
      case .boolean: value = "False"
      case .decimal: value = "\"99.95\""
      case .date: value = "\"2027-02-20\""
      case .datetime: value = "\"2027-02-20T16:45:00+00:00\""
      default: value = "{\"changed\": True}"
      }
      return (field.column, value, checkKind(field))
    }
    let field = entity.fields[0]
    return (field.column, "record[\(pythonString(field.column))]", checkKind(field))
  }
}
