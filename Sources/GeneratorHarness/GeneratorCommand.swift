import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An external generator run by `archverify gate`: the command line, with `{staging}` replaced.
public struct GeneratorCommand: Sendable {
  /// The command and its arguments as typed.
  public let arguments: [String]

  public init(_ arguments: [String]) {
    self.arguments = arguments
  }

  /// The command's name as typed, for messages.
  public var name: String { arguments.first ?? "" }

  /// The arguments with every `{staging}` (also inside an argument) replaced by `staging`.
  public func substituting(staging: String) -> [String] {
    arguments.map { $0.replacingOccurrences(of: "{staging}", with: staging) }
  }

  /// How a run ended.
  public enum Ending: Sendable, Equatable {
    case exited(Int32)
    case killedBySignal(Int32)
    case timedOut(seconds: Int)
    case interrupted(signal: Int32)
    case notFound
    case cannotRun(String)
  }

  /// Runs the command in `staging` (its working folder) with `ARCHVERIFY_STAGING` set, its standard
  /// output and error both sent to standard error, in a process group of its own. When the command
  /// ends, whatever it left running in that group is killed; past `timeout` seconds, or when
  /// `interruption` records a signal, the whole group is killed.
  public func run(in staging: String, timeout: Int, interruption: Interruption) -> Ending {
    var environment = ProcessInfo.processInfo.environment
    environment["ARCHVERIFY_STAGING"] = staging
    let argv = substituting(staging: staging)
    let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
    guard !name.isEmpty else { return .notFound }

    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO)
    guard let changeDirectory = Self.addChangeDirectory else {
      return .cannotRun("this system cannot start a command in another folder")
    }
    let changed = changeDirectory(&actions, staging)
    guard changed == 0 else { return .cannotRun(String(cString: strerror(changed))) }
    // A fresh process group (killed as a whole), default signal handling (archverify ignores the
    // signals it watches, and ignored signals would be inherited) and no blocked signals.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in Interruption.watched + [SIGPIPE] { sigaddset(&defaults, signal) }
    var noneBlocked = sigset_t()
    sigemptyset(&noneBlocked)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &noneBlocked)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    var pid: pid_t = 0
    let spawned = withCStrings(argv) { cArguments in
      withCStrings(envp) { cEnvironment in
        posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
      }
    }
    switch spawned {
    case 0: break
    case ENOENT: return .notFound
    default: return .cannotRun(String(cString: strerror(spawned)))
    }
    return wait(for: pid, timeout: timeout, interruption: interruption)
  }

  #if canImport(Darwin)
    typealias FileActions = posix_spawn_file_actions_t?
  #else
    typealias FileActions = posix_spawn_file_actions_t
  #endif

  /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15), looked up at run time
  /// because the C module does not declare it.
  static var addChangeDirectory:
    (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32)?
  {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else {
      return nil
    }
    return unsafeBitCast(
      symbol, to: (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32).self)
  }

  func wait(for pid: pid_t, timeout: Int, interruption: Interruption) -> Ending {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(timeout)
    var status: Int32 = 0
    while true {
      let waited = waitpid(pid, &status, WNOHANG)
      if waited == pid { break }
      if waited < 0 && errno != EINTR { break }
      let signal = interruption.caught
      if signal != 0 || clock.now >= deadline {
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return signal != 0 ? .interrupted(signal: signal) : .timedOut(seconds: timeout)
      }
      usleep(10_000)
    }
    // Whatever the command started in its group and left behind must not keep writing.
    kill(-pid, SIGKILL)
    let terminatingSignal = status & 0x7f
    return terminatingSignal == 0 ? .exited((status >> 8) & 0xff) : .killedBySignal(terminatingSignal)
  }

  /// Why nothing was delivered, in one line, or nil when the command succeeded.
  public func failure(_ ending: Ending) -> String? {
    let command = "'\(name)'"
    switch ending {
    case .exited(0): return nil
    case .exited(let status): return "\(command) exited with status \(status); nothing delivered"
    case .killedBySignal(let signal): return "\(command) was killed by signal \(signal); nothing delivered"
    case .timedOut(let seconds):
      return "\(command) did not finish within \(seconds) s (--timeout) and was stopped; nothing delivered"
    case .interrupted(let signal):
      return "interrupted by signal \(signal) while \(command) was running; nothing delivered"
    case .notFound: return "\(command) was not found; nothing delivered"
    case .cannotRun(let reason): return "\(command) cannot be run: \(reason); nothing delivered"
    }
  }
}

/// Calls `body` with a NUL-terminated array of C strings that lives for the call.
private func withCStrings<Result>(
  _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
) -> Result {
  let pointers = strings.map { strdup($0) } + [nil]
  defer { for pointer in pointers { free(pointer) } }
  return body(pointers)
}

/// Records SIGINT, SIGTERM and SIGHUP instead of dying from them, so that a gate that is
/// interrupted stops its command, removes the staging folder and delivers nothing.
public final class Interruption: Sendable {
  static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  private let received = Atomic<Int32>(0)
  private let sources = Mutex<[any DispatchSourceSignal]>([])

  /// Starts watching the signals; `stop()` restores their default handling.
  public init() {
    sources.withLock { sources in
      for signalNumber in Self.watched {
        ignore(signalNumber)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler { [weak self] in
          _ = self?.received.compareExchange(expected: 0, desired: signalNumber, ordering: .relaxed)
        }
        source.resume()
        sources.append(source)
      }
    }
  }

  /// The first signal received, or 0.
  public var caught: Int32 { received.load(ordering: .relaxed) }

  /// Stops watching and restores the default handling of the signals.
  public func stop() {
    sources.withLock { sources in
      for source in sources { source.cancel() }
      sources = []
    }
    for signalNumber in Self.watched { restoreDefault(signalNumber) }
  }
}

private func ignore(_ signalNumber: Int32) { signal(signalNumber, SIG_IGN) }
private func restoreDefault(_ signalNumber: Int32) { signal(signalNumber, SIG_DFL) }
