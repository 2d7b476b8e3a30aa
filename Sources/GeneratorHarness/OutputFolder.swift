import Foundation

/// A folder that generated files are written into, and nothing outside it.
///
/// Every path a generator writes comes from the blueprint (entity and package names) or from an
/// external command, so each is checked before use: it must be relative, made of plain components
/// (no `..`, no empty or `.` components, no NUL), and must not pass through a symbolic link that
/// leads out of the folder.
public struct OutputFolder: Sendable {
  /// The folder, as an absolute, standardized path.
  public let root: String

  public init(root: String) {
    let absolute =
      root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
    self.root = URL(fileURLWithPath: absolute).standardizedFileURL.path
  }

  /// Why a relative path may not be written.
  public enum Refusal: Error, Equatable, CustomStringConvertible {
    case absolute(String)
    case empty
    case badComponent(path: String, component: String)
    case throughLink(path: String, link: String)

    public var description: String {
      switch self {
      case .absolute(let path): return "'\(path)' is an absolute path; generated paths are relative"
      case .empty: return "an empty path names no file"
      case .badComponent(let path, let component):
        return "'\(path)' has the component '\(component)', which could leave the output folder"
      case .throughLink(let path, let link):
        return "'\(path)' passes through the symbolic link '\(link)', which leads out of the output folder"
      }
    }
  }

  /// The absolute path of `relative` inside the folder, or the reason it is refused.
  public func resolve(_ relative: String) throws(Refusal) -> String {
    guard !relative.isEmpty else { throw .empty }
    guard !relative.hasPrefix("/") else { throw .absolute(relative) }
    let components = relative.split(separator: "/", omittingEmptySubsequences: false)
    for component in components {
      if component.isEmpty || component == "." || component == ".." || component.contains("\0") {
        throw .badComponent(path: relative, component: String(component))
      }
    }
    // A link already inside the folder (written by an external generator) must not lead out.
    var current = root
    for component in components {
      current += "/" + component
      if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) {
        let target =
          destination.hasPrefix("/")
          ? destination : (current as NSString).deletingLastPathComponent + "/" + destination
        let resolved = URL(fileURLWithPath: target).standardizedFileURL.resolvingSymlinksInPath().path
        if !contains(absolute: resolved) {
          throw .throughLink(path: relative, link: String(current.dropFirst(root.count + 1)))
        }
      }
    }
    return root + "/" + relative
  }

  /// Whether an absolute, standardized path is the folder or inside it.
  public func contains(absolute path: String) -> Bool {
    let rootResolved = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    return path == root || path.hasPrefix(root + "/") || path == rootResolved
      || path.hasPrefix(rootResolved + "/")
  }

  /// Writes `contents` at `relative`, creating folders as needed.
  public func write(_ contents: Data, to relative: String) throws {
    let path = try resolve(relative)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try contents.write(to: URL(fileURLWithPath: path))
  }
}
