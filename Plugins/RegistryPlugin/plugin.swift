import Foundation
import PackagePlugin

/// Builds the rule registry from data. Applied to `RulePacks` (the top-level `Rules/` folder) it
/// embeds every YAML pack in the binary; applied to `Rules` it registers every
/// `Sources/Rules/<Category>/<Name>Rule.swift` as a semantic rule.
/// Adding a rule is adding its files; no central list is edited by hand.
@main
struct RegistryPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let sourceTarget = target as? SourceModuleTarget else { return [] }
    let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedRegistry.swift")
    let inputs: [URL]
    var arguments = [output.path]
    if sourceTarget.name == "RulePacks" {
      // Every YAML file of the target folder (the top-level `Rules/`) is a pack to embed.
      inputs = sourceTarget.sourceFiles.map(\.url)
        .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
        .sorted { $0.path < $1.path }
      arguments += ["--packs", sourceTarget.directoryURL.path] + inputs.map(\.path)
    } else {
      // Rules sit in category folders directly under the target (`Auth/TokenInWebStorageRule.swift`);
      // `Engine/` holds the machinery.
      inputs = sourceTarget.sourceFiles(withSuffix: "Rule.swift").map(\.url)
        .filter { url in
          let folder = url.deletingLastPathComponent()
          return folder.lastPathComponent != "Engine"
            && folder.deletingLastPathComponent().lastPathComponent == sourceTarget.name
        }
        .sorted { $0.path < $1.path }
      arguments += ["--rules"] + inputs.map(\.path)
    }
    return [
      .buildCommand(
        displayName: "Generating the rule registry of \(sourceTarget.name) (\(inputs.count) files)",
        executable: try context.tool(named: "RegistryGenerator").url,
        arguments: arguments,
        inputFiles: inputs,
        outputFiles: [output]
      )
    ]
  }
}
