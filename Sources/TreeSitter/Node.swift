import CTreeSitter

/// A syntax node. Holds its tree, so the tree outlives every node taken from it.
/// Nodes are not `Sendable`: a tree stays in the task that parsed it.
public struct Node {
  let raw: TSNode
  public let tree: Tree

  init(raw: TSNode, tree: Tree) {
    self.raw = raw
    self.tree = tree
  }

  private func wrap(_ node: TSNode) -> Node? {
    ts_node_is_null(node) ? nil : Node(raw: node, tree: tree)
  }

  /// The grammar's name for this node's kind (`call`, `identifier`, ...).
  public var type: String {
    let symbol = Int(ts_node_symbol(raw))
    let names = tree.names.symbolNames
    return symbol < names.count ? names[symbol] : String(cString: ts_node_type(raw))
  }
  /// The grammar's numeric symbol for this node's kind; cheaper to compare than `type`.
  public var symbol: UInt16 { ts_node_symbol(raw) }
  public var isNamed: Bool { ts_node_is_named(raw) }
  public var isMissing: Bool { ts_node_is_missing(raw) }
  public var isError: Bool { type == "ERROR" }
  public var hasError: Bool { ts_node_has_error(raw) }

  public var startByte: Int { Int(ts_node_start_byte(raw)) }
  public var endByte: Int { Int(ts_node_end_byte(raw)) }
  public var byteRange: Range<Int> { startByte..<max(startByte, endByte) }
  /// Zero-based row of the node's first byte.
  public var startRow: Int { Int(ts_node_start_point(raw).row) }

  /// The node's source text.
  public var text: String { tree.source.text(byteRange) }

  public var parent: Node? { wrap(ts_node_parent(raw)) }
  public var childCount: Int { Int(ts_node_child_count(raw)) }
  public var namedChildCount: Int { Int(ts_node_named_child_count(raw)) }
  public func child(_ index: Int) -> Node? { wrap(ts_node_child(raw, UInt32(index))) }
  public func namedChild(_ index: Int) -> Node? { wrap(ts_node_named_child(raw, UInt32(index))) }
  public var nextSibling: Node? { wrap(ts_node_next_sibling(raw)) }
  public var previousSibling: Node? { wrap(ts_node_prev_sibling(raw)) }
  public var nextNamedSibling: Node? { wrap(ts_node_next_named_sibling(raw)) }
  public var previousNamedSibling: Node? { wrap(ts_node_prev_named_sibling(raw)) }

  /// The child stored under a grammar field (`function`, `arguments`, `left`, ...).
  public func child(field: String) -> Node? {
    guard let id = tree.names.fieldIds[field] else { return nil }
    return wrap(ts_node_child_by_field_id(raw, id))
  }

  /// The child stored under the field with id `id` (see `Language.field(_:)`); the cheap form of
  /// `child(field:)` for hot paths.
  public func child(fieldID id: UInt16) -> Node? {
    id == 0 ? nil : wrap(ts_node_child_by_field_id(raw, id))
  }

  /// Calls `body` with each named child in order, without collecting them.
  public func forEachNamedChild(_ body: (Node) -> Void) {
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    guard ts_tree_cursor_goto_first_child(&cursor) else { return }
    repeat {
      let node = ts_tree_cursor_current_node(&cursor)
      if ts_node_is_named(node) { body(Node(raw: node, tree: tree)) }
    } while ts_tree_cursor_goto_next_sibling(&cursor)
  }

  /// The first named child that satisfies `predicate`.
  public func firstNamedChild(where predicate: (Node) -> Bool) -> Node? {
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    guard ts_tree_cursor_goto_first_child(&cursor) else { return nil }
    repeat {
      let node = ts_tree_cursor_current_node(&cursor)
      if ts_node_is_named(node) {
        let wrapped = Node(raw: node, tree: tree)
        if predicate(wrapped) { return wrapped }
      }
    } while ts_tree_cursor_goto_next_sibling(&cursor)
    return nil
  }

  /// All children, named and anonymous.
  public var children: [Node] {
    var result: [Node] = []
    result.reserveCapacity(childCount)
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    if ts_tree_cursor_goto_first_child(&cursor) {
      repeat {
        result.append(Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree))
      } while ts_tree_cursor_goto_next_sibling(&cursor)
    }
    return result
  }

  /// The named children only.
  public var namedChildren: [Node] {
    var result: [Node] = []
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    if ts_tree_cursor_goto_first_child(&cursor) {
      repeat {
        let node = ts_tree_cursor_current_node(&cursor)
        if ts_node_is_named(node) { result.append(Node(raw: node, tree: tree)) }
      } while ts_tree_cursor_goto_next_sibling(&cursor)
    }
    return result
  }

  /// The field name under which child `index` is stored, if any.
  public func fieldName(ofChild index: Int) -> String? {
    ts_node_field_name_for_child(raw, UInt32(index)).map { String(cString: $0) }
  }

  /// The nearest ancestor (not self) whose type is one of `types`.
  public func ancestor(ofType types: Set<String>) -> Node? {
    var current = parent
    while let node = current {
      if types.contains(node.type) { return node }
      current = node.parent
    }
    return nil
  }

  /// Visits this node and every descendant in document order. Return false to skip a subtree.
  public func walk(_ visit: (Node) -> Bool) {
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    var descend = visit(self)
    while true {
      if descend && ts_tree_cursor_goto_first_child(&cursor) {
        descend = visit(Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree))
        continue
      }
      while !ts_tree_cursor_goto_next_sibling(&cursor) {
        if !ts_tree_cursor_goto_parent(&cursor) { return }
      }
      descend = visit(Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree))
    }
  }

  /// Visits, in document order, only the nodes whose symbol is set in `mask` (see
  /// `Language.symbolMask`); the rest are stepped over without being wrapped. Return false from
  /// `visit` to skip a visited node's subtree.
  public func walk(matching mask: [Bool], _ visit: (Node) -> Bool) {
    func wanted(_ node: TSNode) -> Bool {
      let symbol = Int(ts_node_symbol(node))
      return symbol < mask.count && mask[symbol]
    }
    var cursor = ts_tree_cursor_new(raw)
    defer { ts_tree_cursor_delete(&cursor) }
    var descend = wanted(raw) ? visit(self) : true
    while true {
      if descend && ts_tree_cursor_goto_first_child(&cursor) {
        let current = ts_tree_cursor_current_node(&cursor)
        descend = wanted(current) ? visit(Node(raw: current, tree: tree)) : true
        continue
      }
      while !ts_tree_cursor_goto_next_sibling(&cursor) {
        if !ts_tree_cursor_goto_parent(&cursor) { return }
      }
      let current = ts_tree_cursor_current_node(&cursor)
      descend = wanted(current) ? visit(Node(raw: current, tree: tree)) : true
    }
  }

  /// Whether two values denote the same node.
  public func isSame(as other: Node) -> Bool { ts_node_eq(raw, other.raw) }

  /// The S-expression of the subtree, for tests and debugging.
  public var sExpression: String {
    guard let chars = ts_node_string(raw) else { return "" }
    defer { free(chars) }
    return String(cString: chars)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Node {
  /// The smallest node that spans `range`.
  public func descendant(forByteRange range: Range<Int>) -> Node? {
    let node = ts_node_descendant_for_byte_range(raw, UInt32(range.lowerBound), UInt32(range.upperBound))
    return ts_node_is_null(node) ? nil : Node(raw: node, tree: tree)
  }
}
