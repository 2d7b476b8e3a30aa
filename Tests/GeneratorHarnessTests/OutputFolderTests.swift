import Foundation
import GeneratorHarness
import Testing

@Suite struct OutputFolderTests {
  func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-output-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func plainRelativePathsResolveInsideTheFolder() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = OutputFolder(root: root)
    #expect(try folder.resolve("acme/models/order.py") == folder.root + "/acme/models/order.py")
    try folder.write(Data("x = 1\n".utf8), to: "acme/models/order.py")
    #expect(try String(contentsOfFile: folder.root + "/acme/models/order.py", encoding: .utf8) == "x = 1\n")
  }

  @Test(arguments: [
    ("/etc/passwd", OutputFolder.Refusal.absolute("/etc/passwd")),
    ("", .empty),
    ("../outside.py", .badComponent(path: "../outside.py", component: "..")),
    ("a/../../b", .badComponent(path: "a/../../b", component: "..")),
    ("a//b", .badComponent(path: "a//b", component: "")),
    ("./a", .badComponent(path: "./a", component: ".")),
  ])
  func pathsThatCouldLeaveTheFolderAreRefused(_ path: String, _ refusal: OutputFolder.Refusal) throws {
    let folder = OutputFolder(root: "/tmp/archverify-output-never-created")
    #expect(throws: refusal) { try folder.resolve(path) }
  }

  @Test func aLinkThatLeadsOutIsRefusedAndOneThatStaysInIsNot() throws {
    let root = try temporaryFolder()
    let outside = try temporaryFolder()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside)
    try FileManager.default.createSymbolicLink(atPath: root + "/alias", withDestinationPath: "real")
    let folder = OutputFolder(root: root)
    #expect(throws: OutputFolder.Refusal.throughLink(path: "escape/x.py", link: "escape")) {
      try folder.resolve("escape/x.py")
    }
    #expect(try folder.resolve("alias/x.py") == folder.root + "/alias/x.py")
    #expect(
      OutputFolder.Refusal.throughLink(path: "escape/x.py", link: "escape").description
        == "'escape/x.py' passes through the symbolic link 'escape', which leads out of the output folder")
  }
}
