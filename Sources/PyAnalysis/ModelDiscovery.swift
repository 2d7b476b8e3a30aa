import ArchCore

/// Finds the models and tables of a project for `ModelCatalog`: resolves base classes between
/// modules, tells models from mixins and bases, and collects table names and columns. It lives
/// while the catalogue is built; its caches make each class and each name cost one look-up.
final class ModelDiscovery {
  private(set) var models: [ORMModel] = []
  private(set) var tables: [ORMTable] = []
  /// For each module path, the names it binds to a model index, or to nil for a project class that
  /// is not a model (a schema of the same name).
  private(set) var modelBindings: [String: [String: Int?]] = [:]
  /// For each module path, its local names for project modules, with the module's path.
  private(set) var moduleAliases: [String: [String: String]] = [:]

  private let graph: ModuleGraph
  private let settings: AnalysisSettings
  /// Class names defined once in the project: the fall-back for a base no import explains.
  private let uniqueClasses: [String: ClassKey]

  private var symbols: [NameKey: Symbol] = [:]
  private var resolving: Set<NameKey> = []
  private var baseSymbols: [ClassKey: [Symbol]] = [:]
  private var roles: [ClassKey: ClassRole] = [:]
  private var facts: [ClassKey: ClassFacts] = [:]
  private var tablesOfModels: [ClassKey: (name: String?, sharedWith: ClassKey?)] = [:]
  private var bodies: [Int: ClassBodies] = [:]
  private var moduleValues: [Int: [String: PyValue]] = [:]

  init(graph: ModuleGraph, settings: AnalysisSettings) {
    self.graph = graph
    self.settings = settings
    var counts: [String: Int] = [:]
    var keys: [String: ClassKey] = [:]
    for (position, module) in graph.modules.enumerated() where !ModelDiscovery.isRevision(module) {
      for (name, classIndex) in module.classes {
        counts[name, default: 0] += 1
        keys[name] = ClassKey(module: position, index: classIndex)
      }
    }
    uniqueClasses = keys.filter { counts[$0.key] == 1 }
    collect()
  }

  /// Alembic revisions and whatever else sits in a migrations folder: their tables and ad-hoc
  /// models describe history, not the application's schema.
  static func isRevision(_ module: ModuleGraph.Module) -> Bool {
    // A cheap byte search first: splitting every path into components costs more than the rest.
    if TextSearch.containsAny(module.path, ["versions/", "migrations/", "alembic/"]) {
      let folders = module.path.split(separator: "/").dropLast()
      if folders.contains(where: { $0 == "versions" || $0 == "migrations" || $0 == "alembic" }) {
        return true
      }
    }
    return module.variables.contains("down_revision")
  }

  // MARK: Collecting

  private func collect() {
    var modelNames: Set<String> = []
    var indexOfClass: [ClassKey: Int] = [:]
    for (position, module) in graph.modules.enumerated() where !ModelDiscovery.isRevision(module) {
      for (classIndex, cls) in module.file.classes.enumerated() where cls.parent == nil {
        let key = ClassKey(module: position, index: classIndex)
        guard case .model(let framework) = role(key) else { continue }
        indexOfClass[key] = models.count
        modelNames.insert(cls.name)
        models.append(makeModel(key, name: cls.name, framework: framework))
      }
      for assignment in module.file.assignments
      where assignment.function == nil && assignment.classIndex == nil {
        guard let call = assignment.value?.call, let table = tableCall(call, in: position)
        else { continue }
        let variable = assignment.targets.first.flatMap { target -> String? in
          if case .name(let name) = target.expr { return name }
          return nil
        }
        tables.append(
          ORMTable(
            name: table.name, variable: variable, path: module.path, offset: assignment.range.lowerBound,
            columns: table.columns))
      }
    }
    for (position, module) in graph.modules.enumerated() {
      var bound: [String: Int?] = [:]
      var aliases: [String: String] = [:]
      for (name, classIndex) in module.classes where modelNames.contains(name) {
        bound[name] = indexOfClass[ClassKey(module: position, index: classIndex)]
      }
      for (local, imported) in module.importedNames where bound[local] == nil {
        // Only a model's name or a module can bind anything here; other imports are not resolved.
        if let name = imported.name, !modelNames.contains(local), !modelNames.contains(name),
          graph.resolveModule(imported.module + "." + name, from: position) == nil
        {
          continue
        }
        let symbol = resolve(name: local, in: position)
        if case .module(let target) = symbol {
          aliases[local] = graph.modules[target].path
        } else if case .projectClass(let key) = symbol,
          modelNames.contains(local) || imported.name.map(modelNames.contains) == true
        {
          bound[local] = indexOfClass[key]
        }
      }
      if !bound.isEmpty { modelBindings[module.path] = bound }
      if !aliases.isEmpty { moduleAliases[module.path] = aliases }
    }
  }

  private func makeModel(_ key: ClassKey, name: String, framework: ORMFramework) -> ORMModel {
    let module = graph.modules[key.module]
    let cls = module.file.classes[key.index]
    let own = classFacts(key)
    let inheritance = columns(of: key)
    let table = tableOf(key)
    let tenantNames = Set(settings.tenantColumns)
    let tenantColumns = (own.columns + inheritance.inherited).filter {
      tenantNames.contains($0.name) || tenantNames.contains($0.databaseName)
    }
    return ORMModel(
      name: name, path: module.path, module: module.name, classIndex: key.index,
      offset: cls.statementOffset, framework: framework, isAbstract: own.isAbstract,
      tableName: table.name,
      sharesTableWith: table.sharedWith.map { graph.modules[$0.module].file.classes[$0.index].name },
      declaredColumns: own.columns, inheritedColumns: inheritance.inherited,
      tableColumns: inheritance.table, tenantColumns: tenantColumns,
      isGlobal: settings.globalModels.contains(name))
  }

  /// The columns a class inherits (nearest base first, each name once) and those stored in its own
  /// table (its own and those of bases that are not mapped, reached without passing a mapped one).
  private func columns(of key: ClassKey) -> (inherited: [ORMColumn], table: [ORMColumn]) {
    let own = classFacts(key).columns
    var seen = Set(own.map(\.name))
    var inherited: [ORMColumn] = []
    var table = own
    for ancestor in ancestors(of: key) {
      let mappedAncestor = isConcreteModel(ancestor.key)
      for column in classFacts(ancestor.key).columns where seen.insert(column.name).inserted {
        inherited.append(column)
        if !ancestor.throughModel && !mappedAncestor { table.append(column) }
      }
    }
    return (inherited, table)
  }

  // MARK: Tables

  /// The table of a mapped class, following Flask-SQLAlchemy's `should_set_tablename` and
  /// `__table_cls__`: its own `__tablename__`/`__table__`; else one from a base that is not mapped
  /// (a mixin, an abstract model, a `declared_attr`); else under a mapped parent its parent's table
  /// (single-table inheritance), unless Flask-SQLAlchemy sees a primary key of its own (joined
  /// inheritance); else the library's default.
  private func tableOf(_ key: ClassKey) -> (name: String?, sharedWith: ClassKey?) {
    if let known = tablesOfModels[key] { return known }
    tablesOfModels[key] = (nil, nil)
    let result = computeTable(key)
    tablesOfModels[key] = result
    return result
  }

  private func computeTable(_ key: ClassKey) -> (name: String?, sharedWith: ClassKey?) {
    let own = classFacts(key)
    guard !own.isAbstract, case .model(let framework) = role(key) else { return (nil, nil) }
    let name = graph.modules[key.module].file.classes[key.index].name
    func named(_ declaration: TableDeclaration) -> String? {
      switch declaration {
      case .named(let table): return table
      case .lowercasedClassName: return name.lowercased()
      case .computed, .inheritParent: return nil
      }
    }
    if let declaration = own.table, declaration != .inheritParent { return (named(declaration), nil) }
    let ancestry = ancestors(of: key)
    let parent = ancestry.first { isConcreteModel($0.key) }?.key
    if own.table != .inheritParent {
      for ancestor in ancestry {
        if isConcreteModel(ancestor.key) {
          // Flask-SQLAlchemy derives a name for the subclass of a model rather than use one
          // further up; plain declarative evaluates a `declared_attr` of any base.
          if framework == .flaskSQLAlchemy { break }
          continue
        }
        if let declaration = classFacts(ancestor.key).table, declaration != .inheritParent {
          return (named(declaration), nil)
        }
      }
    }
    if let parent, framework != .sqlModel {
      let ownPrimaryKey = columns(of: key).table.contains(where: \.isPrimaryKey)
      if !(framework == .flaskSQLAlchemy && ownPrimaryKey && own.table != .inheritParent) {
        return (tableOf(parent).name, parent)
      }
    }
    switch framework {
    case .flaskSQLAlchemy: return (ModelDiscovery.snakeCase(name), nil)
    case .sqlModel: return (name.lowercased(), nil)
    case .sqlAlchemy: return (nil, nil)
    }
  }

  /// Flask-SQLAlchemy 3's `camel_to_snake_case`:
  /// `re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_")`.
  static func snakeCase(_ name: String) -> String {
    let characters = Array(name)
    func isLower(_ c: Character) -> Bool { c.isASCII && c.isLowercase }
    func isLowerOrDigit(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
    var result = ""
    for (position, character) in characters.enumerated() {
      if character.isASCII && character.isUppercase && position > 0 {
        let afterLowerOrDigit = isLowerOrDigit(characters[position - 1])
        let beforeLower = position + 1 < characters.count && isLower(characters[position + 1])
        if afterLowerOrDigit || beforeLower { result.append("_") }
      }
      result.append(character)
    }
    return String(result.lowercased().drop { $0 == "_" })
  }

  // MARK: Classes

  private func isConcreteModel(_ key: ClassKey) -> Bool {
    guard case .model = role(key) else { return false }
    return !classFacts(key).isAbstract
  }

  /// The project classes a class derives from, in method resolution order (depth first, left to
  /// right, each class at its last place, which matches C3 for the usual mixin hierarchies), each
  /// with whether it is reached only through a mapped class.
  private func ancestors(of key: ClassKey) -> [(key: ClassKey, throughModel: Bool)] {
    var order: [ClassKey] = []
    var direct: Set<ClassKey> = []
    var visits = 0
    func visit(_ current: ClassKey, throughModel: Bool, depth: Int) {
      guard depth < 16 else { return }
      let passesModel = throughModel || (current != key && isConcreteModel(current))
      for base in classFacts(current).bases where base != key {
        visits += 1
        guard visits < 512 else { return }
        order.append(base)
        if !passesModel { direct.insert(base) }
        visit(base, throughModel: passesModel, depth: depth + 1)
      }
    }
    visit(key, throughModel: false, depth: 0)
    var seen: Set<ClassKey> = []
    var result: [(key: ClassKey, throughModel: Bool)] = []
    for base in order.reversed() where seen.insert(base).inserted {
      result.append((base, !direct.contains(base)))
    }
    return result.reversed()
  }

  private func bases(of key: ClassKey) -> [Symbol] {
    if let known = baseSymbols[key] { return known }
    let cls = graph.modules[key.module].file.classes[key.index]
    let result = cls.bases.map { base -> Symbol in
      let symbol = resolve(base, in: key.module)
      guard symbol == .unknown, let name = base.terminalName, let unique = uniqueClasses[name],
        unique != key
      else { return symbol }
      return .projectClass(unique)
    }
    baseSymbols[key] = result
    return result
  }

  /// Whether a class is a model (and of which library), a declarative base, a SQLModel schema, or
  /// anything else (a mixin).
  private func role(_ key: ClassKey) -> ClassRole {
    if let known = roles[key] { return known }
    roles[key] = .plain
    let cls = graph.modules[key.module].file.classes[key.index]
    var framework: ORMFramework?
    var isDeclarativeBase = false
    var isSQLModel = false
    for decorator in cls.decorators {
      let callee = decorator.call?.callee ?? decorator
      switch callee.terminalName {
      case "as_declarative": isDeclarativeBase = true
      case "mapped", "mapped_as_dataclass":
        if case .attribute = callee.expr { framework = framework ?? .sqlAlchemy }
      default: break
      }
    }
    for (base, symbol) in zip(cls.bases, bases(of: key)) {
      var libraryName: String?
      switch symbol {
      case .flaskModel: framework = framework ?? .flaskSQLAlchemy
      case .declarativeBase: framework = framework ?? .sqlAlchemy
      case .projectClass(let baseKey):
        switch role(baseKey) {
        case .declarativeBase: framework = framework ?? .sqlAlchemy
        case .model(.sqlModel), .sqlModelSchema: isSQLModel = true
        case .model(let baseFramework): framework = framework ?? baseFramework
        case .plain: break
        }
      case .external(let qualified): libraryName = qualified.split(separator: ".").last.map(String.init)
      case .unknown: libraryName = base.terminalName
      case .module, .flaskSQLAlchemy, .registry: break
      }
      switch libraryName {
      case "DeclarativeBase", "DeclarativeBaseNoMeta": isDeclarativeBase = true
      case "SQLModel": isSQLModel = true
      default: break
      }
    }
    let result: ClassRole
    if let framework {
      result = .model(framework)
    } else if isDeclarativeBase {
      result = .declarativeBase
    } else if isSQLModel {
      let isTable = cls.keywords.contains { $0.name == "table" && $0.value.expr == .bool(true) }
      result = isTable ? .model(.sqlModel) : .sqlModelSchema
    } else {
      result = .plain
    }
    roles[key] = result
    return result
  }

  /// What a class declares in its own body: abstractness, table and columns.
  private func classFacts(_ key: ClassKey) -> ClassFacts {
    if let known = facts[key] { return known }
    let module = graph.modules[key.module]
    let file = module.file
    let cls = file.classes[key.index]
    let role = role(key)
    let isSQLModel = role == .model(.sqlModel) || role == .sqlModelSchema
    var result = ClassFacts()
    for symbol in bases(of: key) {
      switch symbol {
      case .projectClass(let base): result.bases.append(base)
      case .declarativeBase(let mixin?), .flaskModel(let mixin?): result.bases.append(mixin)
      default: break
      }
    }
    let body = classBodies(key.module)
    for assignmentIndex in body.assignments[key.index] ?? [] {
      let assignment = file.assignments[assignmentIndex]
      guard assignment.targets.count == 1, case .name(let attribute) = assignment.targets[0].expr else {
        continue
      }
      let offset = assignment.range.lowerBound
      switch attribute {
      case "__abstract__":
        result.isAbstract = assignment.value?.expr == .bool(true)
      case "__tablename__":
        guard let value = assignment.value else { continue }
        if let name = value.stringLiteral {
          result.table = .named(name)
        } else {
          result.table = value.expr == .none ? .inheritParent : .computed
        }
      case "__table__":
        guard let value = assignment.value else { continue }
        var call = value.call
        if case .name(let variable) = value.expr { call = values(key.module)[variable]?.call }
        if let call, let table = tableCall(call, in: key.module) {
          result.table = .named(table.name)
          result.columns += table.columns.map { $0.declared(in: cls.name) }
        } else {
          result.table = .computed
        }
      default:
        guard !attribute.hasPrefix("__"),
          let column = column(
            attribute, value: assignment.value, annotation: assignment.annotation, sqlModel: isSQLModel,
            path: module.path, offset: offset, className: cls.name)
        else { continue }
        result.columns.append(column)
      }
    }
    for functionIndex in body.functions[key.index] ?? [] {
      let function = file.functions[functionIndex]
      let isDeclaredAttribute = function.decorators.contains { decorator in
        decorator.name?.split(separator: ".").contains("declared_attr") ?? false
      }
      guard isDeclaredAttribute,
        let value = file.returns.first(where: { $0.function == functionIndex })?.value
      else { continue }
      if function.name == "__tablename__" {
        result.table = ModelDiscovery.isLowercasedClassName(value) ? .lowercasedClassName : .computed
      } else if !function.name.hasPrefix("__"), let call = value.call,
        ["Column", "mapped_column"].contains(call.callee.terminalName)
      {
        result.columns.append(
          column(
            function.name, call: call, annotation: nil, path: module.path,
            offset: function.range.lowerBound, className: cls.name))
      }
    }
    result.columns.sort { $0.offset < $1.offset }
    facts[key] = result
    return result
  }

  /// `cls.__name__.lower()`.
  static func isLowercasedClassName(_ value: PyValue) -> Bool {
    guard let call = value.call, call.arguments.isEmpty,
      case .attribute(let object, "lower") = call.callee.expr,
      case .attribute(_, "__name__") = object.expr
    else { return false }
    return true
  }

  private func classBodies(_ module: Int) -> ClassBodies {
    if let known = bodies[module] { return known }
    let file = graph.modules[module].file
    var result = ClassBodies()
    for (position, assignment) in file.assignments.enumerated() where assignment.function == nil {
      if let cls = assignment.classIndex { result.assignments[cls, default: []].append(position) }
    }
    for (position, function) in file.functions.enumerated() where function.parent == nil {
      if let cls = function.classIndex { result.functions[cls, default: []].append(position) }
    }
    bodies[module] = result
    return result
  }

  // MARK: Columns

  /// Calls whose value is not a column even when annotated like one.
  static let nonColumnCalls: Set<String> = [
    "relationship", "Relationship", "backref", "column_property", "synonym", "association_proxy",
    "composite", "query_expression", "PrivateAttr", "dynamic_loader",
  ]
  /// Schema items among a column's positional arguments that are not its type.
  static let schemaItems: Set<String> = [
    "ForeignKey", "Sequence", "Identity", "Computed", "CheckConstraint", "FetchedValue",
    "DefaultClause", "Index", "UniqueConstraint",
  ]
  static let collectionTypes: Set<String> = ["list", "List", "set", "Set", "dict", "Dict", "tuple", "Tuple"]

  /// The column a class-body statement declares, if any: a `Column(...)`/`mapped_column(...)` call
  /// (also inside `deferred(...)`), an annotation-only `Mapped[...]`, or for SQLModel an annotated
  /// field that is not a relationship or a `ClassVar`.
  private func column(
    _ attribute: String, value: PyValue?, annotation: PyValue?, sqlModel: Bool, path: String, offset: Int,
    className: String
  ) -> ORMColumn? {
    if let annotation, ModelDiscovery.subscriptBase(annotation) == "ClassVar" { return nil }
    var call = value?.call
    if let inner = call, inner.callee.terminalName == "deferred", let first = inner.arguments.first?.call {
      call = first
    }
    if let call, ["Column", "mapped_column"].contains(call.callee.terminalName) {
      return column(
        attribute, call: call, annotation: annotation, path: path, offset: offset, className: className)
    }
    if let name = call?.callee.terminalName, ModelDiscovery.nonColumnCalls.contains(name) { return nil }
    if !sqlModel {
      guard value == nil, let annotation, ModelDiscovery.subscriptBase(annotation) == "Mapped",
        let type = ModelDiscovery.mappedType(annotation)
      else { return nil }
      if type.stringLiteral != nil { return nil }
      if let base = ModelDiscovery.subscriptBase(type) ?? type.terminalName,
        ModelDiscovery.collectionTypes.contains(base)
      {
        return nil
      }
      return ORMColumn(
        name: attribute, databaseName: attribute, type: type, typeName: ModelDiscovery.typeName(type),
        foreignKeys: [], isPrimaryKey: false, path: path, offset: offset, className: className)
    }
    guard let annotation else { return nil }
    let type = ModelDiscovery.unwrapOptional(annotation)
    if let call, call.callee.terminalName == "Field" {
      if let inner = call.keyword("sa_column")?.value.call, inner.callee.terminalName == "Column" {
        return column(
          attribute, call: inner, annotation: annotation, path: path, offset: offset, className: className)
      }
      let foreignKey = call.keyword("foreign_key").flatMap { $0.value.stringLiteral ?? $0.value.dottedName }
      return ORMColumn(
        name: attribute, databaseName: attribute, type: type, typeName: ModelDiscovery.typeName(type),
        foreignKeys: foreignKey.map { [$0] } ?? [],
        isPrimaryKey: call.keyword("primary_key")?.value.expr == .bool(true), path: path, offset: offset,
        className: className)
    }
    if let base = ModelDiscovery.subscriptBase(type) ?? type.terminalName,
      ModelDiscovery.collectionTypes.contains(base)
    {
      return nil
    }
    return ORMColumn(
      name: attribute, databaseName: attribute, type: type, typeName: ModelDiscovery.typeName(type),
      foreignKeys: [], isPrimaryKey: false, path: path, offset: offset, className: className)
  }

  /// The column of a `Column(...)` or `mapped_column(...)` call.
  private func column(
    _ attribute: String, call: PyCall, annotation: PyValue?, path: String, offset: Int, className: String?
  ) -> ORMColumn {
    var arguments = call.arguments
    var databaseName = attribute
    if let first = arguments.first, let name = first.stringLiteral {
      databaseName = name
      arguments.removeFirst()
    }
    if let name = call.keyword("name")?.value.stringLiteral { databaseName = name }
    let written =
      call.keyword("type_")?.value
      ?? arguments.first { argument in
        let name = argument.call?.callee.terminalName ?? argument.terminalName
        return !(name.map(ModelDiscovery.schemaItems.contains) ?? false)
      }
    let type =
      written
      ?? annotation.flatMap { annotation in
        ModelDiscovery.subscriptBase(annotation) == "Mapped"
          ? ModelDiscovery.mappedType(annotation) : ModelDiscovery.unwrapOptional(annotation)
      }
    let foreignKeys = arguments.compactMap { argument -> String? in
      guard let key = argument.call, key.callee.terminalName == "ForeignKey", let target = key.arguments.first
      else { return nil }
      return target.stringLiteral ?? target.dottedName
    }
    return ORMColumn(
      name: attribute, databaseName: databaseName, type: type,
      typeName: type.flatMap(ModelDiscovery.typeName),
      foreignKeys: foreignKeys, isPrimaryKey: call.keyword("primary_key")?.value.expr == .bool(true),
      path: path, offset: offset, className: className)
  }

  /// The base name of a subscript annotation (`Mapped` of `Mapped[int]`).
  static func subscriptBase(_ value: PyValue) -> String? {
    if case .subscript(let base, _) = value.expr { return base.terminalName }
    return nil
  }

  /// The type arguments of a subscript (`[int]` of `Mapped[int]`, `[str, int]` of `dict[str, int]`).
  static func typeArguments(_ value: PyValue) -> [PyValue] {
    guard case .subscript(_, let key?) = value.expr else { return [] }
    if case .sequence(let items) = key.expr { return items }
    return [key]
  }

  /// `T` of `Mapped[T]`, without `Optional[...]` or `| None`.
  static func mappedType(_ annotation: PyValue) -> PyValue? {
    typeArguments(annotation).first.map(unwrapOptional)
  }

  /// `T` of `Optional[T]`, `T | None` or `None | T`; anything else as it is.
  static func unwrapOptional(_ value: PyValue) -> PyValue {
    if subscriptBase(value) == "Optional", let inner = typeArguments(value).first {
      return unwrapOptional(inner)
    }
    if case .binary("|", let left, let right) = value.expr {
      if right.expr == .none { return unwrapOptional(left) }
      if left.expr == .none { return unwrapOptional(right) }
    }
    return value
  }

  /// The type's own name: `String` of `db.String(120)`, `int`, a forward reference's text.
  static func typeName(_ value: PyValue) -> String? {
    if let call = value.call { return call.callee.terminalName }
    if case .subscript(let base, _) = value.expr { return base.terminalName }
    return value.terminalName ?? value.stringLiteral
  }

  // MARK: Tables

  /// A `Table("name", metadata, Column(...), ...)` call (also `db.Table`, `sa.Table`): the table's
  /// name and its columns. A call named `Table` counts when it passes a column or a metadata object.
  private func tableCall(_ call: PyCall, in module: Int) -> (name: String, columns: [ORMColumn])? {
    guard call.callee.terminalName == "Table", let name = call.arguments.first?.stringLiteral else {
      return nil
    }
    let path = graph.modules[module].path
    var columns: [ORMColumn] = []
    var hasMetadata = false
    for argument in call.arguments.dropFirst() {
      if argument.terminalName?.lowercased().contains("metadata") == true { hasMetadata = true }
      guard let inner = argument.call, inner.callee.terminalName == "Column",
        let columnName = inner.arguments.first?.stringLiteral
      else { continue }
      columns.append(
        column(
          columnName, call: inner, annotation: nil, path: path, offset: argument.range.lowerBound,
          className: nil))
    }
    guard hasMetadata || !columns.isEmpty else { return nil }
    return (name, columns)
  }

  // MARK: Names

  /// What a name bound at the top level of a module refers to.
  private func resolve(name: String, in module: Int) -> Symbol {
    let key = NameKey(module: module, name: name)
    if let known = symbols[key] { return known }
    guard resolving.insert(key).inserted else { return .unknown }
    let result = lookUp(name, in: module)
    resolving.remove(key)
    symbols[key] = result
    return result
  }

  private func lookUp(_ name: String, in position: Int) -> Symbol {
    let module = graph.modules[position]
    if let cls = module.classes[name] { return .projectClass(ClassKey(module: position, index: cls)) }
    if let value = values(position)[name] { return resolve(value, in: position) }
    if let (source, imported) = module.importedNames[name] {
      let target = projectModule(source, from: position)
      guard let imported else { return target.map(Symbol.module) ?? .external(source) }
      if let target {
        let found = resolve(name: imported, in: target)
        if found != .unknown { return found }
      }
      if let submodule = projectModule(ModelDiscovery.join(source, imported), from: position) {
        return .module(submodule)
      }
      return target == nil && !source.hasPrefix(".") ? .external(source + "." + imported) : .unknown
    }
    for item in module.file.imports where item.name == "*" {
      guard let target = projectModule(item.module, from: position) else { continue }
      let found = resolve(name: name, in: target)
      if found != .unknown { return found }
    }
    return .unknown
  }

  /// The project module an import names, unless that is the importing module itself: a library
  /// import such as `from flask.wrappers import Request` written in `app/flask/wrappers.py` matches
  /// the module's own dotted suffix, and a module never imports from itself.
  private func projectModule(_ name: String, from position: Int) -> Int? {
    guard let target = graph.resolveModule(name, from: position), target != position else { return nil }
    return target
  }

  /// `module.member` for a module name as written in an import (`.` and `base` make `.base`).
  static func join(_ module: String, _ member: String) -> String {
    module.hasSuffix(".") ? module + member : module + "." + member
  }

  /// Values of a module's top-level `name = value` statements; the last one wins.
  private func values(_ position: Int) -> [String: PyValue] {
    if let known = moduleValues[position] { return known }
    var result: [String: PyValue] = [:]
    for assignment in graph.modules[position].file.assignments
    where assignment.function == nil && assignment.classIndex == nil {
      guard let value = assignment.value else { continue }
      for target in assignment.targets {
        if case .name(let name) = target.expr { result[name] = value }
      }
    }
    moduleValues[position] = result
    return result
  }

  /// What an expression in a module refers to: a name, an attribute of a module or of the
  /// Flask-SQLAlchemy object, or the result of a call that makes a base.
  private func resolve(_ value: PyValue, in module: Int) -> Symbol {
    switch value.expr {
    case .name(let name):
      return resolve(name: name, in: module)
    case .attribute(let object, let attribute):
      let owner = resolve(object, in: module)
      // `db.Model` of an imported `db` that no project module explains.
      if attribute == "Model", object.expr == .name("db") {
        switch owner {
        case .unknown, .external: return .flaskModel(modelClass: nil)
        default: break
        }
      }
      switch owner {
      case .module(let target):
        let found = resolve(name: attribute, in: target)
        if found != .unknown { return found }
        let submodule = projectModule(graph.modules[target].name + "." + attribute, from: module)
        return submodule.map(Symbol.module) ?? .unknown
      case .external(let qualified):
        let dotted = qualified + "." + attribute
        return projectModule(dotted, from: module).map(Symbol.module) ?? .external(dotted)
      case .flaskSQLAlchemy(let modelClass):
        return attribute == "Model" ? .flaskModel(modelClass: modelClass) : .unknown
      default:
        return .unknown
      }
    case .call(let call):
      let callee = resolve(call.callee, in: module)
      let name: String?
      switch callee {
      case .external(let qualified): name = qualified.split(separator: ".").last.map(String.init)
      case .unknown: name = call.callee.terminalName
      default: name = nil
      }
      func projectClass(_ keyword: String) -> ClassKey? {
        guard let value = call.keyword(keyword)?.value,
          case .projectClass(let key) = resolve(value, in: module)
        else { return nil }
        return key
      }
      switch name {
      case "SQLAlchemy":
        return .flaskSQLAlchemy(modelClass: projectClass("model_class"))
      case "declarative_base", "generate_base":
        return .declarativeBase(mixin: projectClass("cls"))
      case "registry":
        return .registry
      default:
        return .unknown
      }
    case .subscript(let base, _):
      return resolve(base, in: module)
    default:
      return .unknown
    }
  }
}

/// A class of the project: its module's index and its index in the module's classes.
struct ClassKey: Hashable {
  let module: Int
  let index: Int
}

/// A name at the top level of a module.
struct NameKey: Hashable {
  let module: Int
  let name: String
}

/// What a name or expression refers to, as far as finding models needs to know.
enum Symbol: Hashable {
  case projectClass(ClassKey)
  case module(Int)
  /// A name from outside the project, by its qualified name (`sqlmodel.SQLModel`).
  case external(String)
  /// A Flask-SQLAlchemy object (`db = SQLAlchemy()`), with the project class passed as
  /// `model_class=`.
  case flaskSQLAlchemy(modelClass: ClassKey?)
  /// `db.Model`, which derives from the `model_class` of its `SQLAlchemy(...)`.
  case flaskModel(modelClass: ClassKey?)
  /// A base made by `declarative_base()` or `generate_base()`, with the class passed as `cls=`.
  case declarativeBase(mixin: ClassKey?)
  /// A SQLAlchemy `registry()`.
  case registry
  case unknown
}

/// What a class is to the ORM.
enum ClassRole: Equatable {
  /// A mixin or any other class.
  case plain
  /// A declarative base (`class Base(DeclarativeBase)`, `@as_declarative()`): not a model itself.
  case declarativeBase
  case model(ORMFramework)
  /// A SQLModel class without `table=True`: a schema, whose fields its table subclasses inherit.
  case sqlModelSchema
}

/// How a class names its table.
enum TableDeclaration: Equatable {
  case named(String)
  /// `@declared_attr def __tablename__(cls): return cls.__name__.lower()`.
  case lowercasedClassName
  /// Computed at run time.
  case computed
  /// `__tablename__ = None`: the parent's table (single-table inheritance).
  case inheritParent
}

/// What a class declares in its own body.
struct ClassFacts {
  /// Project classes among its bases, in order, with the `cls=` class of a declarative base and the
  /// `model_class=` class behind `db.Model`.
  var bases: [ClassKey] = []
  var isAbstract = false
  var table: TableDeclaration?
  var columns: [ORMColumn] = []
}

/// Indices of a module's class-body statements, by class.
struct ClassBodies {
  var assignments: [Int: [Int]] = [:]
  var functions: [Int: [Int]] = [:]
}

extension ORMColumn {
  /// The same column, declared by `className`.
  func declared(in className: String) -> ORMColumn {
    ORMColumn(
      name: name, databaseName: databaseName, type: type, typeName: typeName, foreignKeys: foreignKeys,
      isPrimaryKey: isPrimaryKey, path: path, offset: offset, className: className)
  }
}
