import ArchCore
import Audit
import Rules
import TSAnalysis
import Testing
import TreeSitter

private func extract(_ code: String, as language: Language = .typescript) throws -> ScriptFile {
  let tree = try #require(Parser().parse(SourceText(code), as: language))
  return ScriptExtractor.extract(tree)
}

/// The byte range of the `occurrence`-th (0-based) appearance of `needle` in `code`.
private func range(of needle: String, in code: String, occurrence: Int = 0) throws -> Range<Int> {
  let bytes = Array(code.utf8)
  let pattern = Array(needle.utf8)
  var seen = 0
  var start = 0
  while start + pattern.count <= bytes.count {
    if Array(bytes[start..<(start + pattern.count)]) == pattern {
      if seen == occurrence { return start..<(start + pattern.count) }
      seen += 1
    }
    start += 1
  }
  Issue.record("'\(needle)' occurs fewer than \(occurrence + 1) times")
  throw CancellationError()
}

@Suite struct CredentialNameTests {
  static let table: [(name: String, matches: Bool)] = [
    ("token", true), ("Token", true), ("TOKENS", true), ("accessToken", true), ("access_token", true),
    ("ACCESS_TOKEN", true), ("refresh-token", true), ("id.token", true), ("idToken", true),
    ("jwt", true), ("userJWT", true), ("JWTToken", true), ("bearer", true), ("authBearer", true),
    ("auth", true), ("auth_user", true), ("next-auth.session-token", true), ("Authorization", true),
    ("credential", true), ("userCredentials", true), ("clientSecret", true), ("password", true),
    ("apikey", true), ("apiKey", true), ("x-api-key", true), ("API_KEY", true), ("sessionId", true),
    ("session_id", true), ("acme.session_id", true), ("oauth2Token", true), ("sb-access-token", true),
    ("accessibilityMode", false), ("authorFilter", false), ("sessionTheme", false), ("theme", false),
    ("locale", false), ("sidebar", false), ("sidebarOpen", false), ("session", false), ("access", false),
    ("refresh", false), ("api", false), ("key", false), ("apiBase", false), ("keyboardLayout", false),
    ("author", false), ("authenticated", false), ("oauthState", false), ("tokenizer", false),
    ("identity", false), ("sessionKey", false), ("idle", false), ("", false), ("__", false),
  ]

  @Test(arguments: table)
  func nameMatchesOnWholeWords(_ row: (name: String, matches: Bool)) {
    #expect(CredentialName.matches(row.name) == row.matches, "\(row.name)")
  }

  @Test func wordsSplitAtHumpsSeparatorsAcronymsAndDigits() {
    #expect(CredentialName.words(of: "accessToken") == ["access", "token"])
    #expect(CredentialName.words(of: "ACCESS_TOKEN") == ["access", "token"])
    #expect(CredentialName.words(of: "next-auth.session-token") == ["next", "auth", "session", "token"])
    #expect(CredentialName.words(of: "JWTToken") == ["jwt", "token"])
    #expect(CredentialName.words(of: "oauth2Token") == ["oauth", "2", "token"])
    #expect(CredentialName.words(of: "x-api-key") == ["x", "api", "key"])
    #expect(CredentialName.words(of: "already") == ["already"])
  }
}

@Suite struct WebStorageExtractionTests {
  @Test func writesThroughEveryFormWithExactRanges() throws {
    let code =
      "localStorage.setItem(\"token\", t);\nwindow.sessionStorage[\"jwt\"] = x;\n"
      + "self.localStorage.refresh = data.refreshToken;\n"
    let file = try extract(code)
    #expect(
      file.storageAccesses == [
        WebStorageAccess(
          kind: .write, form: .method, storage: .local,
          key: ScriptOperand(literal: "token", template: nil, name: nil, range: 21..<28),
          value: ScriptValue(name: "t", text: "t", range: 30..<31), range: 0..<32),
        WebStorageAccess(
          kind: .write, form: .bracket, storage: .session,
          key: ScriptOperand(literal: "jwt", template: nil, name: nil, range: 56..<61),
          value: ScriptValue(name: "x", text: "x", range: 65..<66), range: 34..<66),
        WebStorageAccess(
          kind: .write, form: .property, storage: .local,
          key: ScriptOperand(literal: "refresh", template: nil, name: "refresh", range: 86..<93),
          value: ScriptValue(name: "refreshToken", text: "data.refreshToken", range: 96..<113),
          range: 68..<113),
      ])
  }

  @Test func aliasesAndConstantKeysResolveAnywhereInTheFile() throws {
    let code = """
      export function save(session: Session) {
        store.setItem(TOKEN_KEY, session.jwt);
        store[KEYS.refresh] = `${session.refresh}`;
        globalThis.localStorage.setItem(`user_${session.id}`, "x");
        other.setItem("token", session.jwt);
      }
      const store = remember ? window.localStorage : globalThis.sessionStorage;
      const TOKEN_KEY = "access_token";
      const KEYS = { refresh: "rt" } as const;
      """
    let file = try extract(code)
    let call = try range(of: "store.setItem(TOKEN_KEY, session.jwt)", in: code)
    let assignment = try range(of: "store[KEYS.refresh] = `${session.refresh}`", in: code)
    let templated = try range(of: "globalThis.localStorage.setItem(`user_${session.id}`, \"x\")", in: code)
    #expect(file.storageAccesses.map(\.range) == [call, assignment, templated])
    #expect(file.storageAccesses.map(\.storage) == [.local, .local, .local])
    #expect(
      file.storageAccesses[0].key
        == ScriptOperand(
          literal: "access_token", template: nil, name: "TOKEN_KEY",
          range: try range(of: "TOKEN_KEY", in: code)))
    #expect(file.storageAccesses[0].value?.name == "jwt")
    #expect(file.storageAccesses[1].key.literal == "rt")
    #expect(file.storageAccesses[1].key.name == "refresh")
    #expect(file.storageAccesses[1].value?.name == nil)
    #expect(file.storageAccesses[2].key.template == "user_${session.id}")
    #expect(file.storageAccesses[2].key.literal == nil)
  }

  @Test func readsAndRemovalsButNotStorageMethodsOrMembers() throws {
    let code = """
      const a = localStorage.getItem("token");
      const b = window.sessionStorage.jwt;
      const c = localStorage["auth"];
      const n = localStorage.length;
      localStorage.clear();
      localStorage.removeItem("token");
      delete sessionStorage.jwt;
      """
    let file = try extract(code)
    #expect(file.storageAccesses.map(\.kind) == [.read, .read, .read, .remove, .remove])
    #expect(file.storageAccesses.map(\.form) == [.method, .property, .bracket, .method, .property])
    #expect(file.storageAccesses.map(\.key.literal) == ["token", "jwt", "auth", "token", "jwt"])
    #expect(
      file.storageAccesses.map(\.range) == [
        try range(of: "localStorage.getItem(\"token\")", in: code),
        try range(of: "window.sessionStorage.jwt", in: code),
        try range(of: "localStorage[\"auth\"]", in: code),
        try range(of: "localStorage.removeItem(\"token\")", in: code),
        try range(of: "delete sessionStorage.jwt", in: code),
      ])
  }

  @Test func authorizationHeadersCollectTheReadsThatReachThem() throws {
    let code = """
      function getToken() {
        return localStorage.getItem("token");
      }
      const jwt = sessionStorage.jwt ?? "";
      export async function load(path: string) {
        const auth = `Bearer ${jwt}`;
        await fetch(path, { headers: { Authorization: auth } });
        const headers = new Headers();
        headers.set("authorization", getToken() ?? "");
        api.defaults.headers.common["Authorization"] = localStorage["auth"];
      }
      function shadowed(jwt: string) {
        return fetch("/x", { method: "post", headers: { Authorization: jwt } });
      }
      const theme = localStorage.getItem("theme");
      """
    let file = try extract(code)
    func at(_ needle: String, length: Int? = nil) throws -> Range<Int> {
      let found = try range(of: needle, in: code)
      return found.lowerBound..<(found.lowerBound + (length ?? found.count))
    }
    let reads = file.storageAccesses.map(\.range)
    #expect(
      reads == [
        try at("localStorage.getItem(\"token\")"), try at("sessionStorage.jwt"),
        try at("localStorage[\"auth\"]"),
        try at("localStorage.getItem(\"theme\")"),
      ])
    #expect(
      file.authorizationHeaders == [
        AuthorizationHeader(
          form: .property, range: try at("Authorization: auth"),
          value: ScriptValue(name: "auth", text: "auth", range: try at("auth }", length: 4)),
          storageReads: [1]),
        AuthorizationHeader(
          form: .setterCall, range: try at("headers.set(\"authorization\", getToken() ?? \"\")"),
          value: ScriptValue(name: nil, text: "getToken() ?? \"\"", range: try at("getToken() ?? \"\"")),
          storageReads: [0]),
        AuthorizationHeader(
          form: .assignment,
          range: try at("api.defaults.headers.common[\"Authorization\"] = localStorage[\"auth\"]"),
          value: ScriptValue(name: "auth", text: "localStorage[\"auth\"]", range: reads[2]), storageReads: [2]
        ),
        AuthorizationHeader(
          form: .property, range: try at("Authorization: jwt"),
          value: ScriptValue(name: "jwt", text: "jwt", range: try at("jwt }", length: 3)), storageReads: []),
      ])
  }

  @Test func requestsCarryClientMethodAndURL() throws {
    let code = """
      import axios from "axios";
      const API = "/api/projects";
      const client = axios.create({ baseURL: "/api" });
      fetch(API);
      window.fetch(`/api/items/${id}`, { method: "delete" });
      fetch("/api/upload", init);
      axios.post("/api/login", body);
      client({ url: "/api/me", method: "PATCH" });
      client.get(`/api/health`);
      other.get("/not/a/request");
      """
    let file = try extract(code)
    #expect(file.requests.map(\.client) == [.fetch, .fetch, .fetch, .axios, .axios, .axios])
    #expect(file.requests.map(\.method) == ["GET", "DELETE", nil, "POST", "PATCH", "GET"])
    #expect(
      file.requests.map { $0.url?.literal ?? $0.url?.template } == [
        "/api/projects", "/api/items/${id}", "/api/upload", "/api/login", "/api/me", "/api/health",
      ])
    #expect(file.requests[0].range == (try range(of: "fetch(API)", in: code)))
  }

  @Test func javaScriptFilesParseWithTheTSXGrammar() throws {
    let code = "const s = self.sessionStorage;\nexport const keep = (t) => s.setItem('jwt', t);\n"
    let file = try extract(code, as: try #require(Language(fileName: "legacy.mjs")))
    #expect(file.storageAccesses.map(\.range) == [try range(of: "s.setItem('jwt', t)", in: code)])
    #expect(file.storageAccesses.first?.storage == .session)
  }
}

@Suite struct TokenInWebStorageRuleTests {
  private func reported(_ files: [String: String]) throws -> [String] {
    try TemporaryProject(files: files).audit().findings
      .filter { $0.ruleId == TokenInWebStorageRule.id && !$0.isSuppressed }
      .map { "\($0.location.path):\($0.location.line):\($0.location.column): \($0.message)" }
  }

  @Test func messagesNameTheKeyTheValueAndTheHeaderRead() throws {
    let code = """
      const TOKEN_KEY = "access_token";
      export function save(data: Session) {
        localStorage.setItem(TOKEN_KEY, data.value);
        sessionStorage.setItem("user", data.refreshToken);
        localStorage.setItem("token", null);
        return fetch("/api", { headers: { Authorization: `Bearer ${localStorage.getItem(TOKEN_KEY)}` } });
      }
      """
    #expect(
      try reported(["web/lib/session.ts": code, "web/lib/session.test.ts": code]) == [
        "web/lib/session.ts:3:3: \"access_token\" is stored in localStorage, where any script on the "
          + "page can read it; keep auth tokens in an HttpOnly cookie",
        "web/lib/session.ts:4:3: `refreshToken` is stored in sessionStorage under \"user\", where any "
          + "script on the page can read it; keep auth tokens in an HttpOnly cookie",
        "web/lib/session.ts:6:62: \"access_token\" is read from localStorage into an Authorization header, "
          + "so the credential lives in web storage; send it as an HttpOnly cookie instead",
      ])
  }

  @Test func oneReadFeedingSeveralHeadersIsReportedOnce() throws {
    let code = """
      const token = localStorage.getItem("token");
      export const a = () => fetch("/a", { headers: { Authorization: token } });
      export const b = () => fetch("/b", { headers: { Authorization: token } });
      """
    #expect(try reported(["app/api.ts": code]).count == 1)
  }
}
