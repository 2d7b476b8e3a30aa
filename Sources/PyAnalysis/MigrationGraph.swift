/// The revision graph of one Alembic environment: its revision files, who follows whom, and what
/// keeps it from being one line of history (several heads, parents that do not exist, ids
/// declared twice, cycles). Nodes are files, so two files that share an id are two nodes. A
/// `down_revision` resolves inside the revision's own location (`MigrationRevision.location`)
/// first, and only an id the location does not declare names a revision of another location.
public struct MigrationGraph: Sendable {
  /// A `down_revision` id that names no revision of the graph.
  public struct DanglingParent: Sendable, Hashable {
    /// Index into `revisions` of the revision that names it.
    public let revision: Int
    public let parent: String
  }

  /// The version locations (folders of revision files) whose revisions make up the graph, sorted.
  /// Usually one; locations whose revisions name each other's ids as parents form one graph.
  public let folders: [String]
  /// Every revision file, sorted by id, then path.
  public let revisions: [MigrationRevision]
  /// Indices into `revisions` by id; more than one index for a duplicated id.
  public let indicesByID: [String: [Int]]
  /// For each revision, the indices of the files its `down_revision` names.
  public let parentIndices: [[Int]]
  /// For each revision, the indices of the files whose `down_revision` names it.
  public let childIndices: [[Int]]
  /// Ids no revision of the graph names in its `down_revision`, sorted.
  public let heads: [String]
  /// Parents that name no revision, in revision order.
  public let danglingParents: [DanglingParent]
  /// Groups of indices of files that declare the same id, each sorted, ordered by id.
  public let duplicates: [[Int]]
  /// Groups of indices of revisions that reach themselves through `down_revision` (a revision
  /// naming itself is a group of one), each sorted, ordered by their first index.
  public let cycles: [[Int]]
  /// Every revision index in upgrade order: parents before children, ties by id then path;
  /// revisions held up by a cycle come last, by id then path.
  public let order: [Int]
  /// The schema the revisions build, replayed in `order`.
  public let schema: MigrationSchema

  /// Builds the graph of `revisions` (in any order).
  public init(folders: [String], revisions: [MigrationRevision]) {
    let sorted = revisions.sorted { ($0.id, $0.path) < ($1.id, $1.path) }
    self.folders = folders.sorted()
    self.revisions = sorted
    var byID: [String: [Int]] = [:]
    for (index, revision) in sorted.enumerated() { byID[revision.id, default: []].append(index) }
    indicesByID = byID

    var parents = [[Int]](repeating: [], count: sorted.count)
    var children = [[Int]](repeating: [], count: sorted.count)
    var dangling: [DanglingParent] = []
    var named: Set<String> = []
    for (index, revision) in sorted.enumerated() {
      for parent in Self.unique(revision.parents) {
        named.insert(parent)
        guard let declared = byID[parent] else {
          dangling.append(DanglingParent(revision: index, parent: parent))
          continue
        }
        let local = declared.filter { sorted[$0].location == revision.location }
        let found = local.isEmpty ? declared : local
        parents[index] += found
        for parentIndex in found { children[parentIndex].append(index) }
      }
    }
    parentIndices = parents
    childIndices = children
    danglingParents = dangling
    heads = byID.keys.filter { !named.contains($0) }.sorted()
    duplicates = byID.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    cycles = Self.cycles(children)
    order = Self.upgradeOrder(parents: parents, children: children)
    schema = MigrationSchema(replaying: order.map { sorted[$0] })
  }

  /// The files that declare `id`.
  public func revisions(withID id: String) -> [MigrationRevision] {
    (indicesByID[id] ?? []).map { revisions[$0] }
  }

  /// The ids of the revisions whose `down_revision` names `id`, sorted.
  public func children(of id: String) -> [String] {
    let ids = (indicesByID[id] ?? []).flatMap { childIndices[$0] }.map { revisions[$0].id }
    return Array(Set(ids)).sorted()
  }

  /// The given revisions and every revision that follows one of them, as indices.
  public func descendants(of start: some Sequence<Int>) -> Set<Int> {
    var seen = Set(start)
    var pending = Array(seen)
    while let index = pending.popLast() {
      for child in childIndices[index] where seen.insert(child).inserted { pending.append(child) }
    }
    return seen
  }

  static func unique(_ ids: [String]) -> [String] {
    var seen: Set<String> = []
    return ids.filter { seen.insert($0).inserted }
  }

  /// Parents before children; among revisions ready at once, the smallest index (id, then path).
  static func upgradeOrder(parents: [[Int]], children: [[Int]]) -> [Int] {
    var waiting = parents.map(\.count)
    var ready = MinHeap()
    for (index, count) in waiting.enumerated() where count == 0 { ready.insert(index) }
    var order: [Int] = []
    order.reserveCapacity(parents.count)
    while let index = ready.popMin() {
      order.append(index)
      for child in children[index] {
        waiting[child] -= 1
        if waiting[child] == 0 { ready.insert(child) }
      }
    }
    if order.count < parents.count {
      let placed = Set(order)
      order += parents.indices.filter { !placed.contains($0) }
    }
    return order
  }

  /// Strongly connected components with more than one member, or one member that is its own
  /// child (Tarjan's algorithm, without recursion so that long histories cannot overflow the stack).
  static func cycles(_ children: [[Int]]) -> [[Int]] {
    let count = children.count
    var number = [Int](repeating: -1, count: count)
    var low = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var stack: [Int] = []
    var next = 0
    var result: [[Int]] = []
    func visit(_ node: Int) {
      number[node] = next
      low[node] = next
      next += 1
      stack.append(node)
      onStack[node] = true
    }
    for root in 0..<count where number[root] < 0 {
      visit(root)
      var work: [(node: Int, edge: Int)] = [(root, 0)]
      while let top = work.last {
        let edges = children[top.node]
        if top.edge < edges.count {
          work[work.count - 1].edge += 1
          let child = edges[top.edge]
          if number[child] < 0 {
            visit(child)
            work.append((child, 0))
          } else if onStack[child] {
            low[top.node] = min(low[top.node], number[child])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last { low[parent.node] = min(low[parent.node], low[top.node]) }
        guard low[top.node] == number[top.node] else { continue }
        var component: [Int] = []
        while let member = stack.popLast() {
          onStack[member] = false
          component.append(member)
          if member == top.node { break }
        }
        if component.count > 1 || children[top.node].contains(top.node) {
          result.append(component.sorted())
        }
      }
    }
    return result.sorted { $0[0] < $1[0] }
  }
}

/// A binary min-heap of indices, for the upgrade order.
struct MinHeap {
  private var items: [Int] = []

  mutating func insert(_ value: Int) {
    items.append(value)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func popMin() -> Int? {
    guard let last = items.popLast() else { return nil }
    guard !items.isEmpty else { return last }
    let smallest = items[0]
    items[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var candidate = parent
      if left < items.count && items[left] < items[candidate] { candidate = left }
      if right < items.count && items[right] < items[candidate] { candidate = right }
      if candidate == parent { break }
      items.swapAt(parent, candidate)
      parent = candidate
    }
    return smallest
  }
}
