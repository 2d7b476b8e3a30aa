import ArchCore
import Foundation

/// Writes a report or baseline file atomically: the text goes to a temporary file in the same
/// folder, which is then renamed over the destination, so a reader never sees half a file.
enum OutputFile {
  static func save(_ text: String, to path: String) throws {
    let name = (path as NSString).lastPathComponent
    let parent = (path as NSString).deletingLastPathComponent
    let folder = parent.isEmpty ? "." : parent
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw InputError(path: path, message: "cannot write the file: folder '\(folder)' does not exist")
    }
    let temporary = folder + "/.\(name).\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno)))")
    }
    let bytes = Array(text.utf8)
    var written = 0
    var failure: Int32 = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBufferPointer { buffer in
        write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        failure = errno
        break
      }
      written += count
    }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary)
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(failure)))")
    }
  }
}
