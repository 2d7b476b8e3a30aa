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

  /// Symbol and field names of the grammar, read once, so that asking a node its type or a
  /// child by field copies no text and scans no table.
  var names: GrammarNames {
    switch self {
    case .python: return Language.pythonNames
    case .typescript: return Language.typescriptNames
    case .tsx: return Language.tsxNames
    }
  }

  private static let pythonNames = GrammarNames(Language.python)
  private static let typescriptNames = GrammarNames(Language.typescript)
  private static let tsxNames = GrammarNames(Language.tsx)

  /// A table indexed by symbol id that is true for the named node types in `names`: a walk that
  /// cares about a few types tests each node with one array read.
  public func symbolMask(_ names: Set<String>) -> [Bool] {
    let table = self.names
    var mask = [Bool](repeating: false, count: table.symbolNames.count)
    for (index, name) in table.symbolNames.enumerated() where table.isNamed[index] && names.contains(name) {
      mask[index] = true
    }
    return mask
  }

  /// The id of the named node type `name` (0 when the grammar has none), for comparing with
  /// `Node.symbol` on hot paths.
  public func symbol(_ name: String) -> UInt16 {
    names.namedSymbols[name] ?? 0
  }

  /// A table indexed by symbol id that gives, for every symbol whose type name is a key of
  /// `kinds`, its value, and `fallback` for the rest: a hot path switches on a small enum instead
  /// of comparing type names.
  public func symbolTable<Kind>(_ kinds: [String: Kind], fallback: Kind) -> [Kind] {
    let table = names
    return table.symbolNames.indices.map { id in
      table.isNamed[id] ? kinds[table.symbolNames[id]] ?? fallback : fallback
    }
  }

  /// The id of the field `name` (0 when the grammar has none), for `Node.child(fieldID:)`.
  public func field(_ name: String) -> UInt16 {
    names.fieldIds[name] ?? 0
  }

  /// The grammar's ABI version (14 for the bundled grammars).
  public var abiVersion: Int { Int(ts_language_version(pointer)) }

  public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The names of one grammar's node types and fields, by id.
struct GrammarNames: Sendable {
  /// Type name of every symbol id.
  let symbolNames: [String]
  /// Whether each symbol id is a named node type (not an anonymous token).
  let isNamed: [Bool]
  /// Id of each named node type (the first id when several share a name).
  let namedSymbols: [String: UInt16]
  /// Id of each field name.
  let fieldIds: [String: UInt16]

  init(_ language: Language) {
    let pointer = language.pointer
    var names: [String] = []
    var isNamed: [Bool] = []
    var named: [String: UInt16] = [:]
    for id in 0..<ts_language_symbol_count(pointer) {
      let symbol = TSSymbol(id)
      let name = ts_language_symbol_name(pointer, symbol).map { String(cString: $0) } ?? ""
      names.append(name)
      let regular = ts_language_symbol_type(pointer, symbol) == TSSymbolTypeRegular
      isNamed.append(regular)
      if regular, named[name] == nil {
        named[name] = symbol
      }
    }
    var fields: [String: UInt16] = [:]
    let fieldCount = ts_language_field_count(pointer)
    if fieldCount > 0 {
      for id in 1...fieldCount {
        if let name = ts_language_field_name_for_id(pointer, TSFieldId(id)) {
          fields[String(cString: name)] = TSFieldId(id)
        }
      }
    }
    symbolNames = names
    self.isNamed = isNamed
    namedSymbols = named
    fieldIds = fields
  }
}
