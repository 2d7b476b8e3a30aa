/// A URL path as route matching sees it: literal segments and positional parameters.
///
/// Every parity rule compares paths through this type, with Flask's rules (spec/rules.md, "Paths
/// compare with Flask's rules"):
/// - A segment that is wholly a parameter, in any notation, is a positional `parameter`: Flask
///   `<order_id>`, `<int:order_id>`, `<path:p>`; OpenAPI and FastAPI `{order_id}`, `{p:path}`;
///   a JavaScript template hole `${id}`; Express style `:id`; Next.js `[id]`, `[...slug]`,
///   `[[...slug]]`. Names and converters do not matter, only the position: `/orders/<int:id>`
///   equals `/orders/{order_id}`. A converter that spans several segments (`<path:p>`) still
///   counts as one.
/// - A parameter inside a segment (`file-{id}.json`, `v<int:n>`) is written `{}` in that
///   segment's literal text, so such segments compare by their fixed text.
/// - Empty segments are dropped: a trailing slash is ignored, `//` reads as `/`, and the leading
///   slash is optional.
/// - A query string or fragment is not part of the path: the text from the first `?` or `#`
///   outside a template hole is dropped.
/// - Literal segments compare case-sensitively and as written (no percent-decoding).
public struct RoutePath: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// One `/`-separated part of a path.
  public enum Segment: Sendable, Hashable {
    /// Fixed text; a parameter embedded in the text is written `{}`.
    case literal(String)
    /// A segment that is wholly a path parameter.
    case parameter
  }

  public let segments: [Segment]

  public init(segments: [Segment]) {
    self.segments = segments
  }

  /// Reads a route rule, an OpenAPI path, or the path of a client URL (see the type's
  /// documentation for the notations). Pass only the path: an absolute URL's origin is not
  /// removed here (use `RoutePath.split(url:)`).
  public init(_ path: String) {
    var segments: [Segment] = []
    for raw in Self.pathSegments(Self.withoutQuery(path)) {
      segments.append(Self.segment(raw))
    }
    self.segments = segments
  }

  /// `prefix` and `path` joined with one `/` between them, as Flask joins a blueprint's
  /// `url_prefix` and a rule and as an OpenAPI server's base path is prepended to a path:
  /// `join("/api", "/orders/")` is `/api/orders/`, `join("/api/", "orders")` is `/api/orders`,
  /// `join("", "/orders")` and `join("/", "/orders")` are `/orders`. The result always starts
  /// with `/`; a trailing slash of `path` is kept (it does not matter to `RoutePath`).
  public static func join(_ prefix: String, _ path: String) -> String {
    var head = Substring(prefix)
    while head.hasSuffix("/") { head = head.dropLast() }
    var tail = Substring(path)
    while tail.hasPrefix("/") { tail = tail.dropFirst() }
    if !head.hasPrefix("/") { head = "/" + head }
    if head == "/" { return "/" + tail }
    return tail.isEmpty ? String(head) : head + "/" + tail
  }

  /// This path followed by `other`'s segments.
  public func appending(_ other: RoutePath) -> RoutePath {
    RoutePath(segments: segments + other.segments)
  }

  /// Whether a concrete path such as a client's URL can address this route: segments compare
  /// one to one, and a parameter on either side accepts any segment. Use `==` to compare two
  /// route declarations (a parameter then only equals a parameter).
  public func accepts(_ path: RoutePath) -> Bool {
    guard path.segments.count == segments.count else { return false }
    for (route, given) in zip(segments, path.segments) {
      switch (route, given) {
      case (.parameter, _), (_, .parameter): continue
      case (.literal(let expected), .literal(let actual)):
        if !Self.literal(expected, accepts: actual) { return false }
      }
    }
    return true
  }

  /// Whether a route's literal segment accepts a concrete segment: equal text, or, when the
  /// route's text embeds parameters (`file-{}.json`), text that fills them.
  public static func literal(_ route: String, accepts segment: String) -> Bool {
    if route == segment { return true }
    guard route.contains("{}") else { return false }
    return fills(
      route.split(separator: "{}", omittingEmptySubsequences: false).map(String.init)[...], Substring(segment)
    )
  }

  /// Whether `text` is the first part, then for each further part a non-empty parameter value
  /// followed by that part.
  private static func fills(_ parts: ArraySlice<String>, _ text: Substring) -> Bool {
    guard let head = parts.first else { return text.isEmpty }
    guard text.hasPrefix(head) else { return false }
    let rest = text.dropFirst(head.count)
    let remaining = parts.dropFirst()
    if remaining.isEmpty { return rest.isEmpty }
    var cut = rest.startIndex
    while cut < rest.endIndex {
      cut = rest.index(after: cut)
      if fills(remaining, rest[cut...]) { return true }
    }
    return false
  }

  /// The path as written canonically: `/orders/{}/items`, `/` for the root.
  public var description: String {
    "/"
      + segments.map { segment -> String in
        switch segment {
        case .literal(let text): return text
        case .parameter: return "{}"
        }
      }.joined(separator: "/")
  }

  public static func < (lhs: RoutePath, rhs: RoutePath) -> Bool { lhs.description < rhs.description }

  /// The origin and path of a URL, without its query string and fragment.
  ///
  /// `https://API.example.com:8443/v1/orders?page=2` gives origin `https://api.example.com:8443`
  /// (lower-cased) and path `/v1/orders`; a protocol-relative `//cdn.example.com/x` gives origin
  /// `//cdn.example.com`; a relative URL (`/orders`, `orders/1`) gives no origin and itself as
  /// the path. An absolute URL with nothing after its host has path `/`.
  public static func split(url: String) -> (origin: String?, path: String) {
    let text = withoutQuery(url)
    let schemeEnd: String.Index?
    if text.hasPrefix("//") {
      schemeEnd = text.startIndex
    } else if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://"),
      text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }), colon > text.startIndex
    {
      schemeEnd = colon
    } else {
      schemeEnd = nil
    }
    guard let schemeEnd else { return (nil, text) }
    let authorityStart = text.index(schemeEnd, offsetBy: text[schemeEnd...].hasPrefix("://") ? 3 : 2)
    let pathStart = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
    let origin = text[..<pathStart].lowercased()
    let path = text[pathStart...]
    return (origin, path.isEmpty ? "/" : String(path))
  }

  /// The host of an origin from `split(url:)`, without user info and port, lower-cased:
  /// `api.example.com` for `https://user@api.example.com:8443`.
  public static func host(ofOrigin origin: String) -> String {
    var authority = Substring(origin)
    if let slash = authority.firstIndex(of: "/"), authority[slash...].hasPrefix("//") {
      authority = authority[authority.index(slash, offsetBy: 2)...]
    }
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
      return authority[...close].lowercased()
    }
    if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
    return authority.lowercased()
  }

  // MARK: - Reading

  /// The text before the first `?` or `#` that is not inside a `${...}` hole or a `{...}`
  /// parameter.
  static func withoutQuery(_ text: String) -> String {
    var depth = 0
    for index in text.indices {
      switch text[index] {
      case "{": depth += 1
      case "}": depth = max(0, depth - 1)
      case "?" where depth == 0, "#" where depth == 0: return String(text[..<index])
      default: break
      }
    }
    return text
  }

  /// The non-empty `/`-separated parts of a path; a `/` inside `${...}`, `{...}` or `<...>` does
  /// not separate.
  static func pathSegments(_ path: String) -> [Substring] {
    var result: [Substring] = []
    var depth = 0
    var start = path.startIndex
    for index in path.indices {
      switch path[index] {
      case "{", "<": depth += 1
      case "}", ">": depth = max(0, depth - 1)
      case "/" where depth == 0:
        if start < index { result.append(path[start..<index]) }
        start = path.index(after: index)
      default: break
      }
    }
    if start < path.endIndex { result.append(path[start...]) }
    return result
  }

  static func segment(_ raw: Substring) -> Segment {
    if isWholeParameter(raw) { return .parameter }
    guard raw.contains(where: { $0 == "{" || $0 == "<" }) else { return .literal(String(raw)) }
    // Parameters embedded in the text: `file-{id}.json`, `v<int:n>`, `x-${id}`.
    var text = ""
    var index = raw.startIndex
    while index < raw.endIndex {
      let character = raw[index]
      let opens =
        character == "{" || character == "<" || (character == "$" && raw[index...].dropFirst().first == "{")
      guard opens else {
        text.append(character)
        index = raw.index(after: index)
        continue
      }
      let close: Character = character == "<" ? ">" : "}"
      guard let end = raw[index...].firstIndex(of: close) else {
        text += raw[index...]
        break
      }
      text += "{}"
      index = raw.index(after: end)
    }
    return .literal(text)
  }

  static func isWholeParameter(_ raw: Substring) -> Bool {
    func enclosed(_ open: String, _ close: String) -> Bool {
      guard raw.count > open.count + close.count, raw.hasPrefix(open), raw.hasSuffix(close),
        let opening = open.last, let closing = close.last
      else { return false }
      let inner = raw.dropFirst(open.count).dropLast(close.count)
      return !inner.contains(opening) && !inner.contains(closing)
    }
    // `{}` is how `description` writes a parameter, so a canonical path reads back unchanged.
    if raw == "{}" || enclosed("${", "}") || enclosed("{", "}") || enclosed("<", ">") { return true }
    if enclosed("[[", "]]") || enclosed("[", "]") { return true }
    if raw.hasPrefix(":"), raw.count > 1 {
      return raw.dropFirst().allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
    return false
  }
}
