import Foundation
import PackagePlugin

/// Embeds every `*.mustache` file of a target's folder (recursively) in the target, so a copied
/// binary renders them without the source tree. Adding a template is adding its file; no list is
/// edited by hand.
@main
struct TemplatePlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let sourceTarget = target as? SourceModuleTarget else { return [] }
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
    let inputs = sourceTarget.sourceFiles.map(\.url)
      .filter { $0.pathExtension == "mustache" }
      .sorted { $0.path < $1.path }
    return [
      .buildCommand(
        displayName: "Embedding the templates of \(sourceTarget.name) (\(inputs.count) files)",
        executable: try context.tool(named: "RegistryGenerator").url,
        arguments: [output.path, "--templates", sourceTarget.directoryURL.path] + inputs.map(\.path),
        inputFiles: inputs,
        outputFiles: [output]
      )
    ]
  }
}
