import ArchCore
/// The project's Alembic history: the revision graph of each environment and the schema the
/// revisions build. Built once per run from the Python files in `versions/` folders, from their
/// `PythonFile` facts alone.
///
/// Files are read from under a `versions` folder (the nearest one above a file, so
/// `versions/2024/x.py` is read as part of `versions`). Each folder of revision files is a version
/// location, since Alembic's `recursive_version_locations` is off by default: `versions/legacy/`
/// is a location apart from `versions/`. Each location is one environment with its own graph,
/// except that locations whose revisions name ids the other declares (and their own location does
/// not) in `down_revision` are one graph (Alembic's several `version_locations`).
public struct MigrationHistory: Sendable {
  /// One graph per environment, ordered by first folder.
  public let graphs: [MigrationGraph]
  /// The `versions` folders that hold a revision or a module importing `alembic` (with `anyFolder`,
  /// also the other folders that hold a revision), sorted.
  public let versionsFolders: [String]
  /// The tables and columns all environments build: for a name in several environments, the
  /// first table that exists.
  public let schema: MigrationSchema

  /// No migrations at all.
  public init() {
    graphs = []
    versionsFolders = []
    schema = MigrationSchema()
  }

  /// Reads the revisions of `files`; files outside a `versions` folder are ignored, unless
  /// `anyFolder` is set: then a module anywhere that imports `alembic` and assigns a literal
  /// `revision` and a `down_revision` is a revision too, with its own folder as its `versions`
  /// folder (for projects whose `alembic.ini` points `version_locations` at another folder).
  public init(files: [(path: String, file: PythonFile)], anyFolder: Bool = false) {
    var revisionsByFolder: [String: [MigrationRevision]] = [:]
    var folders: Set<String> = []
    for (path, file) in files {
      if let folder = Self.versionsFolder(of: path) {
        if let revision = MigrationRevision(path: path, folder: folder, file: file) {
          revisionsByFolder[revision.location, default: []].append(revision)
          folders.insert(folder)
        } else if file.imports(module: "alembic") {
          folders.insert(folder)
        }
      } else if anyFolder, file.imports(module: "alembic"),
        let revision = MigrationRevision(path: path, folder: Self.folder(of: path), file: file),
        revision.downRevisionOffset != nil
      {
        revisionsByFolder[revision.location, default: []].append(revision)
        folders.insert(revision.folder)
      }
    }
    versionsFolders = folders.sorted()
    let locations = revisionsByFolder.keys.sorted()

    // A parent missing from its own location but declared in another joins the two locations.
    var idsByFolder: [String: Set<String>] = [:]
    for (folder, revisions) in revisionsByFolder { idsByFolder[folder] = Set(revisions.map(\.id)) }
    var foldersByID: [String: [String]] = [:]
    for folder in locations {
      for id in idsByFolder[folder] ?? [] { foldersByID[id, default: []].append(folder) }
    }
    var groups = FolderGroups(locations)
    for folder in locations {
      let own = idsByFolder[folder] ?? []
      for revision in revisionsByFolder[folder] ?? [] {
        for parent in revision.parents where !own.contains(parent) {
          for other in foldersByID[parent] ?? [] { groups.join(folder, other) }
        }
      }
    }
    graphs = groups.groups.map { members in
      MigrationGraph(folders: members, revisions: members.flatMap { revisionsByFolder[$0] ?? [] })
    }
    schema = MigrationSchema(merging: graphs.map(\.schema))
  }

  /// Whether the project has an Alembic `versions` folder.
  public var hasVersionsFolder: Bool { !versionsFolders.isEmpty }

  /// The creations of every revision whose table or column is not written as a literal.
  public var unresolvedOperations: [UnresolvedOperation] { revisions.flatMap(\.unresolved) }

  /// Tables that revisions alter, drop or rename but that no revision of any environment creates,
  /// sorted: a sign that the history starts from a schema made outside Alembic (`create_all()`
  /// followed by `alembic stamp`, or a history whose first revisions were deleted).
  public var baselineTables: [String] {
    var created: Set<String> = []
    var touched: Set<String> = []
    for graph in graphs {
      for (name, table) in graph.schema.tables {
        touched.insert(name)
        if table.created != nil { created.insert(name) }
      }
    }
    return touched.subtracting(created).sorted()
  }

  /// Every revision of every graph.
  public var revisions: [MigrationRevision] { graphs.flatMap(\.revisions) }

  /// The graph that holds the revision file at `path`.
  public func graph(containing path: String) -> MigrationGraph? {
    graphs.first { graph in graph.revisions.contains { $0.path == path } }
  }

  /// The folder that holds `path` (`app/migrations` for `app/migrations/a1_init.py`).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  /// The nearest folder called `versions` above `path` (`migrations/versions` for
  /// `migrations/versions/a1_init.py`), or nil.
  public static func versionsFolder(of path: String) -> String? {
    guard TextSearch.contains(path, "versions/") else { return nil }
    let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    guard let last = components.lastIndex(of: "versions") else { return nil }
    return components[...last].joined(separator: "/")
  }
}

/// Disjoint sets of folders (union-find), listed in a stable order.
private struct FolderGroups {
  let folders: [String]
  var parent: [Int]
  let indexOf: [String: Int]

  init(_ folders: [String]) {
    self.folders = folders
    parent = Array(folders.indices)
    var indexOf: [String: Int] = [:]
    for (index, folder) in folders.enumerated() { indexOf[folder] = index }
    self.indexOf = indexOf
  }

  mutating func root(_ index: Int) -> Int {
    var current = index
    while parent[current] != current {
      parent[current] = parent[parent[current]]
      current = parent[current]
    }
    return current
  }

  mutating func join(_ first: String, _ second: String) {
    guard let a = indexOf[first], let b = indexOf[second] else { return }
    let rootA = root(a)
    let rootB = root(b)
    if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
  }

  /// The groups, each sorted, ordered by their first folder.
  var groups: [[String]] {
    var copy = self
    var byRoot: [Int: [String]] = [:]
    for index in folders.indices { byRoot[copy.root(index), default: []].append(folders[index]) }
    return byRoot.keys.sorted().compactMap { byRoot[$0] }
  }
}
