import ArchCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a gated tree is delivered: a folder (`--out DIR`) or a zip archive (`--zip FILE`).
public enum DeliveryTarget: Sendable, Equatable {
  case folder(String)
  case zip(String)

  /// The folder or archive, as an absolute, standardized path.
  public var path: String {
    switch self {
    case .folder(let path), .zip(let path): return path
    }
  }

  /// The folder that holds the target, the staging folder and the reports.
  public var parent: String { (path as NSString).deletingLastPathComponent }

  /// The reports written beside the target: `<target>.archverify.json` and `.archverify.sarif`.
  public var reportPaths: (json: String, sarif: String) {
    (path + ".archverify.json", path + ".archverify.sarif")
  }

  /// A folder target, checked: it must not exist or be an empty folder, and its parent must be a
  /// writable folder. `given` is the path as typed, used in messages.
  public static func folder(checking given: String) throws(InputError) -> DeliveryTarget {
    let path = absolute(given)
    try checkParent(of: path, given: given)
    var status = stat()
    if lstat(path, &status) == 0 {
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw InputError(
          path: given, message: "exists and is not a folder; --out must not exist or be an empty folder")
      }
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
      guard entries.isEmpty else {
        throw InputError(
          path: given, message: "the folder is not empty; --out must not exist or be an empty folder")
      }
    }
    return .folder(path)
  }

  /// A zip target, checked: the file must not exist and its parent must be a writable folder.
  public static func zip(checking given: String) throws(InputError) -> DeliveryTarget {
    let path = absolute(given)
    try checkParent(of: path, given: given)
    var status = stat()
    guard lstat(path, &status) != 0 else {
      throw InputError(path: given, message: "already exists; --zip must name a new file")
    }
    return .zip(path)
  }

  static func absolute(_ given: String) -> String {
    let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
    return URL(fileURLWithPath: path).standardizedFileURL.path
  }

  static func checkParent(of path: String, given: String) throws(InputError) {
    let parent = (path as NSString).deletingLastPathComponent
    guard path != "/", !parent.isEmpty else {
      throw InputError(path: given, message: "cannot deliver to the root folder")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw InputError(path: given, message: "the parent folder '\(parent)' does not exist")
    }
    guard access(parent, W_OK | X_OK) == 0 else {
      throw InputError(path: given, message: "cannot write into the parent folder '\(parent)'")
    }
  }
}

/// A fresh, hidden folder beside the delivery target (`<parent>/.archverify-staging-<random>`),
/// on the same file system, so that delivering it is one atomic `rename`.
public struct StagingFolder: Sendable {
  /// The folder, as an absolute path.
  public let path: String

  /// Creates the staging folder in `parent`.
  public static func create(in parent: String) throws(InputError) -> StagingFolder {
    // mkdir, not mkdtemp: the folder is delivered as it is, so it gets the usual mode (umask).
    while true {
      let path = parent + "/.archverify-staging-" + UUID().uuidString.prefix(12).lowercased()
      if mkdir(path, 0o777) == 0 { return StagingFolder(path: path) }
      guard errno == EEXIST else {
        throw InputError(
          path: parent, message: "cannot create a staging folder: \(String(cString: strerror(errno)))")
      }
    }
  }

  /// The folder's name in its parent.
  public var name: String { (path as NSString).lastPathComponent }

  /// Removes the folder and everything in it (symbolic links are removed, never followed).
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// One entry of the staged tree.
  public struct Entry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, folder, link }
    /// The path relative to the staging folder, `/`-separated.
    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
      self.path = path
      self.kind = kind
    }
  }

  /// Every entry of the tree in a deterministic order (sorted by path, a folder before its contents),
  /// after checking that none of it reaches outside the folder: a symbolic link that leads out, a
  /// file hard-linked to a name outside, or a special file (FIFO, socket, device) is refused.
  public func entries() throws(StagingEscape) -> [Entry] {
    var entries: [Entry] = []
    var linkCounts: [UInt64: (path: String, links: Int, seen: Int)] = [:]
    var pending = [""]
    let folder = OutputFolder(root: path)
    while let relativeFolder = pending.popLast() {
      let absoluteFolder = relativeFolder.isEmpty ? path : path + "/" + relativeFolder
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: absoluteFolder)) ?? []).sorted()
      var subfolders: [String] = []
      for name in names {
        let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
        var status = stat()
        guard lstat(path + "/" + relative, &status) == 0 else { continue }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
          entries.append(Entry(path: relative, kind: .folder))
          subfolders.append(relative)
        case S_IFLNK:
          do {
            _ = try folder.resolve(relative)
          } catch {
            let destination =
              (try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/" + relative)) ?? "?"
            throw .linkLeadsOut(path: relative, destination: destination)
          }
          entries.append(Entry(path: relative, kind: .link))
        case S_IFREG:
          if status.st_nlink > 1 {
            let key = UInt64(status.st_ino)
            let known = linkCounts[key] ?? (relative, Int(status.st_nlink), 0)
            linkCounts[key] = (known.path, known.links, known.seen + 1)
          }
          entries.append(Entry(path: relative, kind: .file))
        default:
          throw .specialFile(path: relative)
        }
      }
      pending.append(contentsOf: subfolders.reversed())
    }
    if let shared = linkCounts.values.filter({ $0.seen < $0.links }).map(\.path).min() {
      throw .hardLinkOutside(path: shared)
    }
    return entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
  }
}

/// Something in the staging folder that reaches outside it.
public enum StagingEscape: Error, Equatable, CustomStringConvertible {
  case linkLeadsOut(path: String, destination: String)
  case hardLinkOutside(path: String)
  case specialFile(path: String)
  case changedBeside(name: String, parent: String)

  public var description: String {
    switch self {
    case .linkLeadsOut(let path, let destination):
      return "the symbolic link '\(path)' leads out of it (to '\(destination)')"
    case .hardLinkOutside(let path):
      return "'\(path)' is hard-linked to a file outside it"
    case .specialFile(let path):
      return "'\(path)' is not a file, folder or symbolic link"
    case .changedBeside(let name, let parent):
      return "'\(name)' was created, changed or removed in '\(parent)'"
    }
  }
}

/// The entries of the target's parent folder, with what identifies their state (inode, type, size,
/// modification and status-change times), to find a command that wrote beside the staging folder.
public struct FolderSnapshot: Sendable, Equatable {
  struct Stamp: Sendable, Equatable {
    let inode: UInt64
    let mode: UInt32
    let size: Int64
    let modified: [Int]
    let changed: [Int]
  }

  let folder: String
  let stamps: [String: Stamp]

  /// The state of `folder`'s entries now, leaving out the entries named in `ignoring`.
  public init(of folder: String, ignoring: Set<String> = []) {
    self.folder = folder
    var stamps: [String: Stamp] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    where !ignoring.contains(name) {
      var status = stat()
      guard lstat(folder + "/" + name, &status) == 0 else { continue }
      #if canImport(Darwin)
        let modified = [Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec)]
        let changed = [Int(status.st_ctimespec.tv_sec), Int(status.st_ctimespec.tv_nsec)]
      #else
        let modified = [Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
        let changed = [Int(status.st_ctim.tv_sec), Int(status.st_ctim.tv_nsec)]
      #endif
      stamps[name] = Stamp(
        inode: UInt64(status.st_ino), mode: UInt32(status.st_mode), size: Int64(status.st_size),
        modified: modified, changed: changed)
    }
    self.stamps = stamps
  }

  /// The first entry (by name) that was added, removed or changed between `self` and `later`.
  public func firstChange(comparedWith later: FolderSnapshot) -> StagingEscape? {
    let names = Set(stamps.keys).union(later.stamps.keys).sorted()
    guard let name = names.first(where: { stamps[$0] != later.stamps[$0] }) else { return nil }
    return .changedBeside(name: name, parent: folder)
  }
}
