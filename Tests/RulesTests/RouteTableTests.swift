import ArchCore
import PyAnalysis
import Rules
import Testing
import TreeSitter

/// Builds the module graph, route table and guards of a project given as path → code.
private func analyse(_ files: [String: String], settings: AnalysisSettings = AnalysisSettings()) throws -> (
  graph: ModuleGraph, table: RouteTable, guards: RouteGuards
) {
  var parsed: [(path: String, file: PythonFile)] = []
  for (path, code) in files {
    let tree = try #require(Parser().parse(SourceText(code), as: .python))
    parsed.append((path, PythonExtractor.extract(tree)))
  }
  let graph = ModuleGraph(files: parsed)
  let table = RouteTable(graph: graph)
  return (graph, table, RouteGuards(routes: table, graph: graph, settings: settings))
}

/// A route reduced to what the tests compare: `METHODS full-path handler authenticated limited`.
private func summary(_ result: (graph: ModuleGraph, table: RouteTable, guards: RouteGuards)) -> [String] {
  result.table.routes.enumerated().map { index, route in
    let module = result.graph.modules[route.handler.module]
    let name = module.file.functions[route.handler.function].name
    let auth = result.guards.authenticated[index] ? "auth" : "open"
    let limit = result.guards.rateLimited[index] ? "limited" : "unlimited"
    return "\(route.methods.joined(separator: ",")) \(route.fullPaths.joined(separator: "|")) "
      + "\(module.path):\(name) \(auth) \(limit)"
  }.sorted()
}

@Suite struct ModuleGraphTests {
  @Test func importsResolveAbsoluteRelativeAliasedAndThroughPackages() throws {
    let (graph, _, _) = try analyse([
      "src/app/__init__.py": "from .services import orders as order_service\n",
      "src/app/services/__init__.py": "",
      "src/app/services/orders.py":
        "from ..models import Order\ndef create(data):\n    return Order(**data)\n",
      "src/app/models.py": "class Order:\n    pass\nSTATUS = 1\n",
      "src/app/views.py": """
      import app.services.orders as svc
      from app import order_service
      from .models import STATUS
      def view():
          svc.create({})
          order_service.create({})
          helper()
      def helper():
          return STATUS
      """,
    ])
    let views = try #require(graph.module(path: "src/app/views.py"))
    #expect(graph.modules[views].name == "src.app.views")
    let orders = try #require(graph.module(path: "src/app/services/orders.py"))
    let models = try #require(graph.module(path: "src/app/models.py"))
    #expect(graph.resolveModule("app.services.orders", from: views) == orders)
    #expect(graph.resolveModule("..models", from: orders) == models)
    #expect(graph.resolve("STATUS", in: views) == .variable(module: models, name: "STATUS"))
    #expect(graph.resolve("Order", in: orders) == .class(module: models, index: 0))
    let view = ModuleGraph.FunctionRef(module: views, function: 0)
    let create = ModuleGraph.FunctionRef(module: orders, function: 0)
    let helper = ModuleGraph.FunctionRef(module: views, function: 1)
    #expect(graph.callees(of: view) == [create, helper])
    #expect(graph.reachable(from: view) == [view, create, helper])
  }

  @Test func aSuffixOnlyAnswersImportsWhenItCanBeAnImportRoot() throws {
    let (graph, _, _) = try analyse([
      "indico/__init__.py": "",
      "indico/web/__init__.py": "",
      "indico/web/flask/__init__.py": "",
      "indico/web/flask/wrappers.py": "class Request:\n    pass\n",
      "indico/app.py": "from flask.wrappers import Request\nfrom indico.web.flask import wrappers\n",
      "orders/service.py": "def load():\n    pass\n",
      "orders/views.py": "from orders import service\n",
    ])
    let app = try #require(graph.module(path: "indico/app.py"))
    let wrappers = try #require(graph.module(path: "indico/web/flask/wrappers.py"))
    #expect(graph.resolveModule("flask.wrappers", from: app) == nil)
    #expect(graph.resolve("Request", in: app) == nil)
    #expect(graph.resolve("wrappers", in: app) == .module(wrappers))
    // A namespace package (no `__init__.py`) still resolves its modules.
    let views = try #require(graph.module(path: "orders/views.py"))
    let service = try #require(graph.module(path: "orders/service.py"))
    #expect(graph.resolve("service", in: views) == .module(service))
  }
}

@Suite struct RouteTableTests {
  @Test func flaskPrefixesComposeAcrossModulesAndRegistrationsReplaceTheBlueprintsOwn() throws {
    let result = try analyse([
      "app/__init__.py": """
      from flask import Flask
      from .api import api
      from .orders.views import bp as orders_bp
      from . import admin

      def create_app():
          app = Flask(__name__)
          app.register_blueprint(api, url_prefix="/api/v1/")
          app.register_blueprint(admin.bp)
          return app
      """,
      "app/api.py": """
      from flask import Blueprint
      from .orders.views import bp as orders_bp
      api = Blueprint("api", __name__, url_prefix="/ignored")
      api.register_blueprint(orders_bp, url_prefix="/orders")
      """,
      "app/orders/__init__.py": "",
      "app/orders/views.py": """
      from flask import Blueprint
      from flask.views import MethodView
      bp = Blueprint("orders", __name__, url_prefix="/own")

      @bp.route("/", methods=["GET", "POST"])
      def index():
          pass

      @bp.get("/<int:order_id>")
      def show(order_id):
          pass

      class ItemAPI(MethodView):
          def get(self, id):
              pass
          def delete(self, id):
              pass
          def helper(self):
              pass

      bp.add_url_rule("/items/<int:id>", view_func=ItemAPI.as_view("item"))
      """,
      "app/admin.py": """
      from flask import Blueprint
      bp = Blueprint("admin", __name__, url_prefix="/admin")

      @bp.route("/stats")
      def stats():
          pass
      """,
    ])
    #expect(
      summary(result) == [
        "DELETE /api/v1/orders/items/<int:id> app/orders/views.py:delete open unlimited",
        "GET /admin/stats app/admin.py:stats open unlimited",
        "GET /api/v1/orders/<int:order_id> app/orders/views.py:show open unlimited",
        "GET /api/v1/orders/items/<int:id> app/orders/views.py:get open unlimited",
        "GET,POST /api/v1/orders/ app/orders/views.py:index open unlimited",
      ])
    #expect(result.table.applications.count == 1)
  }

  @Test func fastAPIPrefixesConcatenateAndDependenciesAuthenticate() throws {
    let result = try analyse([
      "app/main.py": """
      from fastapi import Depends, FastAPI
      from app.deps import get_current_user
      from app.routers import items, public

      app = FastAPI()
      app.include_router(items.router, prefix="/api", dependencies=[Depends(get_current_user)])
      app.include_router(public.router)
      """,
      "app/deps.py": """
      from typing import Annotated
      from fastapi import Depends
      def get_current_user():
          pass
      CurrentUser = Annotated[dict, Depends(get_current_user)]
      """,
      "app/routers/__init__.py": "",
      "app/routers/items.py": """
      from fastapi import APIRouter
      router = APIRouter(prefix="/items")

      @router.get("/{item_id}")
      async def read(item_id: int):
          pass
      """,
      "app/routers/public.py": """
      from fastapi import APIRouter, Depends, Security
      from app.deps import CurrentUser
      router = APIRouter(prefix="/public")

      @router.get("/health")
      def health():
          pass

      @router.post("/orders")
      def create(user: CurrentUser):
          pass

      @router.delete("/orders/{id}")
      def remove(id: int, principal=Security(load_principal, scopes=["admin"])):
          pass

      @router.api_route("/ping", methods=["GET", "HEAD"], dependencies=[Depends(verify_token)])
      def ping():
          pass
      """,
    ])
    #expect(
      summary(result) == [
        "DELETE /public/orders/{id} app/routers/public.py:remove auth unlimited",
        "GET /api/items/{item_id} app/routers/items.py:read auth unlimited",
        "GET /public/health app/routers/public.py:health open unlimited",
        "GET,HEAD /public/ping app/routers/public.py:ping auth unlimited",
        "POST /public/orders app/routers/public.py:create auth unlimited",
      ])
  }

  @Test func flaskAuthenticationThroughAliasesProjectDecoratorsHooksAndViewDecorators() throws {
    let result = try analyse(
      [
        "app/auth.py": """
        from functools import wraps
        from flask_jwt_extended import verify_jwt_in_request
        from flask_login import current_user

        def admin_required(fn):
            @wraps(fn)
            def wrapper(*args, **kwargs):
                verify_jwt_in_request()
                return fn(*args, **kwargs)
            return wrapper

        def staff_only(fn):
            @admin_required
            def inner(*args, **kwargs):
                return fn(*args, **kwargs)
            return inner

        def owner_check():
            if not current_user.is_authenticated:
                abort(401)
        """,
        "app/views.py": """
        from flask import Blueprint
        from flask.views import MethodView
        from flask_jwt_extended import jwt_required as auth
        from app.auth import admin_required, staff_only, owner_check
        from app.extensions import limiter

        bp = Blueprint("views", __name__)
        private = Blueprint("private", __name__, url_prefix="/p")
        private.before_request(owner_check)
        members = Blueprint("members", __name__)

        @members.before_request
        def check_member():
            verify_jwt_in_request()

        @bp.get("/a")
        @auth()
        def a():
            pass

        @bp.get("/b")
        @admin_required
        def b():
            pass

        @bp.get("/c")
        @staff_only
        @limiter.limit("1/second")
        def c():
            pass

        @bp.get("/d")
        @member_required
        def d():
            pass

        @private.get("/e")
        def e():
            pass

        @members.get("/f")
        def f():
            pass

        class Secret(MethodView):
            decorators = [auth()]
            def get(self):
                pass

        bp.add_url_rule("/g", view_func=Secret.as_view("secret"))
        """,
      ],
      settings: AnalysisSettings(authDecorators: AnalysisSettings.defaultAuthDecorators + ["member_required"])
    )
    #expect(
      summary(result) == [
        "GET /a app/views.py:a auth unlimited",
        "GET /b app/views.py:b auth unlimited",
        "GET /c app/views.py:c auth limited",
        "GET /d app/views.py:d auth unlimited",
        "GET /f app/views.py:f auth unlimited",
        "GET /g app/views.py:get auth unlimited",
        "GET /p/e app/views.py:e auth unlimited",
      ])
    #expect(result.guards.authDecorators.isSuperset(of: ["admin_required", "staff_only", "member_required"]))
  }
}

@Suite struct LoginNotRateLimitedTests {
  static let rule = "auth/login-not-rate-limited"

  @Test(
    arguments: [
      ("login", [], true), ("nostr_login", [], true), ("signIn", [], true), ("sign_up", [], true),
      ("issue", ["/oauth/token"], true), ("view", ["/auth/forgot-password"], true),
      ("view", ["/password_reset/<uid>"], true), ("RegisterView", [], true), ("loginForm", [], true),
      ("list_tokens", ["/user/<id>/api-tokens"], false),
      ("download", ["/file/trusted-download/<token>"], false),
      ("download", ["/files/{token}"], false), ("catalog", ["/signing-keys"], false), ("signal", [], false),
    ] as [(String, [String], Bool)])
  func handlersAreLoginLikeByWholeWords(_ name: String, _ paths: [String], _ expected: Bool) {
    #expect(LoginNotRateLimitedRule.isLoginLike(name: name, paths: paths) == expected)
  }

  @Test func slowAPIDefaultLimitsCountOnlyWithItsMiddleware() throws {
    let routes = """
      from fastapi import APIRouter
      router = APIRouter()

      @router.post("/login")
      def login():
          pass
      """
    let limiter = """
      from fastapi import FastAPI
      from slowapi import Limiter
      from slowapi.middleware import SlowAPIMiddleware
      from slowapi.util import get_remote_address
      from app.routes import router

      app = FastAPI()
      app.state.limiter = Limiter(key_func=get_remote_address, default_limits=["100/minute"])
      app.include_router(router)
      """
    let without = try TemporaryProject(files: ["app/routes.py": routes, "app/main.py": limiter]).audit()
    #expect(without.findings.filter { $0.ruleId == Self.rule }.map(\.location.line) == [4])
    let with = try TemporaryProject(files: [
      "app/routes.py": routes, "app/main.py": limiter + "app.add_middleware(SlowAPIMiddleware)\n",
    ]).audit()
    #expect(with.findings.filter { $0.ruleId == Self.rule }.isEmpty)
  }

  @Test func aMethodViewIsReportedOnceAtItsRegistrationNamedByItsClass() throws {
    let project = try TemporaryProject(files: [
      "app/views.py": """
      from flask import Blueprint
      from flask.views import MethodView

      bp = Blueprint("user", __name__, url_prefix="/user")

      class RegisterView(MethodView):
          def get(self):
              pass

          def post(self):
              pass

      bp.add_url_rule("/register", view_func=RegisterView.as_view("register"))
      """
    ])
    let found = try project.audit().findings.filter { $0.ruleId == Self.rule }
    #expect(found.map { "\($0.location.line):\($0.location.column)" } == ["13:1"])
    #expect(
      found.first?.message
        == "`RegisterView` (GET, POST /user/register) has no rate limit, so passwords and tokens can be "
        + "guessed without bound; add @limiter.limit(\"5 per minute\") or limit its blueprint")
  }
}
