import CTreeSitter
import TreeSitterGrammars

/// A grammar archverify parses with. Each case maps to one compiled tree-sitter language.
public enum Language: String, Sendable, CaseIterable, Codable, Comparable {
  case python
  case typescript
  case tsx

  /// The language for a file name, by extension: `.py` is Python, `.ts` TypeScript, and
  /// `.tsx`, `.jsx`, `.js`, `.mjs`, `.cjs` go through the TSX grammar (a superset of JavaScript).
  public init?(fileName: String) {
    guard let dot = fileName.lastIndex(of: ".") else { return nil }
    switch fileName[fileName.index(after: dot)...] {
    case "py": self = .python
    case "ts", "mts", "cts": self = .typescript
    case "tsx", "jsx", "js", "mjs", "cjs": self = .tsx
    default: return nil
    }
  }

  /// Whether the grammar is one of the TypeScript family.
  public var isScript: Bool { self != .python }

  var pointer: OpaquePointer {
    let language: OpaquePointer?
    switch self {
    case .python: language = tree_sitter_python()
    case .typescript: language = tree_sitter_typescript()
    case .tsx: language = tree_sitter_tsx()
    }
    // The grammar functions return the address of a static struct; it is never null.
    guard let language else { preconditionFailure("grammar \(rawValue) returned no language") }
    return language
  }

  /// Node type names by symbol id, read once per grammar, so asking a node its type copies no text.
  var symbolNames: [String] {
    switch self {
    case .python: return Language.pythonSymbols
    case .typescript: return Language.typescriptSymbols
    case .tsx: return Language.tsxSymbols
    }
  }

  private static let pythonSymbols = Language.python.readSymbolNames()
  private static let typescriptSymbols = Language.typescript.readSymbolNames()
  private static let tsxSymbols = Language.tsx.readSymbolNames()

  private func readSymbolNames() -> [String] {
    let language = pointer
    return (0..<ts_language_symbol_count(language)).map { symbol in
      ts_language_symbol_name(language, TSSymbol(symbol)).map { String(cString: $0) } ?? ""
    }
  }

  /// The grammar's ABI version (14 for the bundled grammars).
  public var abiVersion: Int { Int(ts_language_version(pointer)) }

  public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }
}
