import ArchCore
import Foundation

/// Writes a report or baseline file atomically: the text goes to a temporary file in the same
/// folder, which is then renamed over the destination, so a reader never sees half a file.
enum OutputFile {
  static func save(_ text: String, to path: String) throws {
    // A device, pipe or socket (`--output /dev/null`, `--output >(...)`) is written in place:
    // renaming a temporary file onto it would replace it with a regular file.
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      try writeInPlace(text, to: path)
      return
    }
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
    var failure = writeAll(Array(text.utf8), to: descriptor)
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary)
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(failure)))")
    }
  }

  /// Writes `text` to an existing file that is not a regular file, without replacing it.
  static func writeInPlace(_ text: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY)
    guard descriptor >= 0 else {
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno)))")
    }
    let failure = writeAll(Array(text.utf8), to: descriptor)
    if close(descriptor) != 0 && failure == 0 {
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno)))")
    }
    if failure != 0 {
      throw InputError(path: path, message: "cannot write the file: \(String(cString: strerror(failure)))")
    }
  }

  /// Writes every byte, retrying interrupted writes; returns 0 or the `errno` of the failure.
  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBufferPointer { buffer in
        write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return errno
      }
      written += count
    }
    return 0
  }
}
