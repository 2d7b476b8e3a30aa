import Foundation
import PackagePlugin

/// Builds the rule registry from data: every `Rules/**/*.yaml` pack is embedded in the binary,
/// and every `Sources/Rules/<Category>/<Name>Rule.swift` is registered as a semantic rule.
/// Adding a rule is adding its files; no central list is edited by hand.
@main
struct RegistryPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let sourceTarget = target as? SourceModuleTarget else { return [] }
    // Rules sit in category folders directly under the target (`Auth/TokenInWebStorageRule.swift`);
    // `Engine/` holds the machinery.
    let ruleSources = sourceTarget.sourceFiles(withSuffix: "Rule.swift").map(\.url)
      .filter { url in
        let folder = url.deletingLastPathComponent()
        return folder.lastPathComponent != "Engine"
          && folder.deletingLastPathComponent().lastPathComponent == sourceTarget.name
      }
      .sorted { $0.path < $1.path }

    let packsDir = context.package.directoryURL.appending(path: "Rules")
    var packs: [URL] = []
    if let enumerator = FileManager.default.enumerator(at: packsDir, includingPropertiesForKeys: nil) {
      for case let url as URL in enumerator where url.pathExtension == "yaml" || url.pathExtension == "yml" {
        packs.append(url.standardizedFileURL)
      }
    }
    packs.sort { $0.path < $1.path }

    let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedRegistry.swift")
    var arguments = [output.path, packsDir.standardizedFileURL.path, "--packs"]
    arguments += packs.map(\.path)
    arguments += ["--rules"] + ruleSources.map(\.path)
    return [
      .buildCommand(
        displayName: "Generating the rule registry (\(packs.count) packs, \(ruleSources.count) rules)",
        executable: try context.tool(named: "RegistryGenerator").url,
        arguments: arguments,
        inputFiles: packs + ruleSources,
        outputFiles: [output]
      )
    ]
  }
}
