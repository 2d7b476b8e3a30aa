/// A Python expression reduced to what rules reason about, with its byte range in the file.
public struct PyValue: Sendable, Hashable {
  public let expr: PyExpr
  public let range: Range<Int>

  public init(_ expr: PyExpr, range: Range<Int>) {
    self.expr = expr
    self.range = range
  }

  public var offset: Int { range.lowerBound }

  /// `a.b.c` for a chain of names and attributes, else nil.
  public var dottedName: String? {
    switch expr {
    case .name(let name): return name
    case .attribute(let object, let attribute): return object.dottedName.map { "\($0).\(attribute)" }
    default: return nil
    }
  }

  /// The last name of a dotted chain (`c` of `a.b.c`), also for chains on calls (`x().c`).
  public var terminalName: String? {
    switch expr {
    case .name(let name): return name
    case .attribute(_, let attribute): return attribute
    default: return nil
    }
  }

  /// The value of a plain string literal (not an f-string).
  public var stringLiteral: String? {
    if case .string(let value, isFormatted: false) = expr { return value }
    return nil
  }

  /// The call, if this is one.
  public var call: PyCall? {
    if case .call(let call) = expr { return call }
    return nil
  }

  /// Whether this is a literal (string, number, boolean, None, or a container of literals).
  public var isLiteral: Bool {
    switch expr {
    case .string(_, let formatted): return !formatted
    case .number, .bool, .none: return true
    default: return false
    }
  }

  /// Every value nested in this one, itself included, depth first.
  public func forEach(_ body: (PyValue) -> Void) {
    body(self)
    switch expr {
    case .attribute(let object, _): object.forEach(body)
    case .subscript(let base, let key):
      base.forEach(body)
      key?.forEach(body)
    case .call(let call):
      call.callee.forEach(body)
      call.arguments.forEach { $0.forEach(body) }
      call.keywords.forEach { $0.value.forEach(body) }
    case .boolean(_, let left, let right), .binary(_, let left, let right):
      left.forEach(body)
      right.forEach(body)
    case .not(let operand): operand.forEach(body)
    case .conditional(let body1, let condition, let otherwise):
      body1.forEach(body)
      condition.forEach(body)
      otherwise.forEach(body)
    case .dict(let pairs):
      for pair in pairs {
        pair.key?.forEach(body)
        pair.value.forEach(body)
      }
    case .sequence(let items): items.forEach { $0.forEach(body) }
    case .compare(let operands): operands.forEach { $0.forEach(body) }
    case .string, .number, .bool, .none, .name, .other: break
    }
  }

  /// Whether any nested value satisfies `predicate`.
  public func contains(where predicate: (PyValue) -> Bool) -> Bool {
    var found = false
    forEach { if !found && predicate($0) { found = true } }
    return found
  }

  /// Every name (identifier) used in this value.
  public var names: Set<String> {
    var result: Set<String> = []
    forEach { if case .name(let name) = $0.expr { result.insert(name) } }
    return result
  }
}

/// The shapes of Python expressions rules distinguish. Only the cases that nest a value are
/// boxed, so the leaves (names, literals), most of any expression, cost no allocation of their own.
public enum PyExpr: Sendable, Hashable {
  /// A string literal (implicit concatenations joined); `isFormatted` for f-strings, whose
  /// value is the literal text without the interpolations.
  case string(String, isFormatted: Bool)
  case number(String)
  case bool(Bool)
  case none
  case name(String)
  indirect case attribute(PyValue, String)
  indirect case `subscript`(PyValue, PyValue?)
  indirect case call(PyCall)
  /// `and` / `or`.
  indirect case boolean(String, PyValue, PyValue)
  /// Arithmetic and bitwise operators (`+`, `%`, `|`, ...).
  indirect case binary(String, PyValue, PyValue)
  indirect case not(PyValue)
  /// `body if condition else otherwise`.
  indirect case conditional(PyValue, PyValue, PyValue)
  case compare([PyValue])
  case dict([PyPair])
  /// A list, tuple or set display.
  case sequence([PyValue])
  /// Anything else, by its tree-sitter node type.
  case other(String)
}

/// A call: the callee, positional arguments and keyword arguments in source order.
public struct PyCall: Sendable, Hashable {
  public let callee: PyValue
  public let arguments: [PyValue]
  public let keywords: [PyKeyword]
  /// Whether the call passes `*args` or `**kwargs`, which may hide further arguments.
  public let hasSplat: Bool

  public init(callee: PyValue, arguments: [PyValue], keywords: [PyKeyword], hasSplat: Bool) {
    self.callee = callee
    self.arguments = arguments
    self.keywords = keywords
    self.hasSplat = hasSplat
  }

  /// The dotted callee (`os.environ.get`), if it is a plain chain.
  public var name: String? { callee.dottedName }

  /// The keyword argument called `name`.
  public func keyword(_ name: String) -> PyKeyword? { keywords.first { $0.name == name } }

  /// Positional argument `index`, or the keyword `name` when given.
  public func argument(_ index: Int, keyword name: String? = nil) -> PyValue? {
    if let name, let keyword = keyword(name) { return keyword.value }
    return index < arguments.count ? arguments[index] : nil
  }
}

/// `name=value` in a call.
public struct PyKeyword: Sendable, Hashable {
  public let name: String
  public let value: PyValue
  public let range: Range<Int>

  public init(name: String, value: PyValue, range: Range<Int>) {
    self.name = name
    self.value = value
    self.range = range
  }
}

/// `key: value` in a dict display; `key` is nil for `**other`.
public struct PyPair: Sendable, Hashable {
  public let key: PyValue?
  public let value: PyValue

  public init(key: PyValue?, value: PyValue) {
    self.key = key
    self.value = value
  }
}
