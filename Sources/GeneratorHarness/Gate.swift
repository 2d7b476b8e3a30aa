import ArchCore
import Foundation

/// `archverify gate`: runs an external generator in a staging folder, checks that it wrote
/// nowhere else it can see, audits what it wrote and delivers it only when the score passes.
///
/// What counts as writing outside the staging folder (this is not a sandbox; a command can write
/// anywhere its user may): a symbolic link in the staged tree that leads out of it, a file
/// hard-linked to a name outside it, a special file (FIFO, socket, device), and any entry of the
/// target's parent folder (the target itself included) that was created, removed or changed while
/// the command ran. Writes elsewhere on disk are not detected.
public struct Gate: Sendable {
  public let target: DeliveryTarget
  public let command: GeneratorCommand
  /// Seconds the command may run before its process group is killed.
  public let timeout: Int
  public let audit: GateAudit

  public init(target: DeliveryTarget, command: GeneratorCommand, timeout: Int, audit: GateAudit) {
    self.target = target
    self.command = command
    self.timeout = timeout
    self.audit = audit
  }

  /// Why the gate delivered nothing before it could audit (exit status 2).
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
  }

  /// Runs the command, then audits and delivers. Returns the audit (delivered or not); throws
  /// `Failure` when the command failed or wrote outside staging, and `DeliveryError` or an audit
  /// error otherwise. Nothing is left in the parent folder unless it was delivered.
  public func run() throws -> DeliveryOutcome {
    let interruption = Interruption()
    defer { interruption.stop() }
    let before = FolderSnapshot(of: target.parent)
    let staging = try StagingFolder.create(in: target.parent)
    var handedOver = false
    defer { if !handedOver { staging.remove() } }

    let ending = command.run(in: staging.path, timeout: timeout, interruption: interruption)
    if let failure = command.failure(ending) { throw Failure(message: failure) }
    let after = FolderSnapshot(of: target.parent, ignoring: [staging.name])
    do {
      if let change = before.firstChange(comparedWith: after) { throw change }
      _ = try staging.entries()
    } catch let escape as StagingEscape {
      throw Failure(
        message: "'\(command.name)' wrote outside the staging folder: \(escape); nothing delivered")
    }
    handedOver = true
    return try Delivery.run(staging, to: target, audit: audit, interruption: interruption)
  }
}
