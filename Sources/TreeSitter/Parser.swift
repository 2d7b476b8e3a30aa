import CTreeSitter

/// Owns one `TSParser`. Not shared between tasks: each worker creates its own.
public final class Parser {
  private let handle: OpaquePointer
  public private(set) var language: Language?

  public init() {
    // ts_parser_new only fails when malloc does, which tree-sitter itself treats as fatal.
    handle = ts_parser_new()
  }

  deinit { ts_parser_delete(handle) }

  /// Parses UTF-8 bytes into a tree. Returns nil only if the parser was cancelled.
  public func parse(_ source: SourceText, as language: Language) -> Tree? {
    if self.language != language {
      ts_parser_set_language(handle, language.pointer)
      self.language = language
    }
    let raw: OpaquePointer? = source.bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map { base in
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
          ts_parser_parse_string_encoding(handle, nil, chars, UInt32(buffer.count), TSInputEncodingUTF8)
        }
      } ?? ts_parser_parse_string_encoding(handle, nil, "", 0, TSInputEncodingUTF8)
    }
    guard let raw else { return nil }
    return Tree(handle: raw, source: source, language: language)
  }
}

/// Owns one `TSTree` and the source it was parsed from. Nodes keep their tree alive.
public final class Tree {
  let handle: OpaquePointer
  public let source: SourceText
  public let language: Language
  let names: GrammarNames

  init(handle: OpaquePointer, source: SourceText, language: Language) {
    self.handle = handle
    self.source = source
    self.language = language
    self.names = language.names
  }

  deinit { ts_tree_delete(handle) }

  public var rootNode: Node { Node(raw: ts_tree_root_node(handle), tree: self) }
}

/// The UTF-8 bytes of one file, addressed by byte offsets.
public struct SourceText: Sendable {
  public let bytes: [UInt8]

  public init(bytes: [UInt8]) { self.bytes = bytes }
  public init(_ string: String) { self.bytes = Array(string.utf8) }

  /// The text of a byte range, decoded as UTF-8 (invalid sequences are repaired).
  public func text(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }
}
