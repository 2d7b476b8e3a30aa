import TreeSitter

/// Builds a `PythonFile` from a parsed module in one walk of its tree.
public enum PythonExtractor {
  /// Values nested deeper than this are kept as `.other`, so a pathological file stays cheap.
  static let maxDepth = 24

  /// The node types the walk records; every other node is passed over with one table read.
  static let recorded = Language.python.symbolMask([
    "call", "expression_statement", "return_statement", "if_statement", "elif_clause", "import_statement",
    "import_from_statement", "class_definition", "function_definition", "with_statement",
  ])

  /// The node kinds the extractor tells apart, read from a table by symbol id so that the hot
  /// paths switch on a byte instead of comparing type names.
  enum Kind: UInt8 {
    case other, identifier, attribute, `subscript`, call, string, concatenatedString, number, `true`, `false`
    case none, parenthesized, await, booleanOperator, binaryOperator, notOperator, comparison, conditional
    case dictionary, type, genericType, sequence, comment, keywordArgument, splat, generatorExpression, pair
    case dictionarySplat, stringStart, stringContent, interpolation, expressionStatement, returnStatement
    case ifStatement, importStatement, importFromStatement, classDefinition, functionDefinition, assignment
    case withStatement, withClause, withItem, asPattern, asPatternTarget, block
  }

  static let kinds: [Kind] = Language.python.symbolTable(
    [
      "identifier": .identifier, "attribute": .attribute, "subscript": .subscript, "call": .call,
      "string": .string, "concatenated_string": .concatenatedString, "integer": .number, "float": .number,
      "true": .true, "false": .false, "none": .none, "parenthesized_expression": .parenthesized,
      "await": .await, "boolean_operator": .booleanOperator, "binary_operator": .binaryOperator,
      "not_operator": .notOperator, "comparison_operator": .comparison,
      "conditional_expression": .conditional, "dictionary": .dictionary, "type": .type,
      "generic_type": .genericType, "list": .sequence, "tuple": .sequence, "set": .sequence,
      "expression_list": .sequence, "pattern_list": .sequence, "comment": .comment,
      "keyword_argument": .keywordArgument, "list_splat": .splat, "dictionary_splat": .dictionarySplat,
      "generator_expression": .generatorExpression, "pair": .pair, "string_start": .stringStart,
      "string_content": .stringContent, "interpolation": .interpolation,
      "expression_statement": .expressionStatement, "return_statement": .returnStatement,
      "if_statement": .ifStatement, "elif_clause": .ifStatement, "import_statement": .importStatement,
      "import_from_statement": .importFromStatement, "class_definition": .classDefinition,
      "function_definition": .functionDefinition, "assignment": .assignment,
      "with_statement": .withStatement, "with_clause": .withClause, "with_item": .withItem,
      "as_pattern": .asPattern, "as_pattern_target": .asPatternTarget, "block": .block,
    ], fallback: .other)

  static func kind(_ node: Node) -> Kind {
    let symbol = Int(node.symbol)
    return symbol < kinds.count ? kinds[symbol] : .other
  }

  /// Field ids of the Python grammar used on hot paths.
  enum Field {
    static let object = Language.python.field("object")
    static let attribute = Language.python.field("attribute")
    static let value = Language.python.field("value")
    static let left = Language.python.field("left")
    static let right = Language.python.field("right")
    static let `operator` = Language.python.field("operator")
    static let argument = Language.python.field("argument")
    static let key = Language.python.field("key")
    static let function = Language.python.field("function")
    static let arguments = Language.python.field("arguments")
    static let name = Language.python.field("name")
    static let type = Language.python.field("type")
    static let condition = Language.python.field("condition")
    static let consequence = Language.python.field("consequence")
  }

  public static func extract(_ tree: Tree) -> PythonFile {
    var file = PythonFile()
    // Open function and class scopes as (index, end byte); the walk is in document order, so a
    // scope is closed once the walk passes its end.
    var functionStack: [(index: Int, end: Int)] = []
    var classStack: [(index: Int, end: Int)] = []
    // Whether the innermost scope is a class body (true) or a function body (false).
    var scopeKinds: [(isClass: Bool, end: Int)] = []

    // Calls already converted as part of an enclosing expression, by range: the walk reaches them
    // again and takes the converted value instead of converting the subtree once more (a chain
    // `q.filter(...).order_by(...).all()` would otherwise cost quadratic time).
    var converted: [Range<Int>: PyCall] = [:]
    func remember(_ value: PyValue) {
      value.forEach { nested in
        if case .call(let call) = nested.expr { converted[nested.range] = call }
      }
    }

    // Records the calls nested in values converted whole, in document order. Returns false when a
    // value lost a part that could hold a call; the walk then goes through the subtree itself.
    func recordNestedCalls(_ values: [PyValue], function: Int?, classIndex: Int?)
      -> Bool
    {
      guard values.allSatisfy(isLossless) else {
        values.forEach(remember)
        return false
      }
      var nested: [(range: Range<Int>, call: PyCall)] = []
      for value in values {
        value.forEach { item in
          if case .call(let call) = item.expr { nested.append((item.range, call)) }
        }
      }
      nested.sort {
        ($0.range.lowerBound, -$0.range.upperBound) < ($1.range.lowerBound, -$1.range.upperBound)
      }
      for item in nested {
        file.calls.append(
          PyCallSite(call: item.call, range: item.range, function: function, classIndex: classIndex))
      }
      return true
    }

    tree.rootNode.walk(matching: Self.recorded) { node in
      let start = node.startByte
      while let last = functionStack.last, last.end <= start { functionStack.removeLast() }
      while let last = classStack.last, last.end <= start { classStack.removeLast() }
      while let last = scopeKinds.last, last.end <= start { scopeKinds.removeLast() }
      let function = functionStack.last?.index
      let directClass = scopeKinds.last?.isClass == true ? classStack.last?.index : nil

      switch kind(node) {
      case .call:
        let range = node.byteRange
        if let call = converted.removeValue(forKey: range) ?? convertCall(node, depth: 0) {
          file.calls.append(PyCallSite(call: call, range: range, function: function, classIndex: directClass))
          let parts = [call.callee] + call.arguments + call.keywords.map(\.value)
          if !call.hasSplat && recordNestedCalls(parts, function: function, classIndex: directClass) {
            return false
          }
          if call.hasSplat { parts.forEach(remember) }
        }
      case .expressionStatement:
        if let assignment = node.namedChild(0), kind(assignment) == .assignment {
          let made = makeAssignment(assignment, statement: node, function: function, classIndex: directClass)
          file.assignments.append(made)
          let parts = made.targets + (made.value.map { [$0] } ?? []) + (made.annotation.map { [$0] } ?? [])
          if recordNestedCalls(parts, function: function, classIndex: directClass) { return false }
        }
      case .returnStatement:
        let value = node.namedChild(0).map { convert($0, depth: 0) }
        file.returns.append(PyReturn(value: value, range: node.byteRange, function: function))
        if recordNestedCalls(value.map { [$0] } ?? [], function: function, classIndex: directClass) {
          return false
        }
      case .ifStatement:
        if let condition = node.child(fieldID: Field.condition),
          let body = node.child(fieldID: Field.consequence),
          blockRaises(body)
        {
          file.raisingChecks.append(
            PyRaisingCheck(condition: convert(condition, depth: 0), range: node.byteRange, function: function)
          )
        }
      case .withStatement:
        file.withItems.append(contentsOf: withItems(node, function: function))
      case .importStatement, .importFromStatement:
        file.imports.append(contentsOf: imports(node))
      case .classDefinition:
        let outer = node.parent?.type == "decorated_definition" ? node.parent : nil
        let decorators =
          outer.map { decoratorNodes($0).map { convert($0.namedChild(0) ?? $0, depth: 0) } } ?? []
        var bases: [PyValue] = []
        var keywords: [PyKeyword] = []
        if let superclasses = node.child(field: "superclasses") {
          for child in superclasses.namedChildren {
            if child.type == "keyword_argument", let keyword = makeKeyword(child, depth: 0) {
              keywords.append(keyword)
            } else if child.type != "comment" {
              bases.append(convert(child, depth: 0))
            }
          }
        }
        file.classes.append(
          PyClass(
            name: node.child(field: "name")?.text ?? "", bases: bases, keywords: keywords,
            decorators: decorators, range: (outer ?? node).byteRange,
            statementOffset: (outer ?? node).startByte, parent: classStack.last?.index))
        classStack.append((file.classes.count - 1, node.endByte))
        scopeKinds.append((true, node.endByte))
      case .functionDefinition:
        let outer = node.parent?.type == "decorated_definition" ? node.parent : nil
        let decorators =
          outer.map {
            decoratorNodes($0).map {
              PyDecorator(value: convert($0.namedChild(0) ?? $0, depth: 0), range: $0.byteRange)
            }
          } ?? []
        file.functions.append(
          PyFunction(
            name: node.child(field: "name")?.text ?? "", classIndex: directClass, parent: function,
            decorators: decorators, parameters: parameters(node.child(field: "parameters")),
            isAsync: node.child(0)?.type == "async", range: (outer ?? node).byteRange,
            defOffset: node.startByte))
        functionStack.append((file.functions.count - 1, node.endByte))
        scopeKinds.append((false, node.endByte))
      default:
        break
      }
      return true
    }
    return file
  }

  /// Node types that hold no expression, so a value that keeps them as `.other` lost no call.
  static let leafKinds: Set<String> = [
    "identifier", "integer", "float", "true", "false", "none", "ellipsis", "comment", "escape_sequence",
    "line_continuation", "keyword_separator", "positional_separator",
  ]

  /// Whether every call inside `value` is in it as a `.call` at its own range: nothing was kept as
  /// `.other` that could hold an expression, no f-string interpolation or `*args` was dropped, and
  /// no call sits behind `await` or parentheses (whose value takes the wrapper's range).
  static func isLossless(_ value: PyValue) -> Bool {
    !value.contains { item in
      switch item.expr {
      case .other(let kind): return !leafKinds.contains(kind)
      case .string(_, let formatted): return formatted
      case .call(let call): return call.hasSplat || call.callee.range.lowerBound != item.range.lowerBound
      default: return false
      }
    }
  }

  // MARK: Statements

  static func makeAssignment(_ node: Node, statement: Node, function: Int?, classIndex: Int?) -> PyAssignment
  {
    var targets: [PyValue] = []
    var current = node
    var value: PyValue?
    let annotation = node.child(fieldID: Field.type).map { convert($0, depth: 0) }
    while true {
      if let left = current.child(fieldID: Field.left) { targets.append(convert(left, depth: 0)) }
      guard let right = current.child(fieldID: Field.right) else { break }
      if kind(right) == .assignment {
        current = right
        continue
      }
      value = convert(right, depth: 0)
      break
    }
    return PyAssignment(
      targets: targets, value: value, annotation: annotation, range: statement.byteRange,
      function: function, classIndex: classIndex)
  }

  /// The items of a `with` statement, each with the name it binds and the statement's body.
  static func withItems(_ node: Node, function: Int?) -> [PyWithItem] {
    guard let body = node.child(field: "body") else { return [] }
    var items: [PyWithItem] = []
    node.forEachNamedChild { clause in
      guard kind(clause) == .withClause else { return }
      clause.forEachNamedChild { item in
        guard kind(item) == .withItem, let value = item.child(fieldID: Field.value) else { return }
        if kind(value) == .asPattern {
          var expression: Node?
          var alias: String?
          value.forEachNamedChild { part in
            if kind(part) == .asPatternTarget {
              if let name = part.namedChild(0), kind(name) == .identifier { alias = name.text }
            } else if expression == nil, kind(part) != .comment {
              expression = part
            }
          }
          if let expression {
            items.append(
              PyWithItem(
                value: convert(expression, depth: 0), alias: alias, body: body.byteRange, function: function))
          }
        } else {
          items.append(
            PyWithItem(value: convert(value, depth: 0), alias: nil, body: body.byteRange, function: function))
        }
      }
    }
    return items
  }

  static func decoratorNodes(_ decorated: Node) -> [Node] {
    decorated.namedChildren.filter { $0.type == "decorator" }
  }

  static func parameters(_ node: Node?) -> [PyParameter] {
    guard let node else { return [] }
    var result: [PyParameter] = []
    for child in node.namedChildren {
      switch child.type {
      case "identifier":
        result.append(PyParameter(name: child.text, annotation: nil, defaultValue: nil))
      case "typed_parameter":
        let name = child.namedChildren.first { $0.type == "identifier" }?.text ?? ""
        result.append(
          PyParameter(
            name: name, annotation: child.child(field: "type").map { convert($0, depth: 0) },
            defaultValue: nil))
      case "default_parameter", "typed_default_parameter":
        result.append(
          PyParameter(
            name: child.child(field: "name")?.text ?? "",
            annotation: child.child(field: "type").map { convert($0, depth: 0) },
            defaultValue: child.child(field: "value").map { convert($0, depth: 0) }))
      default:
        break
      }
    }
    return result
  }

  static func imports(_ node: Node) -> [PyImport] {
    var result: [PyImport] = []
    if node.type == "import_statement" {
      for child in node.namedChildren {
        if child.type == "dotted_name" {
          result.append(PyImport(module: child.text, name: nil, alias: nil, range: node.byteRange))
        } else if child.type == "aliased_import", let name = child.child(field: "name") {
          result.append(
            PyImport(
              module: name.text, name: nil, alias: child.child(field: "alias")?.text, range: node.byteRange))
        }
      }
      return result
    }
    guard let moduleNode = node.child(field: "module_name") else { return [] }
    let module = moduleNode.text
    // Every imported name follows the module: libtree-sitter 0.20.7's
    // `ts_node_field_name_for_child` names only the first of several, so fields are not used here.
    for child in node.namedChildren
    where child.startByte >= moduleNode.endByte && ["dotted_name", "aliased_import"].contains(child.type) {
      if child.type == "aliased_import", let name = child.child(field: "name") {
        result.append(
          PyImport(
            module: module, name: name.text, alias: child.child(field: "alias")?.text, range: node.byteRange))
      } else {
        result.append(PyImport(module: module, name: child.text, alias: nil, range: node.byteRange))
      }
    }
    if result.isEmpty {
      result.append(PyImport(module: module, name: "*", alias: nil, range: node.byteRange))
    }
    return result
  }

  /// Whether a block raises, aborts or exits as one of its own statements.
  static func blockRaises(_ block: Node) -> Bool {
    for statement in block.namedChildren {
      if statement.type == "raise_statement" { return true }
      if statement.type == "expression_statement", let expression = statement.namedChild(0),
        expression.type == "call",
        let name = expression.child(field: "function").map({ convert($0, depth: 0) })?.dottedName,
        ["abort", "sys.exit", "exit", "flask.abort"].contains(name)
      {
        return true
      }
    }
    return false
  }

  // MARK: Expressions

  /// Reduces an expression node to a `PyValue`.
  public static func convert(_ node: Node, depth: Int) -> PyValue {
    let range = node.byteRange
    guard depth < maxDepth else { return PyValue(.other(node.type), range: range) }
    let next = depth + 1
    switch kind(node) {
    case .identifier:
      return PyValue(.name(node.text), range: range)
    case .attribute:
      guard let object = node.child(fieldID: Field.object),
        let attribute = node.child(fieldID: Field.attribute)
      else {
        return PyValue(.other(node.type), range: range)
      }
      return PyValue(.attribute(convert(object, depth: next), attribute.text), range: range)
    case .subscript:
      guard let value = node.child(fieldID: Field.value) else {
        return PyValue(.other(node.type), range: range)
      }
      // `a[x]` has one key; `a[x, y]` several, which Python passes as a tuple. (Fields are not
      // used: libtree-sitter 0.20.7 names only the first of several children of one field.)
      var keys: [PyValue] = []
      let valueStart = value.startByte
      node.forEachNamedChild { child in
        if kind(child) != .comment && child.startByte > valueStart {
          keys.append(convert(child, depth: next))
        }
      }
      let key: PyValue?
      if keys.count > 1, let first = keys.first, let last = keys.last {
        key = PyValue(.sequence(keys), range: first.range.lowerBound..<last.range.upperBound)
      } else {
        key = keys.first
      }
      return PyValue(.subscript(convert(value, depth: next), key), range: range)
    case .call:
      if let call = convertCall(node, depth: next) { return PyValue(.call(call), range: range) }
      return PyValue(.other(node.type), range: range)
    case .string:
      return PyValue(stringValue(node), range: range)
    case .concatenatedString:
      var text = ""
      var formatted = false
      node.forEachNamedChild { part in
        if kind(part) == .string, case .string(let value, let isFormatted) = stringValue(part) {
          text += value
          formatted = formatted || isFormatted
        }
      }
      return PyValue(.string(text, isFormatted: formatted), range: range)
    case .number:
      return PyValue(.number(node.text), range: range)
    case .true:
      return PyValue(.bool(true), range: range)
    case .false:
      return PyValue(.bool(false), range: range)
    case .none:
      return PyValue(.none, range: range)
    case .parenthesized, .await, .type:
      // Parentheses, `await`, and an annotation: the expression they wrap.
      if let inner = node.firstNamedChild(where: { kind($0) != .comment }) {
        return PyValue(convert(inner, depth: next).expr, range: range)
      }
      return PyValue(.other(node.type), range: range)
    case .booleanOperator, .binaryOperator:
      guard let left = node.child(fieldID: Field.left), let right = node.child(fieldID: Field.right) else {
        return PyValue(.other(node.type), range: range)
      }
      let op = node.child(fieldID: Field.operator)?.text ?? ""
      let l = convert(left, depth: next)
      let r = convert(right, depth: next)
      return PyValue(kind(node) == .booleanOperator ? .boolean(op, l, r) : .binary(op, l, r), range: range)
    case .notOperator:
      guard let argument = node.child(fieldID: Field.argument) else {
        return PyValue(.other(node.type), range: range)
      }
      return PyValue(.not(convert(argument, depth: next)), range: range)
    case .comparison:
      var operands: [PyValue] = []
      node.forEachNamedChild { operands.append(convert($0, depth: next)) }
      return PyValue(.compare(operands), range: range)
    case .conditional:
      var parts: [PyValue] = []
      node.forEachNamedChild { if kind($0) != .comment { parts.append(convert($0, depth: next)) } }
      guard parts.count == 3 else { return PyValue(.other(node.type), range: range) }
      return PyValue(.conditional(parts[0], parts[1], parts[2]), range: range)
    case .dictionary:
      var pairs: [PyPair] = []
      node.forEachNamedChild { child in
        switch kind(child) {
        case .pair:
          if let key = child.child(fieldID: Field.key), let value = child.child(fieldID: Field.value) {
            pairs.append(PyPair(key: convert(key, depth: next), value: convert(value, depth: next)))
          }
        case .dictionarySplat:
          if let inner = child.namedChild(0) {
            pairs.append(PyPair(key: nil, value: convert(inner, depth: next)))
          }
        default:
          break
        }
      }
      return PyValue(.dict(pairs), range: range)
    case .genericType:
      // `ClassVar[list]` in an annotation: read like the subscript it looks like.
      var base: Node?
      var parameter: Node?
      node.forEachNamedChild { child in
        guard kind(child) != .comment else { return }
        if base == nil {
          base = child
        } else if parameter == nil {
          parameter = child
        }
      }
      guard let base else { return PyValue(.other(node.type), range: range) }
      let parameters = parameter.map { parameter in
        var items: [PyValue] = []
        parameter.forEachNamedChild { if kind($0) != .comment { items.append(convert($0, depth: next)) } }
        return PyValue(.sequence(items), range: parameter.byteRange)
      }
      return PyValue(.subscript(convert(base, depth: next), parameters), range: range)
    case .sequence:
      var items: [PyValue] = []
      node.forEachNamedChild { if kind($0) != .comment { items.append(convert($0, depth: next)) } }
      return PyValue(.sequence(items), range: range)
    default:
      return PyValue(.other(node.type), range: range)
    }
  }

  static func convertCall(_ node: Node, depth: Int) -> PyCall? {
    guard let function = node.child(fieldID: Field.function) else { return nil }
    var arguments: [PyValue] = []
    var keywords: [PyKeyword] = []
    var hasSplat = false
    if let list = node.child(fieldID: Field.arguments) {
      if kind(list) == .generatorExpression {
        arguments.append(PyValue(.other(list.type), range: list.byteRange))
      } else {
        list.forEachNamedChild { child in
          switch kind(child) {
          case .keywordArgument:
            if let keyword = makeKeyword(child, depth: depth) { keywords.append(keyword) }
          case .splat, .dictionarySplat:
            hasSplat = true
          case .comment:
            break
          default:
            arguments.append(convert(child, depth: depth + 1))
          }
        }
      }
    }
    return PyCall(
      callee: convert(function, depth: depth + 1), arguments: arguments, keywords: keywords,
      hasSplat: hasSplat)
  }

  static func makeKeyword(_ node: Node, depth: Int) -> PyKeyword? {
    guard let name = node.child(fieldID: Field.name), let value = node.child(fieldID: Field.value) else {
      return nil
    }
    return PyKeyword(name: name.text, value: convert(value, depth: depth + 1), range: node.byteRange)
  }

  static func stringValue(_ node: Node) -> PyExpr {
    var formatted = false
    var text = ""
    node.forEachNamedChild { child in
      switch kind(child) {
      case .stringStart:
        // The prefix letters before the quote: `f`, `rf`, `Fr`, ...
        let source = child.tree.source.bytes
        formatted = child.byteRange.contains {
          source[$0] == UInt8(ascii: "f") || source[$0] == UInt8(ascii: "F")
        }
      case .stringContent:
        text += child.text
      case .interpolation:
        formatted = true
      default:
        break
      }
    }
    return .string(text, isFormatted: formatted)
  }
}
