import TreeSitter

/// What one TypeScript/JavaScript module contains, as plain values with byte ranges.
public struct ScriptFile: Sendable {
  public init() {}
}

/// Builds a `ScriptFile` from a parsed module in one walk of its tree.
public enum ScriptExtractor {
  public static func extract(_ tree: Tree) -> ScriptFile { ScriptFile() }
}
