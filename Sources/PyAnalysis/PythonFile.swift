/// What one Python module contains, as plain values with byte ranges. Built in one walk of
/// the syntax tree by `PythonExtractor`; rules read it, never the tree.
public struct PythonFile: Sendable {
  public var imports: [PyImport] = []
  public var classes: [PyClass] = []
  public var functions: [PyFunction] = []
  /// Every call in the module, nested ones included, in source order.
  public var calls: [PyCallSite] = []
  /// Every `target = value` statement (annotated or not), in source order.
  public var assignments: [PyAssignment] = []
  public var returns: [PyReturn] = []
  /// Every `if` statement whose body raises or aborts: the usual guard of a required value.
  public var raisingChecks: [PyRaisingCheck] = []
  /// Every item of every `with` statement, in source order.
  public var withItems: [PyWithItem] = []

  public init() {}

  /// Whether the module imports `module` (or a submodule of it) in any form.
  public func imports(module: String) -> Bool {
    imports.contains { $0.module == module || $0.module.hasPrefix(module + ".") }
  }

  /// The local name bound to `module.name` by an import (`from m import n as x` gives `x`).
  public func localNames(forImportOf name: String, from module: String) -> Set<String> {
    Set(imports.filter { $0.module == module && $0.name == name }.map { $0.alias ?? name })
  }

  /// The function at `index` and its enclosing functions, innermost first.
  public func functionChain(_ index: Int?) -> [PyFunction] {
    var chain: [PyFunction] = []
    var current = index
    while let value = current {
      chain.append(functions[value])
      current = functions[value].parent
    }
    return chain
  }

  /// Names of classes (in this module) that derive from `Enum`, `IntEnum`, `StrEnum` or `Flag`.
  public var enumClassIndices: Set<Int> {
    let enumBases: Set<String> = ["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"]
    var result: Set<Int> = []
    for (index, cls) in classes.enumerated()
    where cls.bases.contains(where: { ($0.terminalName).map(enumBases.contains) ?? false }) {
      result.insert(index)
    }
    return result
  }
}

/// `import a.b as c` (module `a.b`, name nil, alias `c`) or `from a import b as c`.
public struct PyImport: Sendable, Hashable {
  public let module: String
  public let name: String?
  public let alias: String?
  public let range: Range<Int>
}

/// A class statement.
public struct PyClass: Sendable {
  public let name: String
  public let bases: [PyValue]
  /// Keyword arguments of the class statement (`table=True`, `metaclass=...`).
  public let keywords: [PyKeyword]
  public let decorators: [PyValue]
  public let range: Range<Int>
  /// Byte offset of the `class` keyword (or of the first decorator).
  public let statementOffset: Int
  /// Index of the enclosing class, if nested.
  public let parent: Int?
}

/// A function or method definition.
public struct PyFunction: Sendable {
  public let name: String
  /// Index into `PythonFile.classes` of the class the function is defined in directly.
  public let classIndex: Int?
  /// Index of the enclosing function, for nested functions.
  public let parent: Int?
  public let decorators: [PyDecorator]
  public let parameters: [PyParameter]
  public let isAsync: Bool
  /// The whole definition, decorators included.
  public let range: Range<Int>
  /// Offset of the `def` keyword.
  public let defOffset: Int
}

/// One `@decorator` line.
public struct PyDecorator: Sendable {
  public let value: PyValue
  public let range: Range<Int>

  /// The decorator's dotted name without the call (`bp.route` for `@bp.route("/x")`).
  public var name: String? { value.call?.name ?? value.dottedName }
}

/// A function parameter with its annotation and default, when present.
public struct PyParameter: Sendable {
  public let name: String
  public let annotation: PyValue?
  public let defaultValue: PyValue?
}

/// A call, where it is, and what encloses it.
public struct PyCallSite: Sendable {
  public let call: PyCall
  public let range: Range<Int>
  public let function: Int?
  public let classIndex: Int?
}

/// `targets = value` (several targets for `a = b = value`), with an optional annotation.
public struct PyAssignment: Sendable {
  public let targets: [PyValue]
  public let value: PyValue?
  public let annotation: PyValue?
  /// The whole statement.
  public let range: Range<Int>
  public let function: Int?
  /// Index of the class whose body holds the statement directly (not inside a method).
  public let classIndex: Int?
}

/// A `return` statement.
public struct PyReturn: Sendable {
  public let value: PyValue?
  public let range: Range<Int>
  public let function: Int?
}

/// An `if` whose body raises (or calls `abort`/`sys.exit`): `if not url: raise RuntimeError`.
public struct PyRaisingCheck: Sendable {
  public let condition: PyValue
  public let range: Range<Int>
  public let function: Int?
}

/// One item of a `with` statement: `with op.batch_alter_table("orders") as batch_op:`.
public struct PyWithItem: Sendable {
  /// The context expression (`op.batch_alter_table("orders")`).
  public let value: PyValue
  /// The name bound by `as`, when it is a plain name.
  public let alias: String?
  /// The body of the `with` statement: the bytes where `alias` holds the context's value.
  public let body: Range<Int>
  public let function: Int?
}
