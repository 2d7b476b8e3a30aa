import ArchCore

/// Finds the queries on tenant-scoped models that never restrict the tenant column.
///
/// A query starts at a *root* — `M.query`, `<session>.query(M)`, `select(M)`, `<x>.get(M, id)`,
/// or `text("... FROM <table> ...")` — and grows through the method chain written on it
/// (`M.query.filter(...).order_by(...).all()`). When a root is assigned to a local name, the
/// chains written on that name later in the same function belong to the same query
/// (`q = M.query` ... `q = q.filter(M.workspace_id == w)` ... `q.all()`). A query is scoped when a
/// step of it filters on a tenant column (`filter_by(workspace_id=...)`, `filter(M.workspace_id ==
/// w)`, `where(M.workspace_id.in_(...))`), when a step calls a project function whose own body adds
/// such a filter (`scoped(M.query, w)`, a custom query class's `for_workspace(w)`), or, for raw SQL,
/// when the statement names the tenant column. `<x>.get(M, id)` takes no filter and is always
/// unscoped.
public struct TenantQueryScan: Sendable {
  /// A tenant-scoped model as the scan needs it.
  public struct TenantModel: Sendable {
    public let name: String
    public let tenantColumns: [String]
    public let tableName: String?

    public init(name: String, tenantColumns: [String], tableName: String?) {
      self.name = name
      self.tenantColumns = tenantColumns
      self.tableName = tableName
    }
  }

  /// A query that reads or writes a tenant-scoped model without restricting its tenant column.
  public struct UnscopedQuery: Sendable {
    /// Index into `ModuleGraph.modules`.
    public let module: Int
    /// Start of the query expression (its root).
    public let offset: Int
    public let model: TenantModel
    /// How the query is written, for messages: `Order.query`, `session.query(Order)`,
    /// `select(Order)`, `session.get(Order, ...)`, `text("...")`.
    public let form: String
    /// Whether the form can take no tenant filter at all (`session.get`).
    public let isPrimaryKeyLookup: Bool
  }

  public let unscoped: [UnscopedQuery]

  /// - Parameters:
  ///   - graph: the application's modules.
  ///   - model: the tenant-scoped model a reference (a class name or dotted name used in module
  ///     `module`) stands for, or nil when it is not one (or is allowlisted).
  ///   - tables: tenant-scoped models by table name, for raw SQL.
  ///   - tenantColumns: every tenant column name (for recognising scoping helpers).
  ///   - skip: modules not checked (migrations).
  public init(
    graph: ModuleGraph, model: (Int, PyValue) -> TenantModel?, tables: [String: TenantModel],
    tenantColumns: Set<String>, skip: (ModuleGraph.Module) -> Bool
  ) {
    // Project functions whose body adds a tenant filter: calling one scopes a query.
    var scopingNames: Set<String> = []
    for module in graph.modules {
      for site in module.file.calls where TenantQueryScan.isTenantFilter(site.call, columns: tenantColumns) {
        if let function = site.function { scopingNames.insert(module.file.functions[function].name) }
      }
    }

    var unscoped: [UnscopedQuery] = []
    for (moduleIndex, module) in graph.modules.enumerated() where !skip(module) {
      let file = module.file
      // Calls that are the object of another call's method (`a.filter(x)` in `a.filter(x).all()`):
      // only the outermost call of a chain is looked at.
      var inner: Set<Range<Int>> = []
      for site in file.calls {
        var object = site.call.callee
        while true {
          switch object.expr {
          case .attribute(let base, _):
            object = base
            continue
          case .call(let call):
            inner.insert(object.range)
            object = call.callee
            continue
          case .subscript(let base, _):
            object = base
            continue
          default:
            break
          }
          break
        }
      }

      // Query variables per function: name -> (root, scoped so far, first offset).
      struct Variable {
        var model: TenantModel
        var form: String
        var offset: Int
        var scoped: Bool
      }
      var variables: [String: Variable] = [:]
      var order: [String] = []
      func key(_ function: Int?, _ name: String) -> String { "\(function ?? -1):\(name)" }

      // Every chain: the outermost calls, plus assigned values that are chains without a call
      // (`q = Order.query`).
      var chains: [(value: PyValue, function: Int?, assignedTo: String?)] = []
      var chainAt: [Range<Int>: Int] = [:]
      for site in file.calls where !inner.contains(site.range) {
        chainAt[site.range] = chains.count
        chains.append((PyValue(.call(site.call), range: site.range), site.function, nil))
      }
      for assignment in file.assignments {
        guard let value = assignment.value, assignment.targets.count == 1,
          case .name(let target) = assignment.targets[0].expr
        else { continue }
        if let index = chainAt[value.range] {
          chains[index].assignedTo = target
        } else if case .attribute = value.expr {
          chains.append((value, assignment.function, target))
        }
      }
      // Queries handed to a scoping helper (`scoped(Order.query.filter(...), w)`) are scoped by it.
      var handedToHelpers: [Range<Int>] = []
      for site in file.calls where site.call.callee.terminalName.map(scopingNames.contains) ?? false {
        handedToHelpers += site.call.arguments.map(\.range) + site.call.keywords.map(\.value.range)
      }
      chains.sort { $0.value.range.lowerBound < $1.value.range.lowerBound }

      for chain in chains {
        let steps = TenantQueryScan.steps(of: chain.value)
        guard let root = steps.root else { continue }
        let scopedHere =
          steps.calls.contains { call in
            TenantQueryScan.isTenantFilter(call, columns: tenantColumns)
              || (call.callee.terminalName.map(scopingNames.contains) ?? false)
          }
          || handedToHelpers.contains { $0.contains(chain.value.range.lowerBound) }
        switch root.expr {
        case .name(let name):
          // A chain on a query variable: part of that variable's query.
          let variableKey = key(chain.function, name)
          guard variables[variableKey] != nil else { continue }
          if scopedHere { variables[variableKey]?.scoped = true }
          if let target = chain.assignedTo, target != name {
            variables[key(chain.function, target)] = variables[variableKey]
            order.append(key(chain.function, target))
          }
          continue
        default:
          break
        }
        guard let found = TenantQueryScan.query(root, in: moduleIndex, model: model) else { continue }
        if found.isPrimaryKeyLookup {
          unscoped.append(
            UnscopedQuery(
              module: moduleIndex, offset: chain.value.range.lowerBound, model: found.model, form: found.form,
              isPrimaryKeyLookup: true))
          continue
        }
        if let target = chain.assignedTo {
          let variableKey = key(chain.function, target)
          if let previous = variables[variableKey] {
            // The name now holds another query; the one it held is complete.
            if !previous.scoped {
              unscoped.append(
                UnscopedQuery(
                  module: moduleIndex, offset: previous.offset, model: previous.model, form: previous.form,
                  isPrimaryKeyLookup: false))
            }
          } else {
            order.append(variableKey)
          }
          variables[variableKey] = Variable(
            model: found.model, form: found.form, offset: chain.value.range.lowerBound, scoped: scopedHere)
          continue
        }
        if !scopedHere {
          unscoped.append(
            UnscopedQuery(
              module: moduleIndex, offset: chain.value.range.lowerBound, model: found.model, form: found.form,
              isPrimaryKeyLookup: false))
        }
      }
      var reported = Set(unscoped.filter { $0.module == moduleIndex }.map(\.offset))
      for variableKey in order {
        guard let variable = variables[variableKey], !variable.scoped,
          reported.insert(variable.offset).inserted
        else { continue }
        unscoped.append(
          UnscopedQuery(
            module: moduleIndex, offset: variable.offset, model: variable.model, form: variable.form,
            isPrimaryKeyLookup: false))
      }

      // Raw SQL naming a tenant table without its tenant column.
      for site in file.calls {
        guard site.call.callee.terminalName == "text", let sql = site.call.argument(0)?.stringLiteral else {
          continue
        }
        let words = TenantQueryScan.sqlTables(sql)
        for table in words {
          guard let tenant = tables[table] else { continue }
          let lower = sql.lowercased()
          if tenant.tenantColumns.contains(where: { TextSearch.contains(lower, $0.lowercased()) }) {
            continue
          }
          unscoped.append(
            UnscopedQuery(
              module: moduleIndex, offset: site.range.lowerBound, model: tenant, form: "text(\"...\")",
              isPrimaryKeyLookup: false))
          break
        }
      }
    }
    self.unscoped = unscoped.sorted { ($0.module, $0.offset) < ($1.module, $1.offset) }
  }

  // MARK: Chains

  /// The calls of a method chain from the outermost inwards, and the innermost value it is
  /// written on (a call that is not a method of another value ends the chain and is its root).
  static func steps(of value: PyValue) -> (calls: [PyCall], root: PyValue?) {
    var calls: [PyCall] = []
    var current = value
    while true {
      switch current.expr {
      case .call(let call):
        calls.append(call)
        if case .attribute(let object, let method) = call.callee.expr {
          // `session.query(M)`, `x.get(M, id)`: the call itself is the root.
          if method == "query" || method == "get" || method == "select",
            call.arguments.first.map(isModelReference) == true
          {
            return (calls, current)
          }
          current = object
          continue
        }
        return (calls, current)
      case .attribute(let object, let attribute):
        if attribute == "query" { return (calls, current) }
        current = object
        continue
      case .name:
        return (calls, current)
      default:
        return (calls, nil)
      }
    }
  }

  static func isModelReference(_ value: PyValue) -> Bool {
    switch value.expr {
    case .name, .attribute: return true
    default: return false
    }
  }

  /// The query a chain root starts, if it is a query on a tenant-scoped model.
  static func query(_ root: PyValue, in module: Int, model: (Int, PyValue) -> TenantModel?)
    -> (model: TenantModel, form: String, isPrimaryKeyLookup: Bool)?
  {
    switch root.expr {
    case .attribute(let object, "query"):
      guard let found = model(module, object) else { return nil }
      return (found, "\(object.dottedName ?? found.name).query", false)
    case .call(let call):
      guard let first = call.arguments.first else { return nil }
      let reference: PyValue
      // `session.query(M.id, M.name)` queries M too.
      if case .attribute(let base, _) = first.expr, model(module, first) == nil {
        reference = base
      } else {
        reference = first
      }
      guard let found = model(module, reference) else { return nil }
      let receiver: String
      if case .attribute(let object, _) = call.callee.expr {
        receiver = object.dottedName ?? "session"
      } else {
        receiver = ""
      }
      switch call.callee.terminalName {
      case "query":
        return (found, "\(receiver).query(\(found.name))", false)
      case "get":
        return (found, "\(receiver).get(\(found.name), ...)", true)
      case "select":
        return (found, "select(\(found.name))", false)
      default:
        return nil
      }
    default:
      return nil
    }
  }

  /// Whether a call filters on a tenant column: `filter_by(<col>=...)`, or `filter`/`where`/
  /// `filter_by`-like steps whose arguments mention `<anything>.<col>` or a bare `<col>` name in a
  /// comparison.
  static func isTenantFilter(_ call: PyCall, columns: Set<String>) -> Bool {
    guard let method = call.callee.terminalName else { return false }
    switch method {
    case "filter_by":
      return call.keywords.contains { columns.contains($0.name) }
    case "filter", "where", "join", "having":
      return call.arguments.contains { argument in
        argument.contains { value in
          if case .attribute(_, let attribute) = value.expr { return columns.contains(attribute) }
          return false
        }
      }
    default:
      return false
    }
  }

  /// Table names a SQL statement reads or writes: the word after `FROM`, `JOIN`, `UPDATE`, `INTO`.
  static func sqlTables(_ sql: String) -> [String] {
    let words = sql.split(whereSeparator: {
      $0.isWhitespace || $0 == "," || $0 == "(" || $0 == ")" || $0 == ";"
    })
    .map { String($0) }
    var tables: [String] = []
    for (index, word) in words.enumerated().dropLast() {
      switch word.uppercased() {
      case "FROM", "JOIN", "UPDATE", "INTO":
        var table = words[index + 1].lowercased()
        table = String(table.drop { $0 == "\"" || $0 == "`" || $0 == "[" })
        while let last = table.last, last == "\"" || last == "`" || last == "]" { table.removeLast() }
        if let dot = table.lastIndex(of: ".") { table = String(table[table.index(after: dot)...]) }
        tables.append(table)
      default:
        continue
      }
    }
    return tables
  }
}
