import TreeSitter

/// Builds a `ScriptFile` from a parsed module in one walk of its tree.
///
/// The walk records candidates (storage calls and member expressions on short receivers,
/// declarations, returns, identifier uses) with the scope they appear in, and resolves names once
/// it is over, so that a constant, storage alias or helper function declared below its use still
/// resolves. Names resolve through the chain of enclosing function scopes (`let`/`const` are
/// treated as function-scoped).
public enum ScriptExtractor {
  public static func extract(_ tree: Tree) -> ScriptFile {
    let root = tree.rootNode
    var walk = ScriptWalk(source: tree.source, moduleRange: 0..<max(root.endByte, tree.source.bytes.count))
    let mask = tree.language == .typescript ? typescriptMask : tsxMask
    root.walk(matching: mask) { node in
      walk.visit(node)
      return true
    }
    return walk.finish()
  }

  /// The node types `ScriptWalk.visit` acts on; the walk steps over every other node unwrapped.
  static let visitedTypes: Set<String> = ScriptWalk.functionTypes.union([
    "identifier", "shorthand_property_identifier", "lexical_declaration", "variable_declarator",
    "return_statement", "call_expression", "assignment_expression", "augmented_assignment_expression",
    "unary_expression", "member_expression", "subscript_expression", "pair", "import_statement",
    "export_statement",
  ])
  static let typescriptMask = Language.typescript.symbolMask(visitedTypes)
  static let tsxMask = Language.tsx.symbolMask(visitedTypes)
}

// MARK: - Walk

/// The state of one extraction: everything the walk saw, as plain values.
struct ScriptWalk {
  /// A function or the module; names declared anywhere in it are visible in all of it.
  struct Scope {
    let range: Range<Int>
    let parent: Int?
    /// The values the function returns (an arrow function's expression body counts).
    var returns: [Range<Int>] = []
    /// Bindings declared directly in this scope, by name.
    var names: [String: [Int]] = [:]
  }

  /// A name declared with `const`/`let`/`var`, a function declaration, or a parameter.
  struct Binding {
    let name: String
    let scope: Int
    /// The value and every value later assigned to the name.
    var values: [Range<Int>] = []
    /// The storage-like paths the value may be (`window.localStorage`, both arms of `a ? b : c`).
    var valuePaths: [[String]] = []
    /// The string a `const` is bound to.
    var stringValue: String?
    /// String-valued properties of an object literal a `const` is bound to.
    var objectStrings: [String: String] = [:]
    /// Start byte of the function this name denotes.
    var functionStart: Int?
    /// Whether the value is `axios.create(...)`.
    var isAxiosInstance = false
    /// The `baseURL` option of that `axios.create(...)`.
    var axiosBaseURL: [PendingPiece]?
    /// The pieces a `const` is bound to when its value is a template literal with substitutions,
    /// a `+` concatenation, or another name.
    var pieces: [PendingPiece]?

    init(name: String, scope: Int) {
      self.name = name
      self.scope = scope
    }
  }

  /// An identifier (or shorthand property) and the scope it appears in. Its text is read from
  /// the source only when a flow needs it.
  struct Use {
    let range: Range<Int>
    let scope: Int
  }

  /// A `StringPiece` before names are resolved.
  enum PendingPiece {
    case text(String)
    /// A substituted expression: its name, and a name to look up among `const` bindings.
    case substitution(name: String?, lookup: (base: String, member: String?)?)
  }

  struct PendingOperand {
    var literal: String?
    var template: String?
    var name: String?
    /// A name to look up among `const` bindings: a plain name, or `base.member`.
    var lookup: (base: String, member: String?)?
    let range: Range<Int>
  }

  struct StorageCandidate {
    let kind: WebStorageAccess.Kind
    let form: WebStorageAccess.Form
    let receiver: [String]
    let key: PendingOperand
    let value: ScriptValue?
    let range: Range<Int>
    let scope: Int
  }

  struct HeaderCandidate {
    let form: AuthorizationHeader.Form
    let range: Range<Int>
    let value: ScriptValue
  }

  /// What the options object of a request says about the method.
  enum OptionsMethod {
    /// No options argument at all.
    case none
    /// An options object without a `method` key.
    case unstated
    case literal(String)
    /// The options are not an object literal, or the method is not a string literal.
    case unknown
  }

  struct RequestCandidate {
    let callee: [String]
    let range: Range<Int>
    let scope: Int
    let firstOperand: PendingOperand?
    let firstPieces: [PendingPiece]
    /// `url:` and `method:` of a first argument that is an object literal.
    let firstObject: RequestOptions?
    let secondMethod: OptionsMethod
  }

  /// What a request's options object says: `url:` (with its pieces) and `method:`.
  struct RequestOptions {
    var url: PendingOperand?
    var urlPieces: [PendingPiece] = []
    var method = OptionsMethod.unstated
  }

  static let functionTypes: Set<String> = [
    "function_declaration", "generator_function_declaration", "function_expression", "function",
    "generator_function", "arrow_function", "method_definition",
  ]
  static let globalObjects: Set<String> = ["window", "globalThis", "self"]
  static let storageMethods: Set<String> = ["setItem", "getItem", "removeItem"]
  /// Members of the `Storage` interface, which are not entries when read as properties.
  static let storageMembers: Set<String> = ["setItem", "getItem", "removeItem", "clear", "key", "length"]
  static let headerSetters: Set<String> = ["set", "append", "setRequestHeader"]
  static let axiosMethods: Set<String> = [
    "get", "delete", "head", "options", "post", "put", "patch", "request",
  ]

  let source: SourceText
  var scopes: [Scope]
  var openScopes: [(index: Int, end: Int)] = []
  var scopeByStart: [Int: Int] = [:]
  var bindings: [Binding] = []
  /// `name = value` assignments to plain names.
  var assignments: [(name: String, scope: Int, value: Range<Int>)] = []
  /// Every identifier and shorthand property, in source order.
  var uses: [Use] = []
  /// Names that may denote a storage object: bound to a storage path or to another name.
  var aliasNames: Set<String> = []
  /// Names bound to `axios.create(...)` so far; requests through them are recognised after it.
  var axiosInstanceNames: Set<String> = []
  /// Start bytes of the declarators of `const` declarations.
  var constDeclarators: Set<Int> = []
  /// Member expressions that are not entry reads: callees and assignment targets.
  var notReads: Set<Range<Int>> = []
  /// Operands of `delete`, mapped to the whole `delete` expression.
  var deletions: [Range<Int>: Range<Int>] = [:]
  var storageCandidates: [StorageCandidate] = []
  var headerCandidates: [HeaderCandidate] = []
  var requestCandidates: [RequestCandidate] = []
  /// Module-level imports by local name: `import { api as client } from "./http"` maps `client`
  /// to (`./http`, `api`); a default import's name is `default`.
  var imports: [String: (module: String, name: String)] = [:]
  /// Local names the module exports, with the name they are exported under.
  var exports: [(local: String, exported: String)] = []
  /// `export default axios.create({...})`: the `baseURL` option, if any.
  var exportedCreates: [(exported: String, baseURL: [PendingPiece]?)] = []
  /// `X.defaults.baseURL = value` assignments, in source order.
  var baseURLAssignments: [(receiver: String, pieces: [PendingPiece], scope: Int)] = []

  init(source: SourceText, moduleRange: Range<Int>) {
    self.source = source
    scopes = [Scope(range: moduleRange, parent: nil)]
  }

  mutating func visit(_ node: Node) {
    let start = node.startByte
    while let last = openScopes.last, last.end <= start { openScopes.removeLast() }
    let scope = openScopes.last?.index ?? 0
    switch ScriptKind.of(node) {
    case .identifier:
      uses.append(Use(range: node.byteRange, scope: scope))
    case .shorthandPropertyIdentifier:
      uses.append(Use(range: node.byteRange, scope: scope))
      if node.text.lowercased() == "authorization" {
        headerCandidates.append(
          HeaderCandidate(form: .property, range: node.byteRange, value: Self.value(node)))
      }
    case .lexicalDeclaration:
      if node.child(0)?.type == "const" {
        for declarator in node.namedChildren where declarator.type == "variable_declarator" {
          constDeclarators.insert(declarator.startByte)
        }
      }
    case .variableDeclarator:
      declare(node, scope: scope)
    case .returnStatement:
      if let value = node.namedChildren.first(where: { $0.type != "comment" }) {
        scopes[scope].returns.append(value.byteRange)
      }
    case .callExpression:
      visitCall(node, scope: scope)
    case .assignment:
      visitAssignment(node, scope: scope)
    case .unaryExpression:
      if node.child(.`operator`)?.text == "delete", let argument = node.child(.argument) {
        deletions[Self.unwrapTypes(argument).byteRange] = node.byteRange
      }
    case .memberExpression, .subscriptExpression:
      visitMemberRead(node, scope: scope)
    case .importStatement:
      visitImport(node)
    case .exportStatement:
      visitExport(node)
    case .pair:
      if let key = node.child(.key), let value = node.child(.value),
        Self.propertyName(key)?.lowercased() == "authorization"
      {
        headerCandidates.append(
          HeaderCandidate(form: .property, range: node.byteRange, value: Self.value(value)))
      }
    case .function:
      // `function` is also the keyword token inside every function; only named nodes count.
      if node.isNamed { enterFunction(node, type: node.type, enclosing: scope) }
    default:
      break
    }
  }

  // MARK: Declarations and scopes

  private mutating func bind(_ binding: Binding) {
    scopes[binding.scope].names[binding.name, default: []].append(bindings.count)
    bindings.append(binding)
  }

  private mutating func enterFunction(_ node: Node, type: String, enclosing: Int) {
    if type == "function_declaration" || type == "generator_function_declaration",
      let name = node.child(.name)
    {
      var binding = Binding(name: name.text, scope: enclosing)
      binding.functionStart = node.startByte
      bind(binding)
    }
    let index = scopes.count
    scopes.append(Scope(range: node.byteRange, parent: enclosing))
    scopeByStart[node.startByte] = index
    openScopes.append((index, node.endByte))
    if type == "arrow_function", let body = node.child(.body), body.type != "statement_block" {
      scopes[index].returns.append(body.byteRange)
    }
    var parameterNames: [String] = []
    if let single = node.child(.parameter) {
      parameterNames = Self.patternNames(single, depth: 0)
    } else if let parameters = node.child(.parameters) {
      for parameter in parameters.namedChildren {
        let pattern = parameter.child(.pattern) ?? parameter
        parameterNames += Self.patternNames(pattern, depth: 0)
      }
    }
    for name in parameterNames {
      bind(Binding(name: name, scope: index))
    }
  }

  private mutating func declare(_ node: Node, scope: Int) {
    guard let nameNode = node.child(.name) else { return }
    let valueNode = node.child(.value)
    guard nameNode.type == "identifier" else {
      // A destructured declaration: every name derives from the whole value.
      for name in Self.patternNames(nameNode, depth: 0) {
        var binding = Binding(name: name, scope: scope)
        if let valueNode { binding.values = [valueNode.byteRange] }
        bind(binding)
      }
      return
    }
    var binding = Binding(name: nameNode.text, scope: scope)
    if let valueNode {
      let value = Self.unwrapTypes(valueNode)
      binding.values = [valueNode.byteRange]
      binding.valuePaths = Self.aliasPaths(value, depth: 0)
      // Only a storage path or another name can make this name a storage alias.
      let mayBeAlias = binding.valuePaths.contains { path in
        path.count == 1 || path.last.flatMap(WebStorage.init(rawValue:)) != nil
      }
      if mayBeAlias { aliasNames.insert(binding.name) }
      if constDeclarators.contains(node.startByte) {
        binding.stringValue = Self.staticString(value)
        if value.type == "object" { binding.objectStrings = Self.objectStrings(value) }
        if binding.stringValue == nil, Self.buildsString(value) {
          binding.pieces = Self.pieces(value, depth: 0)
        }
      }
      if Self.functionTypes.contains(value.type) { binding.functionStart = value.startByte }
      if Self.isAxiosCreate(value) {
        binding.isAxiosInstance = true
        binding.axiosBaseURL = Self.createBaseURL(value)
        axiosInstanceNames.insert(binding.name)
      }
    }
    bind(binding)
  }

  /// The names a binding pattern declares (`a`, `{ a, b: c, d = 1 }`, `[a, ...rest]`).
  static func patternNames(_ node: Node, depth: Int) -> [String] {
    guard depth < 8 else { return [] }
    switch node.type {
    case "identifier", "shorthand_property_identifier_pattern":
      return [node.text]
    case "object_pattern", "array_pattern":
      return node.namedChildren.flatMap { patternNames($0, depth: depth + 1) }
    case "pair_pattern":
      return node.child(.value).map { patternNames($0, depth: depth + 1) } ?? []
    case "assignment_pattern", "object_assignment_pattern":
      return node.child(.left).map { patternNames($0, depth: depth + 1) } ?? []
    case "rest_pattern", "required_parameter", "optional_parameter":
      return node.namedChildren.first.map { patternNames($0, depth: depth + 1) } ?? []
    default:
      return []
    }
  }

  // MARK: Calls, assignments, member reads

  /// Whether a receiver path may denote a storage object: a storage name, `window.` (or
  /// `globalThis.`/`self.`) and a storage name, or a single name that may be an alias.
  static func mayBeStorage(_ path: [String]) -> Bool {
    switch path.count {
    case 1: return true
    case 2: return globalObjects.contains(path[0]) && WebStorage(rawValue: path[1]) != nil
    default: return false
    }
  }

  private mutating func visitCall(_ node: Node, scope: Int) {
    guard let function = node.child(.function) else { return }
    let callee = Self.unwrapTypes(function)
    notReads.insert(function.byteRange)
    notReads.insert(callee.byteRange)
    // Arguments are listed only for the calls that need them: most calls are neither.
    var listed: [Node]?
    func arguments() -> [Node] {
      if let listed { return listed }
      let nodes = node.child(.arguments).map(Self.argumentNodes) ?? []
      listed = nodes
      return nodes
    }
    if callee.type == "member_expression", let object = callee.child(.object),
      let property = callee.child(.property)?.text
    {
      if Self.storageMethods.contains(property), let receiver = Self.path(object, limit: 2),
        Self.mayBeStorage(receiver), let keyNode = arguments().first
      {
        let kind: WebStorageAccess.Kind =
          property == "setItem" ? .write : property == "getItem" ? .read : .remove
        let value = kind == .write ? arguments().dropFirst().first.map(Self.value) : nil
        storageCandidates.append(
          StorageCandidate(
            kind: kind, form: .method, receiver: receiver, key: Self.operand(keyNode), value: value,
            range: node.byteRange, scope: scope))
      }
      if Self.headerSetters.contains(property), arguments().count >= 2,
        Self.staticString(Self.unwrapTypes(arguments()[0]))?.lowercased() == "authorization"
      {
        headerCandidates.append(
          HeaderCandidate(form: .setterCall, range: node.byteRange, value: Self.value(arguments()[1])))
      }
    }
    guard let calleePath = Self.path(callee, limit: 2), isRequestCallee(calleePath) else { return }
    let arguments = arguments()
    let first = arguments.first.map(Self.unwrapTypes)
    let firstObject = first.flatMap { node in
      node.type == "object" ? Self.requestOptions(node) : nil
    }
    let firstIsURL = first.map { $0.type != "object" } ?? false
    let secondMethod: OptionsMethod
    if arguments.count < 2 {
      secondMethod = .none
    } else {
      let second = Self.unwrapTypes(arguments[1])
      secondMethod = second.type == "object" ? Self.requestOptions(second).method : .unknown
    }
    requestCandidates.append(
      RequestCandidate(
        callee: calleePath, range: node.byteRange, scope: scope,
        firstOperand: firstIsURL ? first.map(Self.operand) : nil,
        firstPieces: firstIsURL ? first.map { Self.pieces($0, depth: 0) } ?? [] : [],
        firstObject: firstObject, secondMethod: secondMethod))
  }

  /// `fetch`, `window.fetch`, `axios`, `axios.get`, or the same on an axios instance declared
  /// earlier in the file or on an imported name (kept when the module exports an instance).
  private func isRequestCallee(_ path: [String]) -> Bool {
    if path.last == "fetch" { return path.count == 1 || Self.globalObjects.contains(path[0]) }
    if path[0] == "axios" || axiosInstanceNames.contains(path[0]) || imports[path[0]]?.module == "axios" {
      return path.count == 1 || Self.axiosMethods.contains(path[1])
    }
    // A name from a project module may be an axios instance it exports: only its method calls
    // (`api.get(...)`) are kept, and a rule confirms them with that module's `axiosInstances`.
    guard let imported = imports[path[0]], Self.isProjectModule(imported.module) else { return false }
    return path.count == 2 && Self.axiosMethods.contains(path[1])
  }

  /// Whether an import specifier names a module of the project rather than a package:
  /// relative (`./api`), or through the usual aliases (`@/lib/api`, `~/lib/api`, `#lib/api`,
  /// `src/lib/api`).
  static func isProjectModule(_ specifier: String) -> Bool {
    ["./", "../", "@/", "~/", "#", "src/"].contains(where: specifier.hasPrefix) || specifier == "."
      || specifier == ".."
  }

  // MARK: Imports and exports

  private mutating func visitImport(_ node: Node) {
    // `import type {...}` imports no values.
    guard node.child(1)?.type != "type", let source = node.child(.source), source.type == "string"
    else { return }
    let module = Self.innerText(source)
    for clause in node.namedChildren where clause.type == "import_clause" {
      for part in clause.namedChildren {
        switch part.type {
        case "identifier":
          imports[part.text] = (module, "default")
        case "named_imports":
          for specifier in part.namedChildren where specifier.type == "import_specifier" {
            guard specifier.child(0)?.type != "type", let name = specifier.child(.name) else {
              continue
            }
            let imported = name.type == "string" ? Self.innerText(name) : name.text
            imports[specifier.child(.alias)?.text ?? imported] = (module, imported)
          }
        default:
          break
        }
      }
    }
  }

  private mutating func visitExport(_ node: Node) {
    if let declaration = node.child(.declaration) {
      guard declaration.type == "lexical_declaration" || declaration.type == "variable_declaration" else {
        return
      }
      for declarator in declaration.namedChildren where declarator.type == "variable_declarator" {
        if let name = declarator.child(.name), name.type == "identifier" {
          exports.append((name.text, name.text))
        }
      }
    } else if let valueNode = node.child(.value) {
      let value = Self.unwrapTypes(valueNode)
      if value.type == "identifier" {
        exports.append((value.text, "default"))
      } else if Self.isAxiosCreate(value) {
        exportedCreates.append(("default", Self.createBaseURL(value)))
      }
    } else if node.child(.source) == nil {
      for clause in node.namedChildren where clause.type == "export_clause" {
        for specifier in clause.namedChildren where specifier.type == "export_specifier" {
          guard let name = specifier.child(.name)?.text else { continue }
          exports.append((name, specifier.child(.alias)?.text ?? name))
        }
      }
    }
  }

  private mutating func visitAssignment(_ node: Node, scope: Int) {
    guard let leftNode = node.child(.left), let right = node.child(.right) else { return }
    let left = Self.unwrapTypes(leftNode)
    if let target = Self.path(left, limit: 3), target.count == 3, target[1] == "defaults",
      target[2] == "baseURL"
    {
      baseURLAssignments.append((target[0], Self.pieces(right, depth: 0), scope))
    }
    switch left.type {
    case "identifier":
      assignments.append((left.text, scope, right.byteRange))
    case "member_expression", "subscript_expression":
      notReads.insert(leftNode.byteRange)
      notReads.insert(left.byteRange)
      guard let object = left.child(.object), let key = Self.memberKey(left) else { return }
      if let receiver = Self.path(object, limit: 2), Self.mayBeStorage(receiver) {
        storageCandidates.append(
          StorageCandidate(
            kind: .write, form: left.type == "member_expression" ? .property : .bracket, receiver: receiver,
            key: key, value: Self.value(right), range: node.byteRange, scope: scope))
      }
      if (key.literal ?? "").lowercased() == "authorization" {
        headerCandidates.append(
          HeaderCandidate(form: .assignment, range: node.byteRange, value: Self.value(right)))
      }
    default:
      break
    }
  }

  private mutating func visitMemberRead(_ node: Node, scope: Int) {
    let range = node.byteRange
    guard !notReads.contains(range), let object = node.child(.object),
      let receiver = Self.path(object, limit: 2), Self.mayBeStorage(receiver), let key = Self.memberKey(node)
    else { return }
    let form: WebStorageAccess.Form = node.type == "member_expression" ? .property : .bracket
    if form == .property, let name = key.literal, Self.storageMembers.contains(name) { return }
    let deletion = deletions[range]
    storageCandidates.append(
      StorageCandidate(
        kind: deletion == nil ? .read : .remove, form: form, receiver: receiver, key: key, value: nil,
        range: deletion ?? range, scope: scope))
  }
}

// MARK: - Node helpers

extension ScriptWalk {
  /// Looks through parentheses, `!`, `as T`, `satisfies T` and `<T>x`.
  static func unwrapTypes(_ node: Node) -> Node {
    var current = node
    for _ in 0..<16 {
      let kind = ScriptKind.of(current)
      switch kind {
      case .typeWrapper, .typeAssertion:
        guard let inner = current.firstNamedChild(where: { ScriptKind.of($0) != .comment }) else {
          return current
        }
        if kind == .typeAssertion, let expression = current.namedChildren.last {
          current = expression
        } else {
          current = inner
        }
      default:
        return current
      }
    }
    return current
  }

  /// A call's arguments without comments.
  static func argumentNodes(_ arguments: Node) -> [Node] {
    arguments.namedChildren.filter { $0.type != "comment" }
  }

  /// The dotted path of a receiver such as `window.localStorage` or `store`, at most `limit`
  /// names long; `obj["name"]` counts as `obj.name`.
  static func path(_ node: Node, limit: Int) -> [String]? {
    guard limit > 0 else { return nil }
    let node = unwrapTypes(node)
    switch ScriptKind.of(node) {
    case .identifier, .this:
      return [node.text]
    case .memberExpression:
      guard let object = node.child(.object), let property = node.child(.property),
        let base = path(object, limit: limit - 1)
      else { return nil }
      return base + [property.text]
    case .subscriptExpression:
      guard let object = node.child(.object), let index = node.child(.index),
        let name = staticString(unwrapTypes(index)), let base = path(object, limit: limit - 1)
      else { return nil }
      return base + [name]
    default:
      return nil
    }
  }

  /// The paths a storage alias's value may denote: the value itself, both arms of `a ? b : c`,
  /// both sides of `a || b` / `a ?? b`.
  static func aliasPaths(_ node: Node, depth: Int) -> [[String]] {
    guard depth < 6 else { return [] }
    let node = unwrapTypes(node)
    switch node.type {
    case "ternary_expression":
      return [node.child(.consequence), node.child(.alternative)]
        .compactMap { $0 }.flatMap { aliasPaths($0, depth: depth + 1) }
    case "binary_expression":
      guard let operatorText = node.child(.`operator`)?.text, ["||", "??", "&&"].contains(operatorText)
      else { return [] }
      return [node.child(.left), node.child(.right)]
        .compactMap { $0 }.flatMap { aliasPaths($0, depth: depth + 1) }
    default:
      return path(node, limit: 2).map { [$0] } ?? []
    }
  }

  /// The text of a string literal or of a template literal without substitutions.
  static func staticString(_ node: Node) -> String? {
    switch node.type {
    case "string":
      return innerText(node)
    case "template_string":
      return node.namedChildren.contains { $0.type == "template_substitution" } ? nil : innerText(node)
    default:
      return nil
    }
  }

  /// The source between a literal's delimiters.
  static func innerText(_ node: Node) -> String {
    let range = node.byteRange
    guard range.count >= 2 else { return "" }
    return node.tree.source.text((range.lowerBound + 1)..<(range.upperBound - 1))
  }

  /// The name of an object property key: `token`, `"token"`, `'token'`.
  static func propertyName(_ key: Node) -> String? {
    switch key.type {
    case "property_identifier", "identifier": return key.text
    case "string": return innerText(key)
    default: return nil
    }
  }

  /// The string-valued properties of an object literal (`{ token: "app.token" }`).
  static func objectStrings(_ object: Node) -> [String: String] {
    var result: [String: String] = [:]
    for pair in object.namedChildren where pair.type == "pair" {
      guard let key = pair.child(.key).flatMap(propertyName), let value = pair.child(.value),
        let string = staticString(unwrapTypes(value))
      else { continue }
      result[key] = string
    }
    return result
  }

  /// The `url:` and `method:` of a request's options object.
  static func requestOptions(_ object: Node) -> RequestOptions {
    var options = RequestOptions()
    for child in object.namedChildren {
      if child.type == "pair", let key = child.child(.key).flatMap(propertyName),
        let value = child.child(.value)
      {
        if key == "url" {
          options.url = operand(value)
          options.urlPieces = pieces(value, depth: 0)
        }
        if key == "method" {
          options.method = staticString(unwrapTypes(value)).map { .literal($0.uppercased()) } ?? .unknown
        }
      } else if child.type == "shorthand_property_identifier", child.text == "method" {
        options.method = .unknown
      } else if child.type == "spread_element" {
        options.method = .unknown
      }
    }
    return options
  }

  /// Whether a node is `axios.create(...)`.
  static func isAxiosCreate(_ node: Node) -> Bool {
    guard node.type == "call_expression", let callee = node.child(.function) else { return false }
    return path(callee, limit: 2) == ["axios", "create"]
  }

  /// The `baseURL` option of an `axios.create({...})` call, as pieces; nil when it has none.
  static func createBaseURL(_ call: Node) -> [PendingPiece]? {
    guard let options = call.child(.arguments).flatMap({ argumentNodes($0).first }).map(unwrapTypes),
      options.type == "object"
    else { return nil }
    for child in options.namedChildren {
      if child.type == "pair", child.child(.key).flatMap(propertyName) == "baseURL",
        let value = child.child(.value)
      {
        return pieces(value, depth: 0)
      }
      if child.type == "shorthand_property_identifier", child.text == "baseURL" {
        return [.substitution(name: "baseURL", lookup: ("baseURL", nil))]
      }
    }
    return nil
  }

  /// Whether a `const`'s value builds a string from parts worth remembering: a template literal
  /// with substitutions, a `+` concatenation, or another name (`const API = API_URL`).
  static func buildsString(_ value: Node) -> Bool {
    switch value.type {
    case "template_string", "identifier", "member_expression": return true
    case "binary_expression": return value.child(.`operator`)?.text == "+"
    default: return false
    }
  }

  /// The pieces a string expression is built from: literals and template text are text; a name,
  /// a member (`process.env.API_URL`) or any other expression is a substitution.
  static func pieces(_ node: Node, depth: Int) -> [PendingPiece] {
    let inner = unwrapTypes(node)
    guard depth < 8 else { return [.substitution(name: nil, lookup: nil)] }
    switch inner.type {
    case "string":
      return [.text(innerText(inner))]
    case "template_string":
      var result: [PendingPiece] = []
      let source = inner.tree.source
      var position = inner.startByte + 1
      for child in inner.namedChildren where child.type == "template_substitution" {
        if child.startByte > position { result.append(.text(source.text(position..<child.startByte))) }
        if let expression = child.namedChildren.first(where: { $0.type != "comment" }) {
          result += pieces(expression, depth: depth + 1)
        }
        position = child.endByte
      }
      let end = inner.endByte - 1
      if end > position { result.append(.text(source.text(position..<end))) }
      return result
    case "binary_expression" where inner.child(.`operator`)?.text == "+":
      guard let left = inner.child(.left), let right = inner.child(.right) else {
        return [.substitution(name: nil, lookup: nil)]
      }
      return pieces(left, depth: depth + 1) + pieces(right, depth: depth + 1)
    case "identifier":
      return [.substitution(name: inner.text, lookup: (inner.text, nil))]
    case "member_expression":
      let property = inner.child(.property)?.text
      var lookup: (base: String, member: String?)?
      if let object = inner.child(.object).map(unwrapTypes), object.type == "identifier", let property {
        lookup = (object.text, property)
      }
      return [.substitution(name: property, lookup: lookup)]
    default:
      return [.substitution(name: nil, lookup: nil)]
    }
  }

  /// A key or URL expression.
  static func operand(_ node: Node) -> PendingOperand {
    let inner = unwrapTypes(node)
    var result = PendingOperand(range: node.byteRange)
    switch inner.type {
    case "string":
      result.literal = innerText(inner)
    case "template_string":
      if let text = staticString(inner) { result.literal = text } else { result.template = innerText(inner) }
    case "identifier":
      result.name = inner.text
      result.lookup = (inner.text, nil)
    case "member_expression":
      let property = inner.child(.property)?.text
      result.name = property
      if let object = inner.child(.object).map(unwrapTypes), object.type == "identifier",
        let property
      {
        result.lookup = (object.text, property)
      }
    default:
      break
    }
    return result
  }

  /// The entry a member or subscript expression addresses: `storage.token`, `storage["token"]`,
  /// `storage[TOKEN_KEY]`.
  static func memberKey(_ node: Node) -> PendingOperand? {
    if node.type == "member_expression" {
      guard let property = node.child(.property) else { return nil }
      return PendingOperand(literal: property.text, name: property.text, range: property.byteRange)
    }
    return node.child(.index).map(operand)
  }

  /// A value with the name it is written with.
  static func value(_ node: Node) -> ScriptValue {
    ScriptValue(name: valueName(node, depth: 0), text: node.text, range: node.byteRange)
  }

  static func valueName(_ node: Node, depth: Int) -> String? {
    guard depth < 8 else { return nil }
    var inner = unwrapTypes(node)
    if inner.type == "await_expression", let argument = inner.namedChildren.first {
      inner = unwrapTypes(argument)
    }
    switch inner.type {
    case "identifier", "shorthand_property_identifier":
      return inner.text
    case "member_expression":
      return inner.child(.property)?.text
    case "subscript_expression":
      return inner.child(.index).flatMap { staticString(unwrapTypes($0)) }
    case "call_expression":
      guard let callee = inner.child(.function).flatMap({ path($0, limit: 2) }),
        callee == ["JSON", "stringify"] || callee == ["String"],
        let argument = inner.child(.arguments).flatMap({ argumentNodes($0).first })
      else { return nil }
      return valueName(argument, depth: depth + 1)
    default:
      return nil
    }
  }
}

extension ScriptWalk.PendingOperand {
  init(literal: String? = nil, template: String? = nil, name: String? = nil, range: Range<Int>) {
    self.literal = literal
    self.template = template
    self.name = name
    self.lookup = nil
    self.range = range
  }
}

// MARK: - Resolution

extension ScriptWalk {
  /// Resolves names now that the whole module has been seen, and builds the facts.
  mutating func finish() -> ScriptFile {
    for assignment in assignments {
      for index in resolve(assignment.name, from: assignment.scope) {
        bindings[index].values.append(assignment.value)
      }
    }
    var accesses: [WebStorageAccess] = []
    for candidate in storageCandidates {
      guard let storage = storage(of: candidate.receiver, from: candidate.scope, depth: 0) else { continue }
      accesses.append(
        WebStorageAccess(
          kind: candidate.kind, form: candidate.form, storage: storage,
          key: resolve(candidate.key, from: candidate.scope), value: candidate.value, range: candidate.range))
    }
    accesses.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }

    var flow = ReadFlow(
      reads: accesses.enumerated().filter { $0.element.kind == .read }.map { ($0.offset, $0.element.range) })
    let headers = headerCandidates.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { candidate in
      AuthorizationHeader(
        form: candidate.form, range: candidate.range, value: candidate.value,
        storageReads: flow.reads(in: candidate.value.range, walk: self).sorted())
    }
    let requests = requestCandidates.compactMap(request)
    var instances = exportedCreates.map { created in
      AxiosInstance(
        exportName: created.exported, baseURL: created.baseURL.map { resolve($0, from: 0, depth: 0) })
    }
    for export in exports {
      guard let index = resolve(export.local, from: 0).first(where: { bindings[$0].isAxiosInstance }) else {
        continue
      }
      instances.append(
        AxiosInstance(exportName: export.exported, baseURL: baseURL(of: export.local, binding: index)))
    }
    return ScriptFile(
      storageAccesses: accesses, authorizationHeaders: headers, requests: requests, axiosInstances: instances)
  }

  /// Resolves the names of pending pieces: a `const` bound to a string gives the substitution
  /// its value; one bound to a template, a concatenation or another name is expanded into its
  /// own pieces.
  func resolve(_ pending: [PendingPiece], from scope: Int, depth: Int) -> [StringPiece] {
    var result: [StringPiece] = []
    for piece in pending {
      switch piece {
      case .text(let text):
        result.append(.text(text))
      case .substitution(let name, let lookup):
        var resolved: [StringPiece]?
        if let lookup, depth < 4 {
          for index in resolve(lookup.base, from: scope) {
            let binding = bindings[index]
            if let member = lookup.member {
              if let value = binding.objectStrings[member] {
                resolved = [.substitution(name: name, value: value)]
              }
            } else if let value = binding.stringValue {
              resolved = [.substitution(name: name, value: value)]
            } else if let inner = binding.pieces {
              resolved = resolve(inner, from: binding.scope, depth: depth + 1)
            }
            if resolved != nil { break }
          }
        }
        result += resolved ?? [.substitution(name: name, value: nil)]
      }
    }
    return result
  }

  /// The base URL of `axios` (binding nil) or of the instance `name` bound at `binding`: the
  /// last `X.defaults.baseURL = ...` for it, else the `baseURL` option of its `axios.create`.
  func baseURL(of name: String, binding: Int?) -> [StringPiece]? {
    for assignment in baseURLAssignments.reversed() {
      let targets = resolve(assignment.receiver, from: assignment.scope)
      let matches: Bool
      if let binding {
        matches = assignment.receiver == name && targets.contains(binding)
      } else {
        // `axios` itself, under whichever name it was imported.
        matches =
          targets.isEmpty
          && (assignment.receiver == "axios" || imports[assignment.receiver]?.module == "axios")
      }
      if matches { return resolve(assignment.pieces, from: assignment.scope, depth: 0) }
    }
    guard let binding, let pieces = bindings[binding].axiosBaseURL else { return nil }
    return resolve(pieces, from: bindings[binding].scope, depth: 0)
  }

  /// The bindings a name denotes in `scope`: those of the nearest enclosing scope that declares
  /// it (every declaration there, since reassignments and redeclarations merge).
  func resolve(_ name: String, from scope: Int) -> [Int] {
    var current: Int? = scope
    while let index = current {
      if let found = scopes[index].names[name] { return found }
      current = scopes[index].parent
    }
    return []
  }

  /// The storage a receiver path denotes: `localStorage`, `window.sessionStorage`, or a name
  /// bound to one of them.
  func storage(of path: [String], from scope: Int, depth: Int) -> WebStorage? {
    if path.count == 2 {
      return Self.globalObjects.contains(path[0]) ? WebStorage(rawValue: path[1]) : nil
    }
    guard path.count == 1, depth < 6 else { return nil }
    if let storage = WebStorage(rawValue: path[0]) { return storage }
    guard aliasNames.contains(path[0]) else { return nil }
    for index in resolve(path[0], from: scope) {
      let binding = bindings[index]
      for valuePath in binding.valuePaths {
        if let storage = storage(of: valuePath, from: binding.scope, depth: depth + 1) { return storage }
      }
    }
    return nil
  }

  /// Fills in the string a key or URL name is bound to.
  func resolve(_ operand: PendingOperand, from scope: Int) -> ScriptOperand {
    var literal = operand.literal
    if literal == nil, let lookup = operand.lookup {
      for index in resolve(lookup.base, from: scope) {
        let binding = bindings[index]
        if let member = lookup.member {
          literal = binding.objectStrings[member]
        } else {
          literal = binding.stringValue
        }
        if literal != nil { break }
      }
    }
    return ScriptOperand(
      literal: literal, template: operand.template, name: operand.name, range: operand.range)
  }

  func request(_ candidate: RequestCandidate) -> HTTPRequest? {
    let callee = candidate.callee
    let scope = candidate.scope
    let firstPieces = resolve(candidate.firstPieces, from: scope, depth: 0)
    if callee.last == "fetch" {
      return HTTPRequest(
        client: .fetch, method: Self.method(candidate.secondMethod, default: "GET"),
        url: candidate.firstOperand.map { resolve($0, from: scope) }, range: candidate.range,
        urlPieces: firstPieces)
    }
    // A name that was an axios instance where it was declared may be shadowed here.
    let local = resolve(callee[0], from: scope)
    let base: RequestBase
    let imported = local.isEmpty ? imports[callee[0]] : nil
    if let instance = local.first(where: { bindings[$0].isAxiosInstance }) {
      base = baseURL(of: callee[0], binding: instance).map(RequestBase.url) ?? .none
    } else if callee[0] == "axios" || imported?.module == "axios" {
      base = baseURL(of: callee[0], binding: nil).map(RequestBase.url) ?? .none
    } else if let imported {
      base = .imported(module: imported.module, name: imported.name)
    } else {
      return nil
    }
    if callee.count == 2 && callee[1] != "request" {
      return HTTPRequest(
        client: .axios, method: callee[1].uppercased(),
        url: candidate.firstOperand.map { resolve($0, from: scope) }, range: candidate.range,
        urlPieces: firstPieces, base: base)
    }
    if let options = candidate.firstObject {
      return HTTPRequest(
        client: .axios, method: Self.method(options.method, default: "GET"),
        url: options.url.map { resolve($0, from: scope) }, range: candidate.range,
        urlPieces: resolve(options.urlPieces, from: scope, depth: 0), base: base)
    }
    return HTTPRequest(
      client: .axios, method: Self.method(candidate.secondMethod, default: "GET"),
      url: candidate.firstOperand.map { resolve($0, from: scope) }, range: candidate.range,
      urlPieces: firstPieces, base: base)
  }

  static func method(_ options: OptionsMethod, default fallback: String) -> String? {
    switch options {
    case .none, .unstated: return fallback
    case .literal(let method): return method
    case .unknown: return nil
    }
  }
}

/// Which storage reads reach an expression: reads inside it, and reads reaching the names it
/// uses (variables through their values and assignments, functions through their returns).
struct ReadFlow {
  private enum State {
    case visiting
    case done(Set<Int>)
  }

  /// Storage reads as (index into the accesses, range), sorted by start.
  let reads: [(index: Int, range: Range<Int>)]
  private var states: [Int: State] = [:]

  init(reads: [(Int, Range<Int>)]) {
    self.reads = reads.map { (index: $0.0, range: $0.1) }
  }

  mutating func reads(in range: Range<Int>, walk: ScriptWalk) -> Set<Int> {
    var result: Set<Int> = []
    var position = lowerBound(reads.count) { reads[$0].range.lowerBound >= range.lowerBound }
    while position < reads.count, reads[position].range.lowerBound < range.upperBound {
      if reads[position].range.upperBound <= range.upperBound { result.insert(reads[position].index) }
      position += 1
    }
    var use = lowerBound(walk.uses.count) { walk.uses[$0].range.lowerBound >= range.lowerBound }
    while use < walk.uses.count, walk.uses[use].range.lowerBound < range.upperBound {
      let name = walk.source.text(walk.uses[use].range)
      for binding in walk.resolve(name, from: walk.uses[use].scope) {
        result.formUnion(reads(of: binding, walk: walk))
      }
      use += 1
    }
    return result
  }

  private mutating func reads(of index: Int, walk: ScriptWalk) -> Set<Int> {
    switch states[index] {
    case .visiting: return []
    case .done(let result): return result
    case nil: break
    }
    states[index] = .visiting
    let binding = walk.bindings[index]
    var sources = binding.values
    if let start = binding.functionStart, let scope = walk.scopeByStart[start] {
      sources = walk.scopes[scope].returns
    }
    var result: Set<Int> = []
    for source in sources { result.formUnion(reads(in: source, walk: walk)) }
    states[index] = .done(result)
    return result
  }

  /// The first index in `0..<count` for which `isAtOrAfter` holds (it must be monotonic).
  private func lowerBound(_ count: Int, _ isAtOrAfter: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if isAtOrAfter(middle) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}

// MARK: - Grammar tables

/// The fields of the TypeScript and TSX grammars the walk reads, looked up by id so that a hot
/// path never hashes a field name.
enum ScriptField: Int, CaseIterable {
  case alias, alternative, argument, arguments, body, consequence, declaration, function, index, key, left,
    name, object, `operator`, parameter, parameters, pattern, property, right, source, value

  static let typescriptIDs: [UInt16] = allCases.map { Language.typescript.field($0.name) }
  static let tsxIDs: [UInt16] = allCases.map { Language.tsx.field($0.name) }

  var name: String { String(describing: self) }
}

/// The node kinds `ScriptWalk.visit` tells apart, read from a table by symbol id.
enum ScriptKind: UInt8 {
  case other, identifier, shorthandPropertyIdentifier, lexicalDeclaration, variableDeclarator
  case returnStatement, callExpression, assignment, unaryExpression, memberExpression, subscriptExpression
  case importStatement, exportStatement, pair, function
  /// Parentheses, `x!`, `x as T`, `x satisfies T`: the expression is their first named child.
  case typeWrapper
  /// `<T>x`: the expression is the last named child.
  case typeAssertion
  case this, comment

  static let names: [String: ScriptKind] = {
    var names: [String: ScriptKind] = [
      "identifier": .identifier, "shorthand_property_identifier": .shorthandPropertyIdentifier,
      "lexical_declaration": .lexicalDeclaration, "variable_declarator": .variableDeclarator,
      "return_statement": .returnStatement, "call_expression": .callExpression,
      "assignment_expression": .assignment, "augmented_assignment_expression": .assignment,
      "unary_expression": .unaryExpression, "member_expression": .memberExpression,
      "subscript_expression": .subscriptExpression, "import_statement": .importStatement,
      "export_statement": .exportStatement, "pair": .pair, "parenthesized_expression": .typeWrapper,
      "non_null_expression": .typeWrapper, "as_expression": .typeWrapper,
      "satisfies_expression": .typeWrapper,
      "type_assertion": .typeAssertion, "this": .this, "comment": .comment,
    ]
    for type in ScriptWalk.functionTypes { names[type] = .function }
    return names
  }()
  static let typescript: [ScriptKind] = Language.typescript.symbolTable(names, fallback: .other)
  static let tsx: [ScriptKind] = Language.tsx.symbolTable(names, fallback: .other)

  /// The kind of `node`.
  static func of(_ node: Node) -> ScriptKind {
    let table = node.tree.language == .typescript ? typescript : tsx
    let symbol = Int(node.symbol)
    return symbol < table.count ? table[symbol] : .other
  }
}

extension Node {
  /// The child under `field`, by the field's id in this node's grammar.
  func child(_ field: ScriptField) -> Node? {
    let ids = tree.language == .typescript ? ScriptField.typescriptIDs : ScriptField.tsxIDs
    return child(fieldID: ids[field.rawValue])
  }
}
