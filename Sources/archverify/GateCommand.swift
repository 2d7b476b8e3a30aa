import ArgumentParser
import GeneratorHarness

/// `archverify gate`: put any generator behind the audit gate.
struct GateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gate",
    abstract: "Run a generator in a staging folder and deliver its output only if it passes the audit.",
    discussion: """
      COMMAND runs in a fresh staging folder beside the target (its working folder), named in the \
      environment variable ARCHVERIFY_STAGING and in place of every `{staging}` in its arguments; \
      its standard output and error go to standard error. The staged tree is then audited like \
      `archverify audit` (tenancy/missing-tenant-column always on; the generator's own \
      archverify.yml, .gitignore files and suppression comments do not apply, use --config) and, \
      only when the score reaches the threshold, moved to \
      --out in one rename (or archived to --zip), with the reports written beside it as \
      <target>.archverify.json and <target>.archverify.sarif. Otherwise the staging folder is \
      removed and the target is left untouched.

      Writing outside staging is refused, not prevented (this is not a sandbox): detected are a \
      symbolic link in the staged tree that leads out of it, a file hard-linked to a name outside \
      it, a FIFO, socket or device file, and any entry of the target's parent folder (the target \
      included) created, removed or changed while COMMAND ran. Writes anywhere else, and processes \
      that leave COMMAND's process group and keep running, are not detected.

      Exit status: 0 delivered; 1 the score is below the threshold, nothing delivered; 2 a usage or \
      input error, or COMMAND was not found, failed, timed out or wrote outside staging: nothing \
      delivered.
      """
  )

  @OptionGroup var delivery: DeliveryOptions

  @Option(help: ArgumentHelp("Seconds COMMAND may run before it is stopped.", valueName: "seconds"))
  var timeout = 600

  @Argument(parsing: .postTerminator, help: ArgumentHelp("The generator and its arguments, after `--`."))
  var command: [String] = []

  func validate() throws {
    if timeout < 1 { throw ValidationError("--timeout must be at least 1 second (got \(timeout))") }
    if command.isEmpty { throw ValidationError("give the command to run after `--`") }
  }

  func run() throws {
    let (target, given) = try delivery.target()
    let gate = Gate(
      target: target, command: GeneratorCommand(command), timeout: timeout, audit: try delivery.audit())
    let outcome = try DeliveryOptions.delivering {
      do {
        return try gate.run()
      } catch let failure as Gate.Failure {
        throw UsageError(command: "archverify gate", message: failure.message)
      }
    }
    try DeliveryOptions.report(outcome, command: "archverify gate", given: given)
  }
}
