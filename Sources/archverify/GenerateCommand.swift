import ArchCore
import ArgumentParser
import Foundation
import GeneratorHarness

/// `archverify generate`: render a blueprint into a Flask application behind the audit gate.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a Flask application from a blueprint and deliver it only if it passes the audit.",
    discussion: """
      BLUEPRINT is YAML (see examples/blueprints/): the product's name, stack (flask), tenancy, roles, \
      integrations, compliance flags and entities with typed fields. The application (the Flask \
      back end with its migrations, tests and openapi.yaml, the Next.js front end, the operations \
      files and documents) is rendered into a fresh staging folder beside the target, then audited \
      like `archverify audit` (tenancy/missing-tenant-column always on, use --config for settings) \
      and, only when the score reaches the threshold, moved to --out in one rename (or archived to \
      --zip), with the reports written beside it as <target>.archverify.json and \
      <target>.archverify.sarif. Otherwise the staging folder is removed and the target is left \
      untouched. The same blueprint always gives byte-identical files.

      Standard output carries the text report; standard error one line with the verdict: \
      `delivered DIR (score N/100, F files in T s)` (F files rendered in T seconds), or why nothing \
      was delivered.

      Exit status: 0 delivered; 1 the score is below the threshold, nothing delivered; 2 a usage or \
      input error (a malformed blueprint, with its line and column; --out not empty; --zip exists), \
      nothing written.
      """
  )

  @Argument(help: ArgumentHelp("The blueprint to generate from.", valueName: "blueprint"))
  var blueprint: String

  @OptionGroup var delivery: DeliveryOptions

  func run() throws {
    let loaded = try Blueprint.load(path: blueprint)
    guard loaded.stack == .flask else {
      throw InputError(
        path: blueprint,
        message: "stack '\(loaded.stack.rawValue)' cannot be generated yet; generate renders stack 'flask'")
    }
    let renderer: FlaskProjectRenderer
    do {
      renderer = try FlaskProjectRenderer(blueprint: loaded)
    } catch {
      throw InputError(path: blueprint, message: error.description)
    }
    let (target, given) = try delivery.target()
    let audit = try delivery.audit()

    let interruption = Interruption()
    defer { interruption.stop() }
    let staging = try StagingFolder.create(in: target.parent)
    let clock = ContinuousClock()
    let started = clock.now
    let files: [GeneratedFile]
    do {
      files = try renderer.render()
      let folder = OutputFolder(root: staging.path)
      for file in files { try folder.write(Data(file.contents.utf8), to: file.path) }
    } catch {
      staging.remove()
      throw UsageError(
        command: "archverify generate", message: "cannot render \(blueprint): \(error); nothing delivered")
    }
    let seconds = (clock.now - started) / .seconds(1)
    let outcome = try DeliveryOptions.delivering {
      try Delivery.run(staging, to: target, audit: audit, interruption: interruption)
    }
    try DeliveryOptions.report(
      outcome, command: "archverify generate", given: given,
      details: "\(files.count) files in \(String(format: "%.2f", seconds)) s")
  }
}
