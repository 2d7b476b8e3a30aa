import ArgumentParser
import Reports
import Rules
import Scoring

/// `archverify explain`: a rule's rationale and examples, or how the score is computed.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain", abstract: "Explain a rule (rationale and examples) or, with --scoring, the score."
  )

  @Argument(help: ArgumentHelp("The rule to explain, as listed by `archverify rules`.", valueName: "rule-id"))
  var ruleId: String?

  @Flag(help: "Explain how the score and the gate are computed.")
  var scoring = false

  @Option(help: ArgumentHelp("A folder of extra rule packs (repeatable).", valueName: "dir"))
  var rules: [String] = []

  func validate() throws {
    if ruleId == nil && !scoring {
      throw ValidationError("name a rule id or pass --scoring")
    }
    if ruleId != nil && scoring {
      throw ValidationError("pass either a rule id or --scoring, not both")
    }
  }

  func run() throws {
    guard let ruleId else {
      Console.output(Scoring.explanation + "\n")
      return
    }
    let ruleSet = try RuleSet.load(extraDirectories: rules)
    guard let rule = ruleSet.description(ruleId) else {
      throw UsageError(
        command: "archverify explain", message: "unknown rule '\(ruleId)' (see `archverify rules`)")
    }
    Console.output(RuleCatalog.explanation(rule))
  }
}
