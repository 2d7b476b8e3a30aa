import ArchCore
import Foundation
import GeneratorHarness
import Testing

/// A throwaway parent folder for a delivery target, removed when released.
final class ScratchFolder {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "archverify-gate-\(UUID().uuidString)"
      ).standardizedFileURL.path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func write(_ relative: String, _ text: String) throws {
    let file = path + "/" + relative
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: false, encoding: .utf8)
  }

  func entries() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct DeliveryTargetTests {
  @Test func aMissingOrEmptyFolderIsAcceptedAndAnythingElseRefused() throws {
    let scratch = try ScratchFolder()
    #expect(try DeliveryTarget.folder(checking: scratch.path + "/app") == .folder(scratch.path + "/app"))
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/empty", withIntermediateDirectories: false)
    #expect(try DeliveryTarget.folder(checking: scratch.path + "/empty/") == .folder(scratch.path + "/empty"))
    try scratch.write("full/a.py", "x = 1\n")
    try scratch.write("file", "")
    let cases: [(String, String)] = [
      ("full", "the folder is not empty; --out must not exist or be an empty folder"),
      ("file", "exists and is not a folder; --out must not exist or be an empty folder"),
      ("missing/app", "the parent folder '\(scratch.path)/missing' does not exist"),
    ]
    for (name, message) in cases {
      let given = scratch.path + "/" + name
      #expect(throws: InputError(path: given, message: message)) {
        try DeliveryTarget.folder(checking: given)
      }
    }
  }

  @Test func aZipMustBeANewFile() throws {
    let scratch = try ScratchFolder()
    try scratch.write("app.zip", "")
    let given = scratch.path + "/app.zip"
    #expect(throws: InputError(path: given, message: "already exists; --zip must name a new file")) {
      try DeliveryTarget.zip(checking: given)
    }
    let target = try DeliveryTarget.zip(checking: scratch.path + "/new.zip")
    #expect(target.reportPaths.json == scratch.path + "/new.zip.archverify.json")
    #expect(target.reportPaths.sarif == scratch.path + "/new.zip.archverify.sarif")
  }
}

@Suite struct StagingFolderTests {
  @Test func entriesAreSortedAndLinksThatStayInsideAreKept() throws {
    let scratch = try ScratchFolder()
    let staging = try StagingFolder.create(in: scratch.path)
    #expect(staging.name.hasPrefix(".archverify-staging-"))
    try scratch.write(staging.name + "/b/z.py", "")
    try scratch.write(staging.name + "/b/a.py", "")
    try scratch.write(staging.name + "/a.txt", "")
    try FileManager.default.createSymbolicLink(atPath: staging.path + "/c", withDestinationPath: "b/a.py")
    #expect(
      try staging.entries() == [
        .init(path: "a.txt", kind: .file), .init(path: "b", kind: .folder),
        .init(path: "b/a.py", kind: .file),
        .init(path: "b/z.py", kind: .file), .init(path: "c", kind: .link),
      ])
    staging.remove()
    #expect(scratch.entries() == [])
  }

  @Test func whatReachesOutsideIsRefused() throws {
    let scratch = try ScratchFolder()
    let outside = try ScratchFolder()
    try outside.write("secret.txt", "s")
    let staging = try StagingFolder.create(in: scratch.path)
    try FileManager.default.createSymbolicLink(atPath: staging.path + "/up", withDestinationPath: "../..")
    #expect(throws: StagingEscape.linkLeadsOut(path: "up", destination: "../..")) { try staging.entries() }
    #expect(
      StagingEscape.linkLeadsOut(path: "up", destination: "../..").description
        == "the symbolic link 'up' leads out of it (to '../..')")
    try FileManager.default.removeItem(atPath: staging.path + "/up")

    try FileManager.default.linkItem(atPath: outside.path + "/secret.txt", toPath: staging.path + "/copy.txt")
    #expect(throws: StagingEscape.hardLinkOutside(path: "copy.txt")) { try staging.entries() }
    try FileManager.default.removeItem(atPath: staging.path + "/copy.txt")

    // Two names for one file, both inside: nothing leads out.
    try scratch.write(staging.name + "/one.txt", "1")
    try FileManager.default.linkItem(atPath: staging.path + "/one.txt", toPath: staging.path + "/two.txt")
    #expect(try staging.entries().map(\.path) == ["one.txt", "two.txt"])

    #expect(mkfifo(staging.path + "/pipe", 0o600) == 0)
    #expect(throws: StagingEscape.specialFile(path: "pipe")) { try staging.entries() }
    staging.remove()
  }

  @Test func aSnapshotOfTheParentSeesNewChangedAndRemovedEntries() throws {
    let scratch = try ScratchFolder()
    try scratch.write("kept.txt", "1")
    try scratch.write("gone.txt", "1")
    let before = FolderSnapshot(of: scratch.path)
    #expect(before.firstChange(comparedWith: FolderSnapshot(of: scratch.path)) == nil)
    try scratch.write("new.txt", "1")
    #expect(
      before.firstChange(comparedWith: FolderSnapshot(of: scratch.path, ignoring: ["new.txt"])) == nil)
    #expect(
      before.firstChange(comparedWith: FolderSnapshot(of: scratch.path))
        == .changedBeside(name: "new.txt", parent: scratch.path))
    try FileManager.default.removeItem(atPath: scratch.path + "/new.txt")
    try FileManager.default.removeItem(atPath: scratch.path + "/gone.txt")
    #expect(
      before.firstChange(comparedWith: FolderSnapshot(of: scratch.path))
        == .changedBeside(name: "gone.txt", parent: scratch.path))
    try scratch.write("gone.txt", "1")
    try "22".write(toFile: scratch.path + "/kept.txt", atomically: false, encoding: .utf8)
    #expect(
      before.firstChange(comparedWith: FolderSnapshot(of: scratch.path))
        == .changedBeside(name: "gone.txt", parent: scratch.path))
  }
}

@Suite struct DeliveryTests {
  static let cleanApp = "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
  static let untenantedModel = """
    from .extensions import db


    class Order(db.Model):
        id = db.Column(db.Integer, primary_key=True)

    """

  @Test func aPassingTreeIsMovedToTheTargetWithItsReportsBeside() throws {
    let scratch = try ScratchFolder()
    let target = try DeliveryTarget.folder(checking: scratch.path + "/app")
    let staging = try StagingFolder.create(in: scratch.path)
    try scratch.write(staging.name + "/app/__init__.py", Self.cleanApp)
    let outcome = try Delivery.run(staging, to: target, audit: GateAudit())
    #expect(outcome.delivered)
    #expect(outcome.report.root == scratch.path + "/app")
    #expect(scratch.entries() == ["app", "app.archverify.json", "app.archverify.sarif"])
    #expect(
      try String(contentsOfFile: scratch.path + "/app/app/__init__.py", encoding: .utf8) == Self.cleanApp)
  }

  @Test func aFailingTreeIsRemovedAndTheTargetLeftAlone() throws {
    let scratch = try ScratchFolder()
    try FileManager.default.createDirectory(atPath: scratch.path + "/app", withIntermediateDirectories: false)
    let target = try DeliveryTarget.folder(checking: scratch.path + "/app")
    let staging = try StagingFolder.create(in: scratch.path)
    try scratch.write(staging.name + "/app/models.py", Self.untenantedModel)
    let outcome = try Delivery.run(staging, to: target, audit: GateAudit(threshold: 100))
    #expect(!outcome.delivered)
    // Generated output is always multi-tenant: the rule is on even with no tenant-scoped model.
    #expect(outcome.report.findings.map(\.ruleId).contains("tenancy/missing-tenant-column"))
    #expect(scratch.entries() == ["app"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/app") == [])
  }

  @Test func aZipHasTheEntriesInOrderAndNoTemporaryFileIsLeft() throws {
    let scratch = try ScratchFolder()
    let target = try DeliveryTarget.zip(checking: scratch.path + "/app.zip")
    let staging = try StagingFolder.create(in: scratch.path)
    try scratch.write(staging.name + "/pkg/__init__.py", Self.cleanApp)
    try scratch.write(staging.name + "/README.md", "# app\n")
    let outcome = try Delivery.run(staging, to: target, audit: GateAudit())
    #expect(outcome.delivered)
    #expect(scratch.entries() == ["app.zip", "app.zip.archverify.json", "app.zip.archverify.sarif"])
    #expect(try ZipListing.names(scratch.path + "/app.zip") == ["README.md", "pkg/", "pkg/__init__.py"])
  }
}

@Suite struct GeneratorCommandTests {
  @Test func stagingIsSubstitutedInEveryArgument() {
    let command = GeneratorCommand(["gen", "{staging}", "--out={staging}/app", "plain"])
    #expect(command.substituting(staging: "/s") == ["gen", "/s", "--out=/s/app", "plain"])
  }

  @Test func runsInStagingWithTheVariableSetAndReportsHowItEnded() throws {
    let scratch = try ScratchFolder()
    let interruption = Interruption()
    defer { interruption.stop() }
    let script = "printf '%s|%s' \"$PWD\" \"$ARCHVERIFY_STAGING\" > seen.txt; exit 3"
    let ending = GeneratorCommand(["sh", "-c", script]).run(
      in: scratch.path, timeout: 5, interruption: interruption)
    #expect(ending == .exited(3))
    #expect(
      try String(contentsOfFile: scratch.path + "/seen.txt", encoding: .utf8)
        == "\(scratch.path)|\(scratch.path)")
    let missing = GeneratorCommand(["archverify-no-such-generator"])
    #expect(missing.run(in: scratch.path, timeout: 5, interruption: interruption) == .notFound)
    #expect(missing.failure(.notFound) == "'archverify-no-such-generator' was not found; nothing delivered")
    let slow = GeneratorCommand(["sleep", "30"])
    let clock = ContinuousClock()
    let started = clock.now
    #expect(slow.run(in: scratch.path, timeout: 1, interruption: interruption) == .timedOut(seconds: 1))
    #expect(clock.now - started < .seconds(10))
    #expect(
      slow.failure(.timedOut(seconds: 1))
        == "'sleep' did not finish within 1 s (--timeout) and was stopped; nothing delivered")
    #expect(slow.failure(.exited(0)) == nil)
  }
}

/// The entry names of a zip archive, read from its central directory.
enum ZipListing {
  static func names(_ path: String) throws -> [String] {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func little(_ offset: Int, _ count: Int) -> Int {
      (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
    var names: [String] = []
    var offset = 0
    while offset + 46 <= bytes.count {
      if bytes[offset..<offset + 4].elementsEqual([0x50, 0x4b, 0x01, 0x02]) {
        let length = little(offset + 28, 2)
        names.append(String(decoding: bytes[offset + 46..<offset + 46 + length], as: UTF8.self))
        offset += 46 + length + little(offset + 30, 2) + little(offset + 32, 2)
      } else {
        offset += 1
      }
    }
    return names
  }
}
