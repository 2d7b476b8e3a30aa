/// What one TypeScript/JavaScript module contains, as plain values with byte ranges. Built in one
/// walk of the syntax tree by `ScriptExtractor`; rules read it, never the tree.
public struct ScriptFile: Sendable {
  /// Every write, read and removal of a `localStorage`/`sessionStorage` entry, in source order.
  public var storageAccesses: [WebStorageAccess] = []
  /// Every place that sets an `Authorization` header, in source order.
  public var authorizationHeaders: [AuthorizationHeader] = []
  /// Every `fetch(...)` and axios request, in source order.
  public var requests: [HTTPRequest] = []
  /// The axios instances the module exports, for requests made through them in other modules.
  public var axiosInstances: [AxiosInstance] = []

  public init(
    storageAccesses: [WebStorageAccess] = [], authorizationHeaders: [AuthorizationHeader] = [],
    requests: [HTTPRequest] = [], axiosInstances: [AxiosInstance] = []
  ) {
    self.storageAccesses = storageAccesses
    self.authorizationHeaders = authorizationHeaders
    self.requests = requests
    self.axiosInstances = axiosInstances
  }
}

/// One of the browser's two web-storage objects.
public enum WebStorage: String, Sendable, Hashable, CaseIterable {
  case local = "localStorage"
  case session = "sessionStorage"
}

/// An expression used as a string, such as a storage key or a request URL, with what is known
/// of its text.
public struct ScriptOperand: Sendable, Hashable {
  /// The exact string when it is known: a string literal, a template literal without
  /// substitutions, a property name (`storage.token`), or a name bound to a string literal in
  /// the same file (`const TOKEN_KEY = "access_token"`, `KEYS.token` with `const KEYS = {...}`).
  public let literal: String?
  /// The source between the backticks of a template literal with substitutions
  /// (`token_${userId}`).
  public let template: String?
  /// The name the expression is written with: an identifier (`TOKEN_KEY`) or the last member
  /// of a member expression (`accessToken` in `keys.accessToken`).
  public let name: String?
  public let range: Range<Int>

  public init(literal: String?, template: String?, name: String?, range: Range<Int>) {
    self.literal = literal
    self.template = template
    self.name = name
    self.range = range
  }
}

/// An expression whose value flows somewhere, summarised by the name it is written with.
public struct ScriptValue: Sendable, Hashable {
  /// The identifier (`token`) or last member (`accessToken` in `data.accessToken`), looking
  /// through parentheses, `await`, `!`, `as T`, `JSON.stringify(x)` and `String(x)`.
  public let name: String?
  /// The expression's source text.
  public let text: String
  public let range: Range<Int>

  public init(name: String?, text: String, range: Range<Int>) {
    self.name = name
    self.text = text
    self.range = range
  }
}

/// A use of a web-storage entry: `localStorage.setItem(k, v)`, `storage[k] = v`,
/// `storage.k = v`, `getItem(k)`, `storage[k]`, `storage.k`, `removeItem(k)`, `delete storage.k`.
/// The storage may be written with a `window.`/`globalThis.`/`self.` prefix or through a local
/// alias (`const store = window.localStorage`).
public struct WebStorageAccess: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case write
    case read
    case remove
  }

  /// How the entry is addressed.
  public enum Form: String, Sendable, Hashable {
    /// `setItem`, `getItem`, `removeItem`.
    case method
    /// `storage[key]`.
    case bracket
    /// `storage.key`.
    case property
  }

  public let kind: Kind
  public let form: Form
  public let storage: WebStorage
  public let key: ScriptOperand
  /// The value written; nil for reads and removals.
  public let value: ScriptValue?
  /// The whole call, assignment, or member expression (for a property or subscript read).
  public let range: Range<Int>

  public init(
    kind: Kind, form: Form, storage: WebStorage, key: ScriptOperand, value: ScriptValue?, range: Range<Int>
  ) {
    self.kind = kind
    self.form = form
    self.storage = storage
    self.key = key
    self.value = value
    self.range = range
  }
}

/// A place that sets an `Authorization` header (the name compares case-insensitively).
public struct AuthorizationHeader: Sendable, Hashable {
  public enum Form: String, Sendable, Hashable {
    /// `{ Authorization: value }` or the shorthand `{ Authorization }`.
    case property
    /// `headers.Authorization = value`, `headers["Authorization"] = value`.
    case assignment
    /// `headers.set("Authorization", value)`, `append(...)`, `setRequestHeader(...)`.
    case setterCall
  }

  public let form: Form
  /// The property, assignment or call.
  public let range: Range<Int>
  public let value: ScriptValue
  /// Indices into `ScriptFile.storageAccesses` of the reads whose value reaches the header:
  /// inline in the value, through variables assigned from them, or through functions of the same
  /// file that return them. Sorted.
  public let storageReads: [Int]

  public init(form: Form, range: Range<Int>, value: ScriptValue, storageReads: [Int]) {
    self.form = form
    self.range = range
    self.value = value
    self.storageReads = storageReads
  }
}

/// A `fetch(...)` call or an axios request (`axios(config)`, `axios.get(url)`, or the same on
/// an instance made with `axios.create(...)` in the same file or imported from another module).
public struct HTTPRequest: Sendable, Hashable {
  public enum Client: String, Sendable, Hashable {
    case fetch
    case axios
  }

  public let client: Client
  /// The HTTP method in upper case: from the call (`axios.post`), from a `method:` string in the
  /// options, or `GET` when the options name none. Nil when the method is not a literal.
  public let method: String?
  /// The URL argument or the `url:` option; nil when there is none.
  public let url: ScriptOperand?
  /// The whole call.
  public let range: Range<Int>
  /// What the URL is built from, piece by piece (see `StringPiece`); empty when there is no URL.
  /// `` `${API}/orders/${id}` `` with `const API = "/api"` is `${API}` (value `/api`), `/orders/`,
  /// `${id}`.
  public let urlPieces: [StringPiece]
  /// Where the request's base URL comes from.
  public let base: RequestBase

  public init(
    client: Client, method: String?, url: ScriptOperand?, range: Range<Int>, urlPieces: [StringPiece] = [],
    base: RequestBase = .none
  ) {
    self.client = client
    self.method = method
    self.url = url
    self.range = range
    self.urlPieces = urlPieces
    self.base = base
  }
}

/// A part of a string built from literals and expressions: a URL written as a template literal
/// (`` `/orders/${id}` ``) or a `+` concatenation (`API + "/orders/" + id`). Names bound to
/// `const` templates or concatenations in the same file are expanded into their pieces.
public enum StringPiece: Sendable, Hashable {
  /// Text written literally, escape sequences as in the source.
  case text(String)
  /// An expression whose value is substituted: its name (the identifier, or the last member as
  /// in `NEXT_PUBLIC_API_URL` for `process.env.NEXT_PUBLIC_API_URL`; nil for other
  /// expressions) and, when known, the string it denotes (a `const` bound to a string literal
  /// in the same file, or a string property of a `const` object literal).
  case substitution(name: String?, value: String?)
}

/// Where the base URL of a request comes from.
public enum RequestBase: Sendable, Hashable {
  /// No base URL: `fetch`, or axios with no `baseURL` in the same file.
  case none
  /// The `baseURL` of the axios instance the request goes through (`axios.create({ baseURL })`,
  /// or a later `instance.defaults.baseURL = ...`; `axios.defaults.baseURL = ...` for `axios`
  /// itself), as pieces.
  case url([StringPiece])
  /// A method call (`api.get(...)`) on a name imported from a project module
  /// (`import { api } from "@/lib/api"`): a request only when that module exports an axios
  /// instance under `name` (`default` for a default export); see `ScriptFile.axiosInstances`.
  case imported(module: String, name: String)
}

/// An axios instance a module exports: `export const api = axios.create({ baseURL })`,
/// `export default axios.create(...)`, `export { api as client }`.
public struct AxiosInstance: Sendable, Hashable {
  /// The name other modules import it by; `default` for the default export.
  public let exportName: String
  /// Its `baseURL` as pieces; nil when it has none.
  public let baseURL: [StringPiece]?

  public init(exportName: String, baseURL: [StringPiece]?) {
    self.exportName = exportName
    self.baseURL = baseURL
  }
}
