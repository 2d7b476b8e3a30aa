import ArchCore
import ArgumentParser
import Foundation
import GeneratorHarness

/// `archverify drift`: compare a hand-edited project with the blueprint it came from.
struct DriftCommand: ParsableCommand {
  /// How the drift report is printed.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  static let configuration = CommandConfiguration(
    commandName: "drift",
    abstract: "Compare a project with its blueprint: models, columns, CRUD routes and the OpenAPI spec.",
    discussion: """
      Reports entities without a model, models without an entity, fields and columns that differ \
      in name or type, CRUD routes missing or extra, and entities missing from the OpenAPI spec. \
      Exit status: 0 no drift; 1 drift found; 2 a usage or input error (a malformed blueprint, a \
      missing folder).
      """
  )

  @Option(help: ArgumentHelp("The blueprint the project was generated from.", valueName: "file"))
  var blueprint: String

  @Argument(help: "The project folder.")
  var path: String = "."

  @Option(help: "The report format.")
  var format: Format = .text

  func run() throws {
    let report = try Drift.run(blueprintPath: blueprint, projectPath: path)
    Console.output(format == .json ? try report.json() : report.text)
    if report.hasDrift { throw ExitCode(1) }
  }
}
