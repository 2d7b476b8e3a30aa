import ArchCore
import OpenAPIModel
import TSAnalysis

/// `openapi/unknown-client-call`: a front-end `fetch`/axios call whose path (after the client's
/// base URL) matches no operation of the project's OpenAPI document, or matches one only for
/// other methods.
public struct UnknownClientCallRule: SemanticRule {
  public static let id = "openapi/unknown-client-call"

  /// Hosts that are the back end in development: a call to them is a call to the API.
  static let localHosts: Set<String> = ["localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal"]
  /// Words in the name of a substitution at the start of a URL that make it the API's base URL
  /// (`${process.env.NEXT_PUBLIC_API_URL}`, `${API_BASE}`, `${window.location.origin}`).
  static let baseWords: Set<String> = ["api", "backend", "server", "base", "host", "origin", "endpoint"]

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let documents = project.openAPIDocuments
    guard !documents.isEmpty else { return [] }
    let catalog = OperationCatalog(documents)
    let nextRoutes = NextRoute.all(in: project.files)
    let modules = ModuleIndex(project.files)
    var hits: [RuleHit] = []
    for (file, script) in project.scriptApplicationFiles {
      for request in script.requests {
        let base: [StringPiece]?
        switch request.base {
        case .none: base = nil
        case .url(let pieces): base = pieces
        case .imported(let module, let name):
          // Only a module that exports an axios instance by that name makes this a request.
          guard let instance = modules.axiosInstance(module, name: name, importer: file.path) else {
            continue
          }
          base = instance.baseURL
        }
        guard let call = ClientCall(request.urlPieces, base: base, hosts: catalog.hosts) else { continue }
        let matching = catalog.operations.filter { call.addresses($0) }
        let method = request.method
        let served = method.map { method in matching.contains { $0.serves(method) } } ?? !matching.isEmpty
        if served { continue }
        if call.isSameOrigin,
          call.isStaticFile || call.isNextInternal || nextRoutes.contains(where: call.reaches)
        {
          continue
        }
        let what = [method, call.display].compactMap { $0 }.joined(separator: " ")
        let message: String
        if let method, let described = matching.first {
          let methods = matching.filter { $0.fullPath == described.fullPath }.map(\.method)
          message =
            "\(what) matches \(described.fullPath) in \(catalog.names), which has no \(method) operation "
            + "there (only \(methods.joined(separator: ", ")))"
        } else {
          message =
            "\(what) matches no operation in \(catalog.names); fix the URL or describe the endpoint in the "
            + "document"
        }
        hits.append(hit(file, at: request.range.lowerBound, message: message))
      }
    }
    return hits
  }
}

// MARK: - Operations

/// Every operation of the project's documents, with the paths a call may address it by.
struct OperationCatalog {
  struct Operation {
    let method: String
    /// Server base path + path, once per distinct base path.
    let routes: [RoutePath]
    /// The path without a base path, for calls through an opaque base URL that may include it.
    let bare: RoutePath
    /// The path as the document writes it, with the first server's base path.
    let fullPath: String

    /// Whether the operation answers `method`; `HEAD` is answered by `GET`, as Flask does.
    func serves(_ method: String) -> Bool {
      self.method == method || (method == "HEAD" && self.method == "GET")
    }
  }

  let operations: [Operation]
  /// Hosts whose absolute URLs are calls to the API: the documents' server hosts and local hosts.
  let hosts: Set<String>
  /// The documents' paths, for messages.
  let names: String

  init(_ documents: [OpenAPIDocument]) {
    var operations: [Operation] = []
    var hosts = UnknownClientCallRule.localHosts
    for document in documents {
      hosts.formUnion(document.servers.compactMap(\.host))
      for operation in document.operations {
        hosts.formUnion(operation.servers.compactMap(\.host))
        let base = operation.servers.first?.basePath ?? "/"
        operations.append(
          Operation(
            method: operation.method, routes: operation.routePaths, bare: operation.routePath,
            fullPath: RoutePath.join(base, operation.path)))
      }
    }
    self.operations = operations
    self.hosts = hosts
    names = documents.map(\.path).joined(separator: ", ")
  }
}

// MARK: - Calls

/// Where a call goes: the path it requests once its base URL is applied, and whether that is the
/// page's own origin, an opaque API base URL, or an API host.
struct ClientCall {
  enum Origin: Equatable {
    /// A path on the page's origin (`/api/orders`).
    case page
    /// After a base URL whose value is not known (`${process.env.NEXT_PUBLIC_API_URL}`): the
    /// base may or may not include the servers' base path.
    case opaqueBase
    /// An absolute URL on an API host.
    case host
  }

  let origin: Origin
  /// Segments known in full: literal text, or a whole-segment substitution (a parameter).
  let segments: [RoutePath.Segment]
  /// When a segment mixes text and a substitution (`orders${query}`), its text before the
  /// substitution; the rest of the path is unknown.
  let openPrefix: String?
  /// The path as written, for messages (`/api/orders/${id}`).
  let display: String

  /// Reads a call from the pieces of its URL and of its client's base URL. Nil when the call
  /// is not checked: no literal path, another origin, or a path relative to the page.
  init?(_ url: [StringPiece], base: [StringPiece]?, hosts: Set<String>) {
    var pieces = Self.inlined(url)
    guard !pieces.isEmpty else { return nil }
    if let base, !Self.isAbsolute(pieces) { pieces = Self.joined(Self.inlined(base), pieces) }
    let origin: Origin
    switch pieces.first {
    case .text(let text) where Self.isAbsolute(pieces):
      guard let split = Self.splitOrigin(text, pieces.dropFirst()), hosts.contains(split.host) else {
        return nil
      }
      origin = .host
      pieces = split.path
    case .text(let text) where text.hasPrefix("/"):
      origin = .page
    case .substitution(let name, nil):
      let words = name.map(CredentialName.words(of:)) ?? []
      guard words.contains(where: UnknownClientCallRule.baseWords.contains) else { return nil }
      pieces.removeFirst()
      guard case .text(let text) = pieces.first, text.hasPrefix("/") else { return nil }
      origin = .opaqueBase
    default:
      return nil
    }
    self.origin = origin
    let path = Self.path(pieces)
    segments = path.segments
    openPrefix = path.openPrefix
    display = path.display
  }

  /// Whether the call can reach the operation.
  func addresses(_ operation: OperationCatalog.Operation) -> Bool {
    if operation.routes.contains(where: matches) { return true }
    return origin == .opaqueBase && matches(operation.bare)
  }

  func matches(_ route: RoutePath) -> Bool {
    guard let openPrefix else { return route.accepts(RoutePath(segments: segments)) }
    guard route.segments.count > segments.count,
      RoutePath(segments: Array(route.segments.prefix(segments.count))).accepts(RoutePath(segments: segments))
    else { return false }
    switch route.segments[segments.count] {
    case .parameter: return true
    case .literal(let text): return text.hasPrefix(openPrefix) || text.contains("{}")
    }
  }

  /// Whether the call may go to the front end's own server rather than the API.
  var isSameOrigin: Bool { origin != .host }

  /// `/_next/...`: Next.js's own assets and data.
  var isNextInternal: Bool { segments.first == .literal("_next") }

  /// A file name as last segment (`/locales/en.json`, `/logo.svg`): a static file.
  var isStaticFile: Bool {
    guard openPrefix == nil, case .literal(let name) = segments.last, let dot = name.lastIndex(of: ".") else {
      return false
    }
    let fileExtension = name[name.index(after: dot)...]
    return !fileExtension.isEmpty && fileExtension.allSatisfy { $0.isLetter || $0.isNumber }
  }

  /// Whether a Next.js route handler of the project serves the call's path.
  func reaches(_ route: NextRoute) -> Bool {
    let known = segments.count + (openPrefix == nil ? 0 : 1)
    guard known >= route.segments.count else { return false }
    if route.catchAll == nil && known != route.segments.count { return false }
    if route.catchAll == .required && known == route.segments.count { return false }
    let prefix = Array(segments.prefix(route.segments.count))
    let compared = RoutePath(segments: Array(route.segments.prefix(prefix.count)))
    return compared.accepts(RoutePath(segments: prefix))
  }

  // MARK: Reading pieces

  /// Substitutions with known values become text; adjacent texts merge.
  static func inlined(_ pieces: [StringPiece]) -> [StringPiece] {
    var result: [StringPiece] = []
    for piece in pieces {
      var piece = piece
      if case .substitution(_, let value?) = piece { piece = .text(value) }
      if case .text(let text) = piece, case .text(let previous) = result.last {
        result[result.count - 1] = .text(previous + text)
      } else {
        result.append(piece)
      }
    }
    return result
  }

  static func isAbsolute(_ pieces: [StringPiece]) -> Bool {
    guard case .text(let text) = pieces.first else { return false }
    return text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("//")
  }

  /// A base URL and a URL joined as axios joins them: one `/` between.
  static func joined(_ base: [StringPiece], _ url: [StringPiece]) -> [StringPiece] {
    var head = base
    if case .text(let text) = head.last {
      var trimmed = Substring(text)
      while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
      head[head.count - 1] = .text(String(trimmed))
    }
    var tail = url
    if case .text(let text) = tail.first {
      var trimmed = Substring(text)
      while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
      tail[0] = .text(String(trimmed))
    }
    return inlined(head + [.text("/")] + tail)
  }

  /// The host of an absolute URL written in `first` (and the pieces after it), and the pieces
  /// of its path. Nil when a substitution stands in the host.
  static func splitOrigin(_ first: String, _ rest: ArraySlice<StringPiece>) -> (
    host: String, path: [StringPiece]
  )? {
    let schemeLength = first.hasPrefix("//") ? 2 : (first.hasPrefix("https://") ? 8 : 7)
    let authority = first.dropFirst(schemeLength)
    if let slash = authority.firstIndex(of: "/") {
      let host = RoutePath.host(ofOrigin: "//" + authority[..<slash])
      return (host, [.text(String(authority[slash...]))] + rest)
    }
    // The host ends at the text's end: only a port may be substituted after it.
    guard authority.contains(":") || rest.isEmpty else { return nil }
    let host = RoutePath.host(ofOrigin: "//" + authority)
    var path = Array(rest)
    while let piece = path.first {
      guard case .text(let text) = piece, let slash = text.firstIndex(of: "/") else {
        path.removeFirst()
        continue
      }
      path[0] = .text(String(text[slash...]))
      break
    }
    return (host, path.isEmpty ? [.text("/")] : path)
  }

  /// The segments of a path given as pieces, up to the query string or fragment.
  static func path(_ pieces: [StringPiece]) -> (
    segments: [RoutePath.Segment], openPrefix: String?, display: String
  ) {
    var parts: [[StringPiece]] = [[]]
    var display = ""
    reading: for piece in pieces {
      switch piece {
      case .text(let text):
        for character in text {
          if character == "?" || character == "#" { break reading }
          display.append(character)
          if character == "/" {
            parts.append([])
          } else if case .text(let previous) = parts[parts.count - 1].last {
            parts[parts.count - 1][parts[parts.count - 1].count - 1] = .text(previous + String(character))
          } else {
            parts[parts.count - 1].append(.text(String(character)))
          }
        }
      case .substitution(let name, _):
        display += "${\(name ?? "…")}"
        parts[parts.count - 1].append(piece)
      }
    }
    var segments: [RoutePath.Segment] = []
    for part in parts where !part.isEmpty {
      switch (part.count, part.first) {
      case (1, .text(let text)?):
        segments.append(.literal(text))
      case (1, .substitution?):
        segments.append(.parameter)
      default:
        guard case .text(let text)? = part.first else { return (segments, "", display) }
        return (segments, text, display)
      }
    }
    return (segments, nil, display)
  }
}

// MARK: - Next.js route handlers

/// A route handler of the project's Next.js app: `app/**/route.ts` (App Router) or
/// `pages/api/**` (Pages Router). Calls it serves are the front end's own, not the API's.
struct NextRoute: Equatable {
  enum CatchAll { case required, optional }

  let segments: [RoutePath.Segment]
  /// `[...slug]` (one or more further segments) or `[[...slug]]` (zero or more).
  let catchAll: CatchAll?

  static let scriptExtensions: Set<String> = ["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"]

  static func all(in files: [AnalyzedFile]) -> [NextRoute] {
    files.compactMap { file in file.script == nil || file.source.isTestCode ? nil : route(file.path) }
  }

  /// The route a file defines, from its path; nil when it is not a route handler.
  static func route(_ path: String) -> NextRoute? {
    let parts = path.split(separator: "/").map(String.init)
    guard let file = parts.last, let dot = file.lastIndex(of: ".") else { return nil }
    let stem = String(file[..<dot])
    guard scriptExtensions.contains(String(file[file.index(after: dot)...])) else { return nil }
    var folders: [String]
    if stem == "route", let app = parts.firstIndex(of: "app"), app < parts.count - 1 {
      folders = Array(parts[(app + 1)..<(parts.count - 1)])
    } else if let pages = parts.firstIndex(of: "pages"), pages + 2 < parts.count, parts[pages + 1] == "api" {
      folders = Array(parts[(pages + 1)..<(parts.count - 1)])
      if stem != "index" { folders.append(stem) }
    } else {
      return nil
    }
    var segments: [RoutePath.Segment] = []
    for folder in folders {
      // Route groups `(marketing)` and parallel-route slots `@modal` are not in the URL.
      if folder.hasPrefix("(") && folder.hasSuffix(")") || folder.hasPrefix("@") { continue }
      if folder.hasPrefix("[[...") { return NextRoute(segments: segments, catchAll: .optional) }
      if folder.hasPrefix("[...") { return NextRoute(segments: segments, catchAll: .required) }
      segments.append(folder.hasPrefix("[") ? .parameter : .literal(folder))
    }
    return NextRoute(segments: segments, catchAll: nil)
  }
}

// MARK: - Imports

/// The project's script modules by path, to follow `import { api } from "@/lib/api"`.
struct ModuleIndex {
  /// The axios instances each script module exports (most export none).
  let instances: [String: [AxiosInstance]]

  init(_ files: [AnalyzedFile]) {
    var instances: [String: [AxiosInstance]] = [:]
    for file in files {
      if let script = file.script { instances[file.path] = script.axiosInstances }
    }
    self.instances = instances
  }

  static let suffixes = [
    "", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js", "/index.jsx",
  ]

  /// The axios instance `name` exported by the module `specifier` imported from `importer`.
  /// Relative specifiers resolve from the importer's folder; `@/x`, `~/x` and bare `x` are
  /// tried from each enclosing folder, and its `src/` (the usual `paths`/`baseUrl` aliases).
  func axiosInstance(_ specifier: String, name: String, importer: String) -> AxiosInstance? {
    var folder = importer.split(separator: "/").dropLast().map(String.init)
    var bases: [[String]] = []
    let parts = specifier.split(separator: "/").map(String.init)
    if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
      bases = [folder + parts]
    } else {
      let rest = specifier.hasPrefix("@/") || specifier.hasPrefix("~/") ? Array(parts.dropFirst()) : parts
      while true {
        bases += [folder + rest, folder + ["src"] + rest]
        guard !folder.isEmpty else { break }
        folder.removeLast()
      }
    }
    for base in bases {
      guard let path = Self.normalized(base) else { continue }
      for suffix in Self.suffixes {
        if let exported = instances[path + suffix] { return exported.first { $0.exportName == name } }
      }
    }
    return nil
  }

  /// `a/./b/../c` as `a/c`; nil when `..` climbs above the root.
  static func normalized(_ parts: [String]) -> String? {
    var result: [String] = []
    for part in parts {
      switch part {
      case ".", "": continue
      case "..":
        guard !result.isEmpty else { return nil }
        result.removeLast()
      default: result.append(part)
      }
    }
    return result.joined(separator: "/")
  }
}
