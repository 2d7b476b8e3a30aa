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

  /// The grammar's ABI version (14 for the bundled grammars).
  public var abiVersion: Int { Int(ts_language_version(pointer)) }

  public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }
}
