import ArchCore
import Audit
import Dispatch
import Foundation
import Synchronization

/// `--new-since REV`: the lines added or changed in the audited folder since a git revision,
/// from `git diff --unified=0 REV` (committed, staged and unstaged changes alike) plus the
/// untracked files, which are new as a whole.
enum GitChanges {
  /// The changed lines of the folder `root` (given as `path` on the command line, for messages)
  /// since `revision`, with paths relative to `root` even when it is a subfolder of the repository.
  static func changedLines(root: String, path: String, since revision: String) throws -> ChangedLines {
    let inside = try git(["rev-parse", "--is-inside-work-tree"], in: root)
    guard inside.status == 0, inside.text == "true\n" else {
      throw InputError(path: path, message: "not in a git repository; --new-since compares with its history")
    }
    let resolved = try git(
      ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], in: root)
    guard resolved.status == 0 else {
      let shallow = try git(["rev-parse", "--is-shallow-repository"], in: root)
      if shallow.text == "true\n" {
        throw InputError(
          path: path,
          message: "--new-since: revision '\(revision)' is not in the history of this shallow clone; "
            + "fetch more of it (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)")
      }
      throw InputError(path: path, message: "--new-since: unknown revision '\(revision)'")
    }
    let commit = resolved.text.trimmingCharacters(in: .whitespacesAndNewlines)
    // --relative: only the audited folder, with paths relative to it. The prefixes, colours and
    // external tools a user's configuration may set are overridden.
    let diff = try git(
      [
        "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
        "--find-renames", "--relative", "--src-prefix=a/", "--dst-prefix=b/", commit, "--",
      ], in: root)
    guard diff.status == 0 else { throw failure(diff, command: "git diff", path: path) }
    var changes = ChangedLines.parse(diff: diff.text)
    let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"], in: root)
    guard untracked.status == 0 else { throw failure(untracked, command: "git ls-files", path: path) }
    changes.addWholeFiles(untracked.text.split(separator: "\0").map(String.init))
    return changes
  }

  private static func failure(_ result: Result, command: String, path: String) -> InputError {
    let reason =
      result.errorText.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
    return InputError(path: path, message: "--new-since: \(command) failed: \(reason)")
  }

  struct Result {
    let status: Int32
    let text: String
    let errorText: String
  }

  /// Runs `git arguments...` in `directory`; a git that cannot be started is a usage error.
  static func git(_ arguments: [String], in directory: String) throws -> Result {
    guard let executable = executable() else {
      throw UsageError(
        command: "archverify audit", message: "--new-since needs git, and there is no git on the PATH")
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
    var environment = ProcessInfo.processInfo.environment
    // Read-only use: no index lock taken behind the user's back, never a credentials prompt.
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw UsageError(
        command: "archverify audit",
        message: "--new-since needs git, which cannot be run (\(executable.path))")
    }
    // Standard error is drained on another thread so that neither pipe can fill up and block git.
    let errorText = DrainedText()
    let errorHandle = errors.fileHandleForReading
    DispatchQueue.global().async { errorText.read(errorHandle) }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, text: String(decoding: data, as: UTF8.self),
      errorText: errorText.wait())
  }

  /// `git` in a folder of the PATH.
  static func executable() -> URL? {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return folders.lazy.map { URL(fileURLWithPath: String($0)).appendingPathComponent("git") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// Everything read from a pipe on another thread, handed over once the pipe is closed.
  private final class DrainedText: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    func read(_ handle: FileHandle) {
      let read = handle.readDataToEndOfFile()
      data.withLock { $0 = read }
      done.signal()
    }

    func wait() -> String {
      done.wait()
      return String(decoding: data.withLock { $0 }, as: UTF8.self)
    }
  }
}
