import ArchCore
import ArgumentParser
import Foundation

/// `archverify`: the root command. It only groups the subcommands.
struct ArchverifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "archverify",
    abstract: "Verify and score Flask/FastAPI back ends and Next.js front ends.",
    discussion: """
      Exit status: 0 the gate passed (or nothing was gated); 1 the score is below the threshold; \
      2 a usage or input error, explained in one line on standard error.
      """,
    version: ArchverifyVersion.current,
    subcommands: [
      AuditCommand.self, BaselineCommand.self, RulesCommand.self, ExplainCommand.self, GateCommand.self,
      GenerateCommand.self, DriftCommand.self,
    ]
  )

  /// Exit status of a usage or input error.
  static let usageExitCode: Int32 = InputError.exitCode

  /// Parses the arguments, runs the command and exits: 0 passed, 1 gate failed, 2 usage or
  /// input error. ArgumentParser's own usage errors (exit 64) are reported as exit 2.
  static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(0)
    } catch let error as InputError {
      Console.error(error.description)
      Foundation.exit(usageExitCode)
    } catch let error as UsageError {
      Console.error("\(error.command): error: \(error.message)")
      Foundation.exit(usageExitCode)
    } catch let error as ExitCode {
      Foundation.exit(error.rawValue)
    } catch {
      if exitCode(for: error) == .success {
        // --help and --version: ArgumentParser prints them to standard output.
        self.exit(withError: error)
      }
      Console.error(usageLine(for: error, arguments: arguments))
      Foundation.exit(usageExitCode)
    }
  }

  /// `archverify audit: error: <problem> (see 'archverify audit --help')`, on one line. The
  /// command is as deep as the arguments name subcommands (`archverify baseline write`).
  static func usageLine(for error: Error, arguments: [String]) -> String {
    var words = ["archverify"]
    var subcommands = configuration.subcommands
    for argument in arguments {
      guard let next = subcommands.first(where: { $0.configuration.commandName == argument }) else { break }
      words.append(argument)
      subcommands = next.configuration.subcommands
    }
    let command = words.joined(separator: " ")
    let text = message(for: error).split(separator: "\n").first.map(String.init) ?? ""
    let problem = text.isEmpty ? "invalid arguments" : text
    return "\(command): error: \(problem) (see '\(command) --help')"
  }
}

/// A usage problem found while running a command (an unknown rule id), reported like
/// ArgumentParser's own usage errors but without the pointer to `--help`.
struct UsageError: Error {
  /// The command as typed, such as `archverify explain`.
  let command: String
  let message: String
}

/// Writes to the standard streams without buffering, so output and exit status never disagree.
enum Console {
  static func output(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// One message on standard error, with a final line break.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }
}
