import ArchCore
import Audit
import PyAnalysis
import Rules
import Testing
import TreeSitter

/// A finding reduced to what these tests compare.
private struct Reported: Hashable, CustomStringConvertible {
  let path: String
  let line: Int
  let column: Int
  var description: String { "\(path):\(line):\(column)" }
}

/// Audits `files` and returns the counted findings of `ruleId`, in report order.
private func findings(_ ruleId: String, _ files: [String: String]) throws -> [Finding] {
  try TemporaryProject(files: files).audit().findings.filter { $0.ruleId == ruleId && !$0.isSuppressed }
}

private func positions(_ ruleId: String, _ files: [String: String]) throws -> [Reported] {
  try findings(ruleId, files).map {
    Reported(path: $0.location.path, line: $0.location.line, column: $0.location.column)
  }
}

private func parsePython(_ code: String) throws -> PythonFile {
  let tree = try #require(Parser().parse(SourceText(code), as: .python))
  return PythonExtractor.extract(tree)
}

@Suite struct RouteFactsTests {
  @Test func routeDecoratorsGiveMethodsPathsAndTheFirstDecorator() throws {
    let code = """
      from flask import Blueprint
      from fastapi import APIRouter

      bp = Blueprint("orders", __name__)
      router = APIRouter(prefix="/items")

      @csrf.exempt
      @bp.route("/orders", methods=["get", "POST"])
      @bp.route("/orders/<int:order_id>")
      def orders(order_id=None):
          pass

      @router.get("")
      async def list_items():
          pass

      @router.api_route("/sync", methods=["PUT", method])
      def sync():
          pass

      @cache.get(key)
      @cache.post("key")
      def cached():
          pass

      @app.delete(path="/items/{item_id}")
      def remove(item_id: int):
          pass
      """
    let file = try parsePython(code)
    let handlers = file.routeHandlers
    #expect(handlers.map { file.functions[$0.function].name } == ["orders", "list_items", "sync", "remove"])
    let orders = handlers[0]
    #expect(orders.routes.map(\.path) == ["/orders", "/orders/<int:order_id>"])
    #expect(orders.routes.map(\.httpMethods) == [["GET", "POST"], ["GET"]])
    #expect(orders.routes.map(\.decoratorIndex) == [1, 2])
    let firstRoute = try #require(code.range(of: "@bp.route(\"/orders\""))
    #expect(orders.decoratorOffset == code.utf8.distance(from: code.startIndex, to: firstRoute.lowerBound))
    #expect(handlers[1].routes.map(\.receiver) == ["router"])
    #expect(handlers[1].routes.map(\.path) == [""])
    #expect(handlers[1].routes.map(\.httpMethods) == [["GET"]])
    #expect(handlers[2].routes.map(\.method) == ["api_route"])
    #expect(handlers[2].routes.map(\.httpMethods) == [[]])
    #expect(handlers[3].routes.map(\.path) == ["/items/{item_id}"])
    #expect(handlers[3].routes.map(\.httpMethods) == [["DELETE"]])
  }
}

@Suite struct InsecureCookieTests {
  static let rule = "auth/insecure-cookie"

  @Test func lowercaseNoneSameSiteIsReportedEvenWhereStarletteDefaultsToLax() throws {
    let code = """
      from fastapi import Response

      def login(response: Response, token: str):
          response.set_cookie("session_id", token, httponly=True, secure=True, samesite="none")
          response.set_cookie("access_token", token, httponly=True, secure=True)
      """
    let found = try findings(Self.rule, ["app/api.py": code])
    #expect(found.map(\.location.line) == [4])
    #expect(found.map(\.location.column) == [5])
    #expect(
      found.map(\.message) == [
        "cookie 'session_id' carries a credential but is set with samesite='none'; "
          + "set httponly=True, secure=True and samesite=\"Lax\" or \"Strict\""
      ])
  }

  @Test func missingFlagsAreListedInTheMessage() throws {
    let code = """
      def login(resp, token):
          resp.set_cookie("jwt", token, secure=0)
      """
    let found = try findings(Self.rule, ["app/views.py": code])
    #expect(
      found.map(\.message) == [
        "cookie 'jwt' carries a credential but is set without httponly=True or samesite and with "
          + "secure=0; set httponly=True, secure=True and samesite=\"Lax\" or \"Strict\""
      ])
  }

  @Test func splatsAndConfigValuesAreTrustedButWeakLiteralsAreNot() throws {
    let code = """
      from flask import current_app

      COOKIE_OPTIONS = {"httponly": True, "secure": True, "samesite": "Lax"}

      def login(resp, token):
          resp.set_cookie("access_token", token, **COOKIE_OPTIONS)
          resp.set_cookie("refresh_token", token, httponly=True, secure=current_app.config["SECURE"],
                          samesite=current_app.config["SAMESITE"])
          resp.set_cookie("auth", token, secure=False, **COOKIE_OPTIONS)
      """
    #expect(
      try positions(Self.rule, ["app/views.py": code])
        == [Reported(path: "app/views.py", line: 9, column: 5)]
    )
  }

  @Test func cookieNamesResolveThroughConstantsAndValuesThroughProjectTokenFunctions() throws {
    let views = """
      from app.tokens import mint

      SESSION_COOKIE = "sessionId"
      PREFERENCE_COOKIE = "theme"

      def login(resp, user):
          resp.set_cookie(SESSION_COOKIE, user.sid)
          resp.set_cookie(PREFERENCE_COOKIE, user.theme)
          value = mint(user)
          resp.set_cookie("u", value, httponly=True, secure=True)
      """
    let tokens = """
      import jwt as pyjwt

      def mint(user):
          encoded = pyjwt.encode({"sub": user.id}, KEY)
          return encoded
      """
    let found = try positions(Self.rule, ["app/views.py": views, "app/tokens.py": tokens])
    #expect(
      found == [
        Reported(path: "app/views.py", line: 7, column: 5),
        Reported(path: "app/views.py", line: 10, column: 5),
      ])
  }

  @Test func testCodeIsNotChecked() throws {
    let code = """
      JWT_COOKIE_SECURE = False

      def test_login(client):
          client.set_cookie("access_token", "x")
      """
    #expect(try positions(Self.rule, ["tests/test_auth.py": code, "app/conftest.py": code]).isEmpty)
  }

  @Test func explicitHeaderOnlyLocationIsReportedAtTheSettingNotAtTheManager() throws {
    let code = """
      from flask import Flask
      from flask_jwt_extended import JWTManager

      app = Flask(__name__)
      app.config["JWT_TOKEN_LOCATION"] = "headers"
      jwt = JWTManager(app)
      """
    #expect(
      try positions(Self.rule, ["app/__init__.py": code]) == [
        Reported(path: "app/__init__.py", line: 5, column: 1)
      ])
  }

  @Test func cookiesLocationWithoutSecureIsReportedAtEveryManagerAcrossFiles() throws {
    let extensions = """
      from flask_jwt_extended import JWTManager
      jwt = JWTManager()
      """
    let config = """
      class Config:
          JWT_TOKEN_LOCATION = ("headers", "cookies")
      """
    let found = try findings(Self.rule, ["app/extensions.py": extensions, "app/config.py": config])
    #expect(found.map(\.location.path) == ["app/extensions.py"])
    #expect(found.map(\.location.line) == [2])
    #expect(found.map(\.location.column) == [7])
    #expect(found.first?.message.hasPrefix("JWT_COOKIE_SECURE is never set") == true)
  }

  @Test func nonLiteralLocationCountsAsCookiesOnlyWhenCookiesAreSet() throws {
    let app = """
      import os
      from flask_jwt_extended import JWTManager, set_access_cookies

      JWT_TOKEN_LOCATION = os.environ["JWT_TOKEN_LOCATION"].split(",")
      manager = JWTManager()

      def login(resp, token):
          set_access_cookies(resp, token)
      """
    #expect(
      try positions(Self.rule, ["app/auth.py": app]) == [Reported(path: "app/auth.py", line: 5, column: 11)])
    let withoutCookies = app.replacingOccurrences(of: "set_access_cookies(resp, token)", with: "pass")
    #expect(try positions(Self.rule, ["app/auth.py": withoutCookies]).isEmpty)
  }

  @Test func configurationLoadedFromTheEnvironmentSilencesUnsetSettings() throws {
    let code = """
      from flask import Flask
      from flask_jwt_extended import JWTManager

      app = Flask(__name__)
      app.config.from_prefixed_env()
      JWTManager(app)
      """
    #expect(try positions(Self.rule, ["app/__init__.py": code]).isEmpty)
  }
}

@Suite struct TokenInResponseBodyTests {
  static let rule = "auth/token-in-response-body"

  @Test func tupleUnpackingAndDecodeAreFollowed() throws {
    let code = """
      import jwt
      from flask import Blueprint, jsonify

      bp = Blueprint("auth", __name__)

      def create_tokens(user):
          return create_access_token(identity=user.id), create_refresh_token(identity=user.id)

      @bp.post("/login")
      def login():
          access, refresh = create_tokens(current())
          if refresh:
              return jsonify(refresh_token=jwt.encode({"r": 1}, KEY).decode("utf-8"))
          return jsonify(status="ok", data={"access": access})
      """
    let found = try findings(Self.rule, ["app/auth.py": code])
    #expect(found.map(\.location.line) == [13, 14])
    #expect(found.map(\.location.column) == [9, 5])
    #expect(
      found.first?.message
        == "`login` returns an authentication token in the response body; "
        + "set it in an HttpOnly cookie instead"
    )
  }

  @Test func aLaterReassignmentReplacesTheToken() throws {
    let code = """
      from flask import Blueprint, jsonify

      bp = Blueprint("auth", __name__)

      @bp.post("/login")
      def login():
          token = create_access_token(identity=1)
          token = "redacted"
          return jsonify(token=token)

      @bp.post("/logout")
      def logout():
          return jsonify(token_type="bearer", token=None)
      """
    #expect(try positions(Self.rule, ["app/auth.py": code]).isEmpty)
  }

  @Test func onlyRouteHandlersAreReported() throws {
    let code = """
      from fastapi import APIRouter

      router = APIRouter()

      def build_payload(user):
          return {"access_token": create_access_token(identity=user.id)}

      @router.post("/token")
      async def token(user=Depends(current_user)):
          payload = build_payload(user)
          return payload
      """
    #expect(
      try positions(Self.rule, ["app/api.py": code]) == [Reported(path: "app/api.py", line: 11, column: 5)])
  }

  @Test func tokensAndPayloadsAreFollowedThroughChainsOfProjectFunctionsAcrossModules() throws {
    // Each link is found one round after the one it calls; modules that call none of the names
    // found so far are not looked at again, which must not lose a link.
    let files = [
      "app/a.py": """
      def first(user):
          return create_access_token(identity=user.id)
      """,
      "app/b.py": """
      from app.a import first

      def second(user):
          return first(user)
      """,
      "app/c.py": """
      from app.b import second

      def third(user):
          return second(user)

      def body(user):
          return {"access_token": third(user)}

      def wrapped(user):
          return body(user)
      """,
      "app/routes.py": """
      from flask import Blueprint, jsonify
      from app.c import third, wrapped

      bp = Blueprint("auth", __name__)

      @bp.post("/login")
      def login():
          return jsonify(token=third(current()))

      @bp.post("/refresh")
      def refresh():
          return wrapped(current())

      @bp.get("/me")
      def me():
          return jsonify(name=unrelated())
      """,
    ]
    #expect(
      try positions(Self.rule, files) == [
        Reported(path: "app/routes.py", line: 8, column: 5),
        Reported(path: "app/routes.py", line: 12, column: 5),
      ])
  }
}

@Suite struct UnverifiedWebhookTests {
  static let rule = "billing/unverified-webhook"

  @Test func verificationThroughTwoProjectFunctionsInAnotherFileCounts() throws {
    let routes = """
      import stripe
      from flask import Blueprint, request
      from app.billing.events import load_event

      bp = Blueprint("billing", __name__)

      @bp.post("/stripe/webhook")
      def stripe_webhook():
          event = load_event(request)
          return "", 200
      """
    let events = """
      from app.billing.signatures import check

      def load_event(request):
          return check(request.get_data(), request.headers["Stripe-Signature"])
      """
    let signatures = """
      from stripe import WebhookSignature

      def check(payload, header):
          WebhookSignature.verify_header(payload, header, SECRET)
          return payload
      """
    let files = [
      "app/billing/routes.py": routes, "app/billing/events.py": events,
      "app/billing/signatures.py": signatures,
    ]
    #expect(try positions(Self.rule, files).isEmpty)
    // Without the signature check the chain verifies nothing.
    var unverified = files
    unverified["app/billing/signatures.py"] = "def check(payload, header):\n    return payload\n"
    #expect(
      try positions(Self.rule, unverified) == [Reported(path: "app/billing/routes.py", line: 7, column: 1)])
  }

  @Test func modulesWithoutStripeAndNonWebhookRoutesAreNotChecked() throws {
    let github = """
      from flask import Blueprint, request

      bp = Blueprint("github", __name__)

      @bp.post("/github/webhook")
      def github_webhook():
          return handle(request.get_json())
      """
    let billing = """
      import stripe
      from flask import Blueprint, request

      bp = Blueprint("billing", __name__)

      @bp.post("/billing/portal")
      def portal():
          return {"url": stripe.billing_portal.Session.create(customer=request.json["customer"]).url}
      """
    #expect(try positions(Self.rule, ["app/github.py": github, "app/billing.py": billing]).isEmpty)
  }

  @Test func parsingAfterVerificationIsFineAndMessagesSayWhatIsWrong() throws {
    let code = """
      import json
      import stripe
      from flask import Blueprint, request

      bp = Blueprint("billing", __name__)

      @bp.post("/stripe/webhook")
      def verified_first():
          event = stripe.Webhook.construct_event(request.data, request.headers["Stripe-Signature"], SECRET)
          body = json.loads(request.data)
          return "", 200

      @bp.post("/stripe/webhook-v2")
      def parsed_first():
          body = request.json
          event = stripe.Webhook.construct_event(request.data, request.headers["Stripe-Signature"], SECRET)
          return "", 200

      @bp.post("/stripe/webhook-v3")
      def never_verified():
          return handle(request.data)
      """
    let found = try findings(Self.rule, ["app/billing.py": code])
    #expect(found.map(\.location.line) == [13, 19])
    #expect(
      found.map(\.message) == [
        "webhook handler `parsed_first` parses the payload before verifying the Stripe signature; "
          + "verify with stripe.Webhook.construct_event first and use the event it returns",
        "webhook handler `never_verified` never verifies the Stripe signature; call "
          + "stripe.Webhook.construct_event(payload, sig_header, secret) before using the event",
      ])
  }
}
