import ArchCore
import Yams

extension OpenAPIDocument {
  /// The operation keys of a path item, in the order OpenAPI lists them. Other keys of a path
  /// item (`parameters`, `summary`, `description`, `servers`, `$ref`, `x-*`) are not operations.
  public static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

  /// Parses an OpenAPI 3.0/3.1 or Swagger 2.0 document written as YAML or JSON.
  ///
  /// - Parameters:
  ///   - text: The document's text.
  ///   - path: The document's path relative to the audited folder; stored in the result and
  ///     named in errors.
  /// - Throws: `InputError` at the offending line and column when the text is not YAML/JSON,
  ///   its root is not a mapping, it has no `openapi`/`swagger` version, `paths` or a path item
  ///   is not a mapping, an operation is not a mapping, or `servers` is malformed.
  public static func parse(_ text: String, path: String) throws -> OpenAPIDocument {
    try OpenAPIParser(text: text, path: path).document()
  }
}

/// Reads one document. Positions come from Yams node marks (1-based line, column in Unicode
/// scalars) and are turned into UTF-8 byte offsets with the document's line index.
struct OpenAPIParser {
  let text: String
  let path: String
  let lineIndex: LineIndex
  let bytes: [UInt8]
  /// `invalid JSON` or `invalid YAML`, by the file's extension.
  let syntax: String

  init(text: String, path: String) {
    self.text = text
    self.path = path
    self.bytes = Array(text.utf8)
    self.lineIndex = LineIndex(bytes: bytes)
    self.syntax = path.lowercased().hasSuffix(".json") ? "JSON" : "YAML"
  }

  func document() throws -> OpenAPIDocument {
    let root = try compose()
    guard let mapping = root.mapping else {
      throw fail(
        "an OpenAPI document is a mapping with an 'openapi' (or 'swagger') version at its top level",
        root.mark)
    }
    let (specification, version) = try self.version(mapping, root: root)
    var servers: [OpenAPIServer]
    switch specification {
    case .openAPI: servers = try self.servers(mapping["servers"]) ?? []
    case .swagger: servers = swaggerServers(mapping)
    }
    if servers.isEmpty { servers = [.root] }

    var operations: [OpenAPIOperation] = []
    guard let pathsNode = mapping["paths"] else {
      // OpenAPI 3.1 allows a document with webhooks or components only.
      return OpenAPIDocument(
        path: path, specification: specification, version: version, servers: servers, operations: [])
    }
    guard let paths = pathsNode.mapping else {
      throw fail("'paths' must be a mapping of paths to path items", pathsNode.mark)
    }
    for (pathKey, item) in paths {
      guard let routePath = pathKey.scalar?.string, !routePath.hasPrefix("x-") else { continue }
      guard let pathItem = item.mapping else {
        throw fail("the path item of '\(routePath)' must be a mapping of methods to operations", item.mark)
      }
      let itemServers =
        specification == .openAPI ? try self.servers(pathItem["servers"]) ?? servers : servers
      for (methodKey, operationNode) in pathItem {
        guard let method = methodKey.scalar?.string, OpenAPIDocument.methods.contains(method) else {
          continue
        }
        guard let operation = operationNode.mapping else {
          throw fail(
            "the '\(method)' operation of '\(routePath)' must be a mapping (an operation object)",
            operationNode.mark)
        }
        let operationServers =
          specification == .openAPI ? try self.servers(operation["servers"]) ?? itemServers : itemServers
        let mark = methodKey.mark
        let line = mark?.line ?? 1
        let column = mark?.column ?? 1
        operations.append(
          OpenAPIOperation(
            path: routePath, method: method.uppercased(),
            operationId: operation["operationId"]?.scalar?.string,
            line: line, column: column, offset: offset(line: line, column: column),
            servers: operationServers))
      }
    }
    return OpenAPIDocument(
      path: path, specification: specification, version: version, servers: servers, operations: operations)
  }

  // MARK: - Parts

  private func compose() throws -> Yams.Node {
    let composed: Yams.Node?
    do {
      composed = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error)
    }
    guard let composed else { throw fail("the OpenAPI document is empty", nil) }
    return composed
  }

  private func version(_ mapping: Yams.Node.Mapping, root: Yams.Node) throws
    -> (OpenAPIDocument.Specification, String)
  {
    if let node = mapping["openapi"] {
      guard let version = node.scalar?.string, version.hasPrefix("3.") else {
        throw fail(
          "unsupported OpenAPI version '\(node.scalar?.string ?? "")' (expected 3.0.x or 3.1.x; "
            + "Swagger 2.0 documents say swagger: \"2.0\")", node.mark)
      }
      return (.openAPI, version)
    }
    if let node = mapping["swagger"] {
      guard let version = node.scalar?.string, version == "2.0" else {
        throw fail("unsupported Swagger version '\(node.scalar?.string ?? "")' (expected \"2.0\")", node.mark)
      }
      return (.swagger, version)
    }
    throw fail(
      "not an OpenAPI document: no 'openapi' or 'swagger' version at the top level "
        + "(add openapi: 3.1.0, or set 'openapi' in archverify.yml to the right file)", root.mark)
  }

  /// The servers of a `servers` list, with variables replaced by their defaults; nil when the
  /// node is absent.
  private func servers(_ node: Yams.Node?) throws -> [OpenAPIServer]? {
    guard let node else { return nil }
    guard let list = node.sequence else {
      throw fail("'servers' must be a list of server objects, each with a 'url'", node.mark)
    }
    // An empty list means the default, like an absent one.
    if list.isEmpty { return nil }
    return try list.map { entry in
      guard let server = entry.mapping, let url = server["url"]?.scalar?.string else {
        throw fail("a server object needs a 'url' string", entry.mark)
      }
      var defaults: [String: String] = [:]
      for (name, variable) in server["variables"]?.mapping ?? [:] {
        if let key = name.scalar?.string, let value = variable.mapping?["default"]?.scalar?.string {
          defaults[key] = value
        }
      }
      return OpenAPIServer(url: Self.substitute(url, defaults))
    }
  }

  /// Swagger 2.0's `host` and `basePath` as one server (the first of `schemes`, else https).
  private func swaggerServers(_ mapping: Yams.Node.Mapping) -> [OpenAPIServer] {
    let basePath = mapping["basePath"]?.scalar?.string ?? "/"
    guard let host = mapping["host"]?.scalar?.string, !host.isEmpty else {
      return [OpenAPIServer(url: basePath)]
    }
    let scheme = mapping["schemes"]?.sequence?.first?.scalar?.string ?? "https"
    return [OpenAPIServer(url: "\(scheme)://\(host)\(RoutePath.join(basePath, ""))")]
  }

  /// `{name}` in a server URL replaced by the variable's default; unknown names are kept.
  static func substitute(_ url: String, _ defaults: [String: String]) -> String {
    guard !defaults.isEmpty, url.contains("{") else { return url }
    var result = ""
    var rest = Substring(url)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result += rest[..<open]
      let name = String(rest[rest.index(after: open)..<close])
      result += defaults[name] ?? "{\(name)}"
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  // MARK: - Positions and errors

  /// The UTF-8 byte offset of a 1-based line and Unicode-scalar column.
  func offset(line: Int, column: Int) -> Int {
    guard line >= 1, line <= lineIndex.lineStarts.count else { return bytes.count }
    var index = lineIndex.lineStarts[line - 1]
    var remaining = column - 1
    while remaining > 0, index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
      index += 1
      // Skip continuation bytes (0b10xxxxxx) so one scalar advances one column.
      while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
      remaining -= 1
    }
    return index
  }

  func fail(_ message: String, _ mark: Yams.Mark?) -> InputError {
    fail(message, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func fail(_ message: String, line: Int, column: Int) -> InputError {
    InputError(path: path, line: line, column: column, message: message, sourceLine: lineIndex.lineText(line))
  }

  private func syntaxError(_ error: YamlError) -> InputError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
      return fail("invalid \(syntax): \(what)", mark)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      let noun = duplicates.count == 1 ? "key" : "keys"
      return fail("invalid \(syntax): duplicate \(noun) \(names) in one mapping", context.mark)
    case .reader(let problem, let offset, _, _):
      // Yams gives the offset in characters.
      let prefix = text.prefix(offset ?? 0)
      let line = prefix.reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
      let column = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map {
        $0.unicodeScalars.count + 1
      }
      return fail("invalid \(syntax): \(problem)", line: line, column: column ?? 1)
    default:
      return fail("invalid \(syntax): \(error)", nil)
    }
  }
}
