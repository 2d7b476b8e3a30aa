import Foundation
import Testing

/// What one run of the built `archverify` binary printed, and its exit status.
struct RunResult: Sendable, Equatable {
  let stdout: String
  let stderr: String
  let status: Int32
}

/// Runs the `archverify` binary that `swift test` built next to the test bundle.
enum Archverify {
  /// The binary: `ARCHVERIFY_BINARY` when set, else `archverify` in the folder of the test bundle
  /// (the build products folder of whatever scratch path the tests were built with).
  static func binary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["ARCHVERIFY_BINARY"] {
      return URL(fileURLWithPath: path)
    }
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL {
      candidates.append(executable.deletingLastPathComponent().appendingPathComponent("archverify"))
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("archverify"))
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
    else {
      throw BinaryNotFound(searched: candidates.map(\.path))
    }
    return found
  }

  struct BinaryNotFound: Error, CustomStringConvertible {
    let searched: [String]
    var description: String {
      "archverify binary not found (looked at \(searched.joined(separator: ", "))); set ARCHVERIFY_BINARY"
    }
  }

  /// Runs `archverify arguments...` in `directory` with a plain environment: no colour
  /// variables, 80 columns, and `extraEnvironment` on top.
  static func run(
    _ arguments: [String], in directory: URL, environment extraEnvironment: [String: String] = [:],
    executable: URL? = nil
  ) throws -> RunResult {
    let process = Process()
    process.executableURL = try executable ?? binary()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    environment["COLUMNS"] = "80"
    environment["RECORD_SNAPSHOTS"] = nil
    environment.merge(extraEnvironment) { _, new in new }
    process.environment = environment
    // Files rather than pipes: a large report cannot fill a pipe and block the child.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return RunResult(
      stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8),
      status: process.terminationStatus)
  }
}

/// A throwaway project folder, removed when the value is released.
final class TemporaryProject {
  let url: URL

  init(_ files: [String: String]) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-project-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (path, text) in files { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: false, encoding: .utf8)
  }

  func read(_ path: String) throws -> String {
    try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
  }

  func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path)
  }

  /// Runs archverify with the project as the working folder.
  func run(_ arguments: String..., environment: [String: String] = [:]) throws -> RunResult {
    try Archverify.run(arguments, in: url, environment: environment)
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}
