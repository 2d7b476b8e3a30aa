import ArchCore

/// An OpenAPI 3.0/3.1 or Swagger 2.0 document, reduced to what the parity rules compare: where
/// the API is served (servers) and which operations it describes, with their positions in the
/// document. Built once per run by `OpenAPIDocument.parse(_:path:)`.
public struct OpenAPIDocument: Sendable, Hashable {
  /// Which specification the document follows.
  public enum Specification: String, Sendable, Hashable {
    /// OpenAPI 3.x (`openapi: 3.0.3`, `openapi: 3.1.0`).
    case openAPI = "openapi"
    /// Swagger 2.0 (`swagger: "2.0"`).
    case swagger
  }

  /// Path of the document relative to the audited folder, `/`-separated.
  public let path: String
  public let specification: Specification
  /// The version as written: `3.0.3`, `3.1.0`, `2.0`.
  public let version: String
  /// The document's servers: `servers[]` (OpenAPI 3), or `host` and `basePath` (Swagger 2.0).
  /// One server with URL `/` when the document names none, as OpenAPI specifies.
  public let servers: [OpenAPIServer]
  /// Every operation, in document order.
  public let operations: [OpenAPIOperation]

  public init(
    path: String, specification: Specification, version: String, servers: [OpenAPIServer],
    operations: [OpenAPIOperation]
  ) {
    self.path = path
    self.specification = specification
    self.version = version
    self.servers = servers
    self.operations = operations
  }

  /// The distinct base paths of the document's servers, in order (`/` when none names one).
  public var basePaths: [String] {
    var seen: Set<String> = []
    return servers.map(\.basePath).filter { seen.insert($0).inserted }
  }
}

/// Where an API is served: one entry of `servers[]`, or Swagger 2.0's `host` + `basePath`.
public struct OpenAPIServer: Sendable, Hashable {
  /// The URL with its variables replaced by their defaults (`https://{region}.example.com/v1`
  /// with `region` defaulting to `eu` is `https://eu.example.com/v1`).
  public let url: String
  /// The host of an absolute URL, lower-cased and without port (`eu.example.com`); nil for a
  /// relative URL such as `/api`.
  public let host: String?
  /// The path part of the URL without a trailing slash (`/v1`), `/` when there is none. A
  /// relative URL is read from the server root (`api/v1` is `/api/v1`).
  public let basePath: String

  public init(url: String, host: String?, basePath: String) {
    self.url = url
    self.host = host
    self.basePath = basePath
  }

  /// A server read from its URL (variables already substituted).
  public init(url: String) {
    let (origin, path) = RoutePath.split(url: url)
    var base = Substring(path)
    while base.hasPrefix("./") { base = base.dropFirst(2) }
    if base == "." { base = "" }
    self.init(
      url: url, host: origin.map(RoutePath.host(ofOrigin:)), basePath: RoutePath.join(String(base), ""))
  }

  /// The server OpenAPI assumes when a document names none.
  public static let root = OpenAPIServer(url: "/", host: nil, basePath: "/")
}

/// One operation: a method under a path of the document.
public struct OpenAPIOperation: Sendable, Hashable {
  /// The path as written in the document (`/orders/{order_id}`), without any server base path.
  public let path: String
  /// The HTTP method in upper case (`GET`).
  public let method: String
  public let operationId: String?
  /// 1-based line of the method key (`get:`) in the document.
  public let line: Int
  /// 1-based column of the method key, in Unicode scalars (as `LineIndex` counts).
  public let column: Int
  /// UTF-8 byte offset of the method key in the document's text, where a rule reports.
  public let offset: Int
  /// The servers that serve the operation: the operation's own `servers`, else its path item's,
  /// else the document's.
  public let servers: [OpenAPIServer]

  public init(
    path: String, method: String, operationId: String?, line: Int, column: Int, offset: Int,
    servers: [OpenAPIServer]
  ) {
    self.path = path
    self.method = method
    self.operationId = operationId
    self.line = line
    self.column = column
    self.offset = offset
    self.servers = servers
  }

  /// The path as the server sees it, once per distinct server base path: `/api` + `/orders/{id}`
  /// is `/api/orders/{}`.
  public var routePaths: [RoutePath] {
    var seen: Set<RoutePath> = []
    return servers.map { RoutePath(RoutePath.join($0.basePath, path)) }.filter { seen.insert($0).inserted }
  }

  /// The path without any server base path, as a `RoutePath`.
  public var routePath: RoutePath { RoutePath(path) }
}
