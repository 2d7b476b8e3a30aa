/// How the schema is spelled in Python: the `db.Column(...)` of a model and the `sa.Column(...)` of
/// a migration. Both come from the same `FlaskSchema.Column`, so they cannot disagree.
extension FlaskSchema.Column {
  /// The model attribute's right-hand side: `db.Column(db.String(120), nullable=False)`.
  var modelExpression: String {
    var arguments = [modelType]
    if let key = foreignKey {
      arguments.append(
        "db.ForeignKey(\(pythonString(key.targetTable + ".id")), ondelete=\(pythonString(key.onDelete)))")
    }
    if primaryKey { arguments.append("primary_key=True") }
    if !primaryKey { arguments.append("nullable=\(nullable ? "True" : "False")") }
    if indexed { arguments.append("index=True") }
    if let value = defaultValue {
      if let python = pythonDefault(value) { arguments.append("default=\(python)") }
      arguments.append("server_default=\(serverDefault(value, module: "db"))")
    }
    if touchedOnUpdate { arguments.append("onupdate=db.func.now()") }
    return "db.Column(" + arguments.joined(separator: ", ") + ")"
  }

  /// The migration's column: `sa.Column("name", sa.String(length=120), nullable=False)`.
  var migrationExpression: String {
    var arguments = [pythonString(name), migrationType]
    if let value = defaultValue { arguments.append("server_default=\(serverDefault(value, module: "sa"))") }
    arguments.append("nullable=\(nullable && !primaryKey ? "True" : "False")")
    return "sa.Column(" + arguments.joined(separator: ", ") + ")"
  }

  var modelType: String {
    switch type {
    case .integer: return "db.Integer"
    case .text: return "db.Text"
    case .boolean: return "db.Boolean"
    case .date: return "db.Date"
    case .json: return "db.JSON"
    case .string(let length): return "db.String(\(length))"
    case .numeric(let precision, let scale): return "db.Numeric(\(precision), \(scale))"
    case .timestamp: return "db.DateTime(timezone=True)"
    case .enumeration(let name, let pythonClass, _):
      return "db.Enum(\(pythonClass), name=\(pythonString(name)), values_callable=enum_values)"
    }
  }

  var migrationType: String {
    switch type {
    case .integer: return "sa.Integer()"
    case .text: return "sa.Text()"
    case .boolean: return "sa.Boolean()"
    case .date: return "sa.Date()"
    case .json: return "sa.JSON()"
    case .string(let length): return "sa.String(length=\(length))"
    case .numeric(let precision, let scale): return "sa.Numeric(precision=\(precision), scale=\(scale))"
    case .timestamp: return "sa.DateTime(timezone=True)"
    case .enumeration(let name, _, let values):
      return "sa.Enum(" + (values.map(pythonString) + ["name=\(pythonString(name))"]).joined(separator: ", ")
        + ")"
    }
  }

  /// The Python-side default, or nil when only the database sets it (`now()`).
  func pythonDefault(_ value: Default) -> String? {
    switch value {
    case .boolean(let flag): return flag ? "True" : "False"
    case .integer(let number): return String(number)
    case .decimal(let text): return "Decimal(\(pythonString(text)))"
    case .string(let text): return pythonString(text)
    case .member(let pythonClass, let value): return pythonClass + "." + value.uppercased()
    case .now: return nil
    }
  }

  func serverDefault(_ value: Default, module: String) -> String {
    switch value {
    case .boolean(let flag): return "\(module).\(flag ? "true" : "false")()"
    case .integer(let number): return "\(module).text(\(pythonString(String(number))))"
    case .decimal(let text): return "\(module).text(\(pythonString(text)))"
    case .string(let text): return pythonString(text)
    case .member(_, let value): return pythonString(value)
    case .now: return "\(module).func.now()"
    }
  }
}

/// A Python string literal in double quotes.
func pythonString(_ text: String) -> String {
  var out = "\""
  for character in text {
    switch character {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n": out += "\\n"
    default: out.append(character)
    }
  }
  return out + "\""
}
