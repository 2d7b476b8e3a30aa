import ArchCore
import Audit
import Rules
import Testing

/// `path:line:col message` of every counted finding of the OpenAPI parity rules.
private func parity(_ files: [String: String]) throws -> [String] {
  let rules: Set<String> = ["openapi/missing-spec", "openapi/undocumented-route", "openapi/orphan-operation"]
  return try TemporaryProject(files: files).audit().findings.filter {
    rules.contains($0.ruleId) && !$0.isSuppressed
  }
  .map { "\($0.location.path):\($0.location.line):\($0.location.column) \($0.ruleId): \($0.message)" }
}

private let ordersBlueprint = """
  from flask import Blueprint

  bp = Blueprint("orders", __name__)

  @bp.get("/<int:order_id>")
  def show(order_id):
      return {}

  @bp.route("/<int:order_id>/items/", methods=["GET", "POST"])
  def items(order_id):
      return []
  """

@Suite struct OpenAPIParityTests {
  @Test func missingSpecIsReportedOnceAtTheApplicationEvenASubclassOfFlask() throws {
    let found = try parity([
      "app/core.py": "from flask import Flask\n\nclass PortalApp(Flask):\n    pass\n",
      "app/__init__.py": """
      from .core import PortalApp
      from .orders import bp


      def create_app():
          app = PortalApp(__name__)
          app.register_blueprint(bp, url_prefix="/api/orders")
          return app
      """,
      "app/orders.py": ordersBlueprint,
    ])
    #expect(
      found == [
        "app/__init__.py:6:11 openapi/missing-spec: the application serves 2 HTTP routes but the project has "
          + "no OpenAPI document; add openapi.yaml describing them (or set `openapi:` in archverify.yml)"
      ])
  }

  @Test func aFastAPIApplicationNeedsNoDocumentAndAnApplicationWithoutRoutesIsNotReported() throws {
    #expect(
      try parity([
        "api/main.py":
          "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/x\")\ndef x():\n    pass\n",
        "worker/app.py": "from flask import Flask\napp = Flask(__name__)\n",
      ]).isEmpty)
  }

  @Test func parityComparesFullPathsByPositionWithServerBasePathsInBothDirections() throws {
    let found = try parity([
      "app/__init__.py": """
      from flask import Flask
      from .orders import bp

      app = Flask(__name__)
      app.register_blueprint(bp, url_prefix="/orders")
      """,
      "app/orders.py": ordersBlueprint,
      "docs/openapi.yaml": """
      openapi: 3.0.3
      info: {title: Orders, version: "1"}
      servers:
        - url: https://shop.example.com/
      paths:
        /orders/{id}:
          get:
            responses: {"200": {description: ok}}
          head:
            responses: {"200": {description: ok}}
        /orders/{id}/items:
          get:
            responses: {"200": {description: ok}}
        /orders/{id}/refund:
          post:
            responses: {"200": {description: ok}}
      """,
    ])
    #expect(
      found == [
        "app/orders.py:9:1 openapi/undocumented-route: POST /orders/<int:order_id>/items/ is not described "
          + "in docs/openapi.yaml; add the operation to the document or remove the route",
        "docs/openapi.yaml:15:5 openapi/orphan-operation: POST /orders/{id}/refund is described in "
          + "docs/openapi.yaml but no route serves it; implement the route or remove the operation",
      ])
  }

  @Test func aDocumentWithoutAnyPythonRouteDescribesAnAPIServedElsewhere() throws {
    #expect(
      try parity([
        "web/lib/api.ts": "export const list = () => fetch(\"/api/orders\");\n",
        "openapi.yaml": """
        openapi: 3.1.0
        info: {title: Orders, version: "1"}
        paths:
          /api/orders:
            get:
              responses: {"200": {description: ok}}
        """,
      ]).isEmpty)
  }

  @Test func orphanOperationsAreSuppressedInTheDocument() throws {
    let result = try TemporaryProject(files: [
      "app.py": "from flask import Flask\napp = Flask(__name__)\n\n@app.get(\"/a\")\ndef a():\n    pass\n",
      "openapi.yaml": """
      openapi: 3.1.0
      info: {title: A, version: "1"}
      paths:
        /a:
          get:
            responses: {"200": {description: ok}}
        /legacy:
          # archverify: ignore[openapi/orphan-operation] served by the nginx rewrite
          get:
            responses: {"200": {description: ok}}
      """,
    ]).audit()
    let orphans = result.findings.filter { $0.ruleId == "openapi/orphan-operation" }
    #expect(orphans.map { "\($0.location.line):\($0.isSuppressed)" } == ["9:true"])
  }
}
