import ArgumentParser

struct ArchverifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "archverify", abstract: "x")
}
