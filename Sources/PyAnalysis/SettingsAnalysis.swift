import ArchCore

/// Configuration reads and writes of one Python module, derived from its `PythonFile` facts:
/// environment reads (`os.getenv`, `os.environ.get`, pydantic-settings fields) with their
/// defaults and what they are bound to, and values written to named settings (plain and class
/// assignments, `app.config[...]`, `config.update(...)`, keyword arguments). Values of `Enum`
/// subclasses are not settings and appear in neither list. A keyword argument that passes a
/// reference or a call result along (`f(key=KEY)`, `f(key=cfg.key)`, `f(key=load())`) is not a
/// write: it holds no value of its own, and the name it passes is judged where it is assigned.
public struct SettingsAnalysis: Sendable {
  /// Environment reads in source order (fields of a settings class at their statement).
  public let envReads: [EnvRead]
  /// Values written to a named setting, in source order.
  public let settingWrites: [SettingWrite]
  /// Indices of classes deriving (in this module) from pydantic's `BaseSettings`.
  public let settingsClasses: Set<Int>
  /// Names, attribute names and string literals in conditions of `if ...: raise` checks,
  /// upper-cased, for matching settings across modules.
  public let checkedKeys: Set<String>
  /// Names exactly as written in conditions of `if ...: raise` checks, for local variables.
  public let checkedNames: Set<String>

  public init(_ file: PythonFile) {
    let enumClasses = SettingsAnalysis.enclosedClasses(file.enumClassIndices, in: file)
    let settingsClasses = SettingsAnalysis.settingsClassIndices(file)
    let readNames = EnvReadNames(file)

    var bindings: [Range<Int>: [SettingTarget]] = [:]
    var fallbacks: [Range<Int>: PyValue] = [:]
    var writes: [SettingWrite] = []

    // An `or` chain gives each env read in it the first operand after it that is not a read.
    // Calls nested in `root` are left out: every call is a site of its own in `file.calls`, and an
    // `or` chain never reaches through one.
    func recordFallbacks(in root: PyValue) {
      var chains: [PyValue] = []
      SettingsAnalysis.collectOrChains(root, into: &chains)
      for chain in chains {
        let operands = SettingsAnalysis.orOperands(chain)
        for (index, operand) in operands.enumerated() {
          guard let call = operand.call, readNames.source(of: call) != nil, fallbacks[operand.range] == nil
          else { continue }
          let next = operands[(index + 1)...].first { other in
            other.call.map { readNames.source(of: $0) == nil } ?? true
          }
          if let next, next.expr != .none { fallbacks[operand.range] = next }
        }
      }
    }
    // The reads a bound value stands for: the value itself or any operand of its `or` chain.
    func bind(_ value: PyValue, to targets: @autoclosure () -> [SettingTarget]) {
      // Only a call or an `or` chain can hold a read; most values are neither.
      switch value.expr {
      case .call, .boolean("or", _, _): break
      default: return
      }
      var made: [SettingTarget]?
      for operand in SettingsAnalysis.orOperands(value) {
        if let call = operand.call, readNames.source(of: call) != nil, bindings[operand.range] == nil {
          let targets = made ?? targets()
          made = targets
          guard !targets.isEmpty else { return }
          bindings[operand.range] = targets
        }
      }
    }

    for assignment in file.assignments {
      if let classIndex = assignment.classIndex, enumClasses.contains(classIndex) { continue }
      let isField = assignment.function == nil && assignment.classIndex.map(settingsClasses.contains) == true
      let targets = assignment.targets.compactMap {
        SettingTarget($0, inFunction: assignment.function != nil, isSettingsField: isField)
      }
      guard let value = assignment.value else { continue }
      recordFallbacks(in: value)
      bind(value, to: targets)
      if isField { continue }
      for target in targets where target.form != .localVariable {
        writes.append(
          SettingWrite(
            target: target, value: value, offset: assignment.range.lowerBound, function: assignment.function,
            classIndex: assignment.classIndex))
      }
    }
    for site in file.calls {
      recordFallbacks(in: site.call.callee)
      for argument in site.call.arguments { recordFallbacks(in: argument) }
      for keyword in site.call.keywords {
        recordFallbacks(in: keyword.value)
        switch keyword.value.expr {
        case .name, .attribute, .subscript, .other: continue
        case .call(let call) where readNames.source(of: call) == nil: continue
        default: break
        }
        let target = SettingTarget(form: .keyword, name: keyword.name)
        bind(keyword.value, to: [target])
        writes.append(
          SettingWrite(
            target: target, value: keyword.value, offset: keyword.range.lowerBound, function: site.function,
            classIndex: site.classIndex))
      }
      for argument in site.call.arguments {
        guard case .dict(let pairs) = argument.expr else { continue }
        for pair in pairs {
          guard let key = pair.key?.stringLiteral else { continue }
          bind(pair.value, to: [SettingTarget(form: .configKey, name: key)])
        }
      }
      writes += SettingsAnalysis.configCallWrites(site)
    }
    for item in file.returns { if let value = item.value { recordFallbacks(in: value) } }
    for check in file.raisingChecks { recordFallbacks(in: check.condition) }

    var reads: [EnvRead] = []
    for site in file.calls {
      guard let source = readNames.source(of: site.call) else { continue }
      let call = site.call
      var explicitDefault: PyValue?
      if source == .getenv {
        explicitDefault = call.argument(1, keyword: "default")
      } else {
        explicitDefault = call.argument(1)
      }
      reads.append(
        EnvRead(
          source: source, variable: call.argument(0, keyword: "key")?.stringLiteral,
          explicitDefault: explicitDefault, fallback: fallbacks[site.range], range: site.range,
          targets: bindings[site.range] ?? [], function: site.function))
    }
    for assignment in file.assignments {
      guard let classIndex = assignment.classIndex, assignment.function == nil,
        settingsClasses.contains(classIndex),
        let field = SettingsAnalysis.settingsField(assignment)
      else { continue }
      reads.append(field)
    }
    reads.sort { $0.range.lowerBound < $1.range.lowerBound }

    var keys: Set<String> = []
    var names: Set<String> = []
    for check in file.raisingChecks {
      check.condition.forEach { value in
        switch value.expr {
        case .name(let name):
          names.insert(name)
          keys.insert(name.uppercased())
        case .attribute(_, let attribute):
          names.insert(attribute)
          keys.insert(attribute.uppercased())
        case .string(let text, isFormatted: false):
          keys.insert(text.uppercased())
        default:
          break
        }
      }
    }

    self.envReads = reads
    self.settingWrites = writes.sorted { $0.offset < $1.offset }
    self.settingsClasses = settingsClasses
    self.checkedKeys = keys
    self.checkedNames = names
  }

  // MARK: Pieces

  /// The operands of an `or` chain in source order (`a or b or c` gives `[a, b, c]`); a value that
  /// is not an `or` is its own single operand.
  public static func orOperands(_ value: PyValue) -> [PyValue] {
    guard case .boolean("or", let left, let right) = value.expr else { return [value] }
    return orOperands(left) + orOperands(right)
  }

  /// The `or` expressions in `value` outside calls, outermost first, depth first (calls nested in
  /// a value are sites of their own in `PythonFile.calls`, and an `or` chain never reaches
  /// through one).
  static func collectOrChains(_ value: PyValue, into chains: inout [PyValue]) {
    switch value.expr {
    case .call, .string, .number, .bool, .none, .name, .other: return
    case .boolean(let op, let left, let right):
      if op == "or" { chains.append(value) }
      collectOrChains(left, into: &chains)
      collectOrChains(right, into: &chains)
    case .attribute(let object, _): collectOrChains(object, into: &chains)
    case .subscript(let base, let key):
      collectOrChains(base, into: &chains)
      if let key { collectOrChains(key, into: &chains) }
    case .binary(_, let left, let right):
      collectOrChains(left, into: &chains)
      collectOrChains(right, into: &chains)
    case .not(let operand): collectOrChains(operand, into: &chains)
    case .conditional(let body, let condition, let otherwise):
      collectOrChains(body, into: &chains)
      collectOrChains(condition, into: &chains)
      collectOrChains(otherwise, into: &chains)
    case .dict(let pairs):
      for pair in pairs {
        if let key = pair.key { collectOrChains(key, into: &chains) }
        collectOrChains(pair.value, into: &chains)
      }
    case .sequence(let items): for item in items { collectOrChains(item, into: &chains) }
    case .compare(let operands): for operand in operands { collectOrChains(operand, into: &chains) }
    }
  }

  /// The values a setting may take from one assigned expression: the expression itself, both
  /// branches of a conditional, and every operand of `or`/`and`, recursively.
  public static func possibleValues(_ value: PyValue) -> [PyValue] {
    switch value.expr {
    case .conditional(let body, _, let otherwise):
      return possibleValues(body) + possibleValues(otherwise)
    case .boolean(_, let left, let right):
      return possibleValues(left) + possibleValues(right)
    default:
      return [value]
    }
  }

  /// Classes whose bases include `BaseSettings`, directly or through another class of the module.
  static func settingsClassIndices(_ file: PythonFile) -> Set<Int> {
    var result: Set<Int> = []
    var names: Set<String> = ["BaseSettings"]
    var changed = true
    while changed {
      changed = false
      for (index, cls) in file.classes.enumerated() where !result.contains(index) {
        if cls.bases.contains(where: { $0.terminalName.map(names.contains) ?? false }) {
          result.insert(index)
          names.insert(cls.name)
          changed = true
        }
      }
    }
    return result
  }

  /// `roots` and every class nested in one of them.
  static func enclosedClasses(_ roots: Set<Int>, in file: PythonFile) -> Set<Int> {
    var result = roots
    for index in file.classes.indices {
      var parent = file.classes[index].parent
      while let value = parent {
        if roots.contains(value) {
          result.insert(index)
          break
        }
        parent = file.classes[value].parent
      }
    }
    return result
  }

  /// A pydantic-settings field as an environment read, or nil for `model_config`, `ClassVar`s
  /// and statements that are not annotated fields.
  static func settingsField(_ assignment: PyAssignment) -> EnvRead? {
    guard assignment.targets.count == 1, case .name(let name) = assignment.targets[0].expr,
      let annotation = assignment.annotation, name != "model_config", !name.hasPrefix("_")
    else { return nil }
    var isClassVar = false
    annotation.forEach { if $0.terminalName == "ClassVar" { isClassVar = true } }
    if isClassVar { return nil }
    var variable = name
    var defaultValue = assignment.value
    if let value = assignment.value, let call = value.call, call.callee.terminalName == "Field" {
      for key in ["validation_alias", "alias", "env"] {
        if let alias = call.keyword(key)?.value.stringLiteral {
          variable = alias
          break
        }
      }
      if let given = call.argument(0, keyword: "default") {
        // `Field(...)` marks a required field.
        defaultValue = given.expr == .other("ellipsis") ? nil : given
      } else {
        defaultValue = call.keyword("default_factory")?.value
      }
    }
    return EnvRead(
      source: .settingsField, variable: variable, explicitDefault: defaultValue, fallback: nil,
      range: assignment.range, targets: [SettingTarget(form: .settingsField, name: name)],
      function: nil)
  }

  /// Writes made through calls on a config object: `app.config.update({...})` and
  /// `app.config.from_mapping({...})` dict entries (at the key) and
  /// `app.config.setdefault("KEY", value)` (at the call).
  static func configCallWrites(_ site: PyCallSite) -> [SettingWrite] {
    guard case .attribute(let receiver, let method) = site.call.callee.expr,
      SettingTarget.isConfigObject(receiver)
    else { return [] }
    var writes: [SettingWrite] = []
    switch method {
    case "update", "from_mapping":
      for argument in site.call.arguments {
        guard case .dict(let pairs) = argument.expr else { continue }
        for pair in pairs {
          guard let keyValue = pair.key, let key = keyValue.stringLiteral else { continue }
          writes.append(
            SettingWrite(
              target: SettingTarget(form: .configKey, name: key), value: pair.value, offset: keyValue.offset,
              function: site.function, classIndex: site.classIndex))
        }
      }
    case "setdefault":
      if let key = site.call.argument(0)?.stringLiteral, let value = site.call.argument(1) {
        writes.append(
          SettingWrite(
            target: SettingTarget(form: .configKey, name: key), value: value, offset: site.range.lowerBound,
            function: site.function, classIndex: site.classIndex))
      }
    default:
      break
    }
    return writes
  }
}

/// A read of an environment variable.
public struct EnvRead: Sendable {
  /// How the variable is read.
  public enum Source: Sendable, Equatable {
    /// `os.getenv("X", default)` or `getenv(...)` imported from `os`.
    case getenv
    /// `os.environ.get("X", default)` or `environ.get(...)`.
    case environGet
    /// `os.environ.setdefault("X", default)`.
    case environSetdefault
    /// A field of a pydantic-settings class, read from the variable named like the field.
    case settingsField
  }

  public let source: Source
  /// The variable's name when it is a string literal.
  public let variable: String?
  /// The default given in the call (or the field's default), as written; may be `None`.
  public let explicitDefault: PyValue?
  /// The operand after `or` that applies when the read is empty (`os.getenv("X") or "dev"`).
  public let fallback: PyValue?
  /// The call expression, or the whole statement of a settings field.
  public let range: Range<Int>
  /// Where the value is stored: assignment targets, the keyword or dict key it is passed as.
  public let targets: [SettingTarget]
  public let function: Int?

  public init(
    source: Source, variable: String?, explicitDefault: PyValue?, fallback: PyValue?, range: Range<Int>,
    targets: [SettingTarget], function: Int?
  ) {
    self.source = source
    self.variable = variable
    self.explicitDefault = explicitDefault
    self.fallback = fallback
    self.range = range
    self.targets = targets
    self.function = function
  }

  /// The values used when the variable is unset or empty: the explicit default and the `or`
  /// fallback, leaving out `None`.
  public var defaults: [PyValue] {
    [explicitDefault, fallback].compactMap { $0 }.filter { $0.expr != .none }
  }

  /// The first name the read stands for — the variable, then each target that is not a local
  /// variable — whose upper-cased form satisfies `predicate`, as written.
  public func name(where predicate: (String) -> Bool) -> String? {
    if let variable, predicate(variable.upperCased) { return variable }
    return targets.first { $0.form != .localVariable && predicate($0.settingName) }?.name
  }

  /// The names the read stands for, upper-cased: the variable and every non-local target.
  public var settingNames: [String] {
    var names: [String] = []
    if let variable { names.append(variable.upperCased) }
    for target in targets where target.form != .localVariable {
      let name = target.settingName
      if !names.contains(name) { names.append(name) }
    }
    return names
  }
}

/// Something a value is stored under: a name, an attribute, a config key or a keyword.
public struct SettingTarget: Sendable, Hashable {
  public enum Form: Sendable, Hashable {
    /// A module-level or class-level name, or an UPPER_CASE name inside a function.
    case name
    /// A lower-case name bound inside a function: a local variable, not a setting.
    case localVariable
    /// `obj.name = ...` (`app.secret_key`, `stripe.api_key`, `self.SECRET_KEY`).
    case attribute
    /// `app.config["KEY"] = ...`, a dict entry given to `config.update`, `config.setdefault`.
    case configKey
    /// A keyword argument, `f(secret_key=...)`.
    case keyword
    /// A field of a pydantic-settings class.
    case settingsField
  }

  public let form: Form
  /// The name as written.
  public let name: String
  /// The name upper-cased, as settings are compared.
  public let settingName: String

  public init(form: Form, name: String) {
    self.form = form
    self.name = name
    self.settingName = name.upperCased
  }

  init?(_ target: PyValue, inFunction: Bool, isSettingsField: Bool) {
    switch target.expr {
    case .name(let name):
      if isSettingsField {
        self.init(form: .settingsField, name: name)
      } else {
        let isConstant = name.upperCased == name
        self.init(form: inFunction && !isConstant ? .localVariable : .name, name: name)
      }
    case .attribute(_, let attribute):
      self.init(form: .attribute, name: attribute)
    case .subscript(let base, let key):
      guard let key = key?.stringLiteral, SettingTarget.isConfigObject(base) else { return nil }
      self.init(form: .configKey, name: key)
    default:
      return nil
    }
  }

  /// Whether a value looks like a configuration mapping: `app.config`, `settings`, `os.environ`.
  static func isConfigObject(_ value: PyValue) -> Bool {
    guard let name = value.terminalName?.lowercased() else { return false }
    return name.hasSuffix("config") || name.hasSuffix("settings") || name == "environ"
  }
}

/// A value written to a named setting.
public struct SettingWrite: Sendable {
  public let target: SettingTarget
  public let value: PyValue
  /// Where a finding about the write goes: the assignment statement, the keyword argument, the
  /// dict key, or the `setdefault` call.
  public let offset: Int
  public let function: Int?
  public let classIndex: Int?
}

/// The callee names that read the environment in one module, import aliases included.
struct EnvReadNames {
  private var getenv: Set<String> = ["os.getenv", "getenv"]
  private var environGet: Set<String> = ["os.environ.get", "environ.get"]
  private var environSetdefault: Set<String> = ["os.environ.setdefault", "environ.setdefault"]

  init(_ file: PythonFile) {
    for item in file.imports {
      if item.name == nil, item.module == "os", let alias = item.alias {
        getenv.insert(alias + ".getenv")
        environGet.insert(alias + ".environ.get")
        environSetdefault.insert(alias + ".environ.setdefault")
      }
      guard item.module == "os", let name = item.name else { continue }
      let local = item.alias ?? name
      if name == "getenv" { getenv.insert(local) }
      if name == "environ" {
        environGet.insert(local + ".get")
        environSetdefault.insert(local + ".setdefault")
      }
    }
  }

  func source(of call: PyCall) -> EnvRead.Source? {
    switch call.callee.expr {
    case .name:
      // `getenv(...)`, or an alias imported from `os`.
      break
    case .attribute(_, let method):
      // Every dotted name read ends in one of these; most calls end in none.
      guard method == "getenv" || method == "get" || method == "setdefault" else { return nil }
    default:
      return nil
    }
    return sourceByName(call)
  }

  private func sourceByName(_ call: PyCall) -> EnvRead.Source? {
    guard let name = call.name else { return nil }
    if getenv.contains(name) { return .getenv }
    if environGet.contains(name) { return .environGet }
    if environSetdefault.contains(name) { return .environSetdefault }
    return nil
  }
}
