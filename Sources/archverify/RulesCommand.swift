import ArgumentParser
import Reports
import Rules

/// `archverify rules`: list every rule of the run.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List the rules: id, level, category and message.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  func run() throws {
    let descriptions = try RuleSet.load(extraDirectories: rules).descriptions
    switch format {
    case .text: Console.output(RuleCatalog.text(descriptions))
    case .json: Console.output(try RuleCatalog.json(descriptions))
    }
  }
}
