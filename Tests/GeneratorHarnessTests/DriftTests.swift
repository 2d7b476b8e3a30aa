import ArchCore
import Audit
import Foundation
import GeneratorHarness
import Rules
import Testing

/// A throwaway project folder with a blueprint beside it, removed when released.
final class DriftProject {
  let url: URL

  init(_ files: [String: String]) throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archverify-drift-\(UUID().uuidString)")
    for (path, text) in files { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: false, encoding: .utf8)
  }

  /// Drift of the project (`app/...`) against `blueprint.yaml`, both in the folder, with the
  /// blueprint named by its relative path as `drift` run in the folder names it. (The working
  /// directory is not changed: tests run in parallel.)
  func drift() throws -> DriftReport {
    let text = try String(contentsOf: url.appendingPathComponent("blueprint.yaml"), encoding: .utf8)
    let blueprint = try Blueprint.parse(text, path: "blueprint.yaml")
    let facts = try Auditor(rules: try RuleSet.load(), options: AuditOptions(root: url.path)).facts()
    return Drift.compare(blueprint, blueprintPath: "blueprint.yaml", project: facts)
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// A small blueprint and a Flask project that implements it exactly.
enum DriftFixtures {
  static let blueprint = """
    name: Shop
    stack: flask
    entities:
      - name: Customer
        fields:
          - {name: email, type: email, required: true}
          - {name: full_name, type: string}
      - name: Order
        fields:
          - {name: status, type: enum, values: [draft, paid], default: draft}
          - {name: total, type: decimal}
          - {name: placed_at, type: datetime}
          - {name: customer, type: ref, to: Customer}

    """

  static let models = """
    from .extensions import db


    class Workspace(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        name = db.Column(db.String(120))


    class Customer(db.Model):
        __tablename__ = "customers"
        id = db.Column(db.Integer, primary_key=True)
        workspace_id = db.Column(db.Integer, db.ForeignKey("workspace.id"), nullable=False)
        created_at = db.Column(db.DateTime)
        updated_at = db.Column(db.DateTime)
        email = db.Column(db.String(255), nullable=False)
        full_name = db.Column(db.String(120))


    class Order(db.Model):
        __tablename__ = "orders"
        id = db.Column(db.Integer, primary_key=True)
        workspace_id = db.Column(db.Integer, db.ForeignKey("workspace.id"), nullable=False)
        created_at = db.Column(db.DateTime)
        updated_at = db.Column(db.DateTime)
        status = db.Column(db.Enum("draft", "paid", name="order_status"))
        total = db.Column(db.Numeric(10, 2))
        placed_at = db.Column(db.DateTime)
        customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"))

    """

  static func routes(_ resource: String, omit: Set<String> = [], extra: String = "") -> String {
    var text = """
      from flask import Blueprint

      bp = Blueprint("\(resource)", __name__, url_prefix="/api/\(resource)")

      """
    let handlers = [
      ("GET", "list", "\"\""), ("POST", "create", "\"\""), ("GET", "read", "\"/<int:item_id>\""),
      ("PATCH", "update", "\"/<int:item_id>\""), ("DELETE", "delete", "\"/<int:item_id>\""),
    ]
    for (method, name, rule) in handlers where !omit.contains("\(method) \(name)") {
      let argument = rule == "\"\"" ? "" : "item_id"
      text += "\n\n@bp.route(\(rule), methods=[\"\(method)\"])\ndef \(name)(\(argument)):\n    return {}\n"
    }
    return text + extra
  }

  static func openAPI(_ resources: [String]) -> String {
    var text = "openapi: 3.1.0\ninfo: {title: Shop, version: '1'}\npaths:\n"
    for resource in resources {
      text += "  /api/\(resource):\n    get: {responses: {'200': {description: ok}}}\n"
      text += "    post: {responses: {'201': {description: created}}}\n"
      text += "  /api/\(resource)/{id}:\n    get: {responses: {'200': {description: ok}}}\n"
      text += "    patch: {responses: {'200': {description: ok}}}\n"
      text += "    delete: {responses: {'204': {description: deleted}}}\n"
    }
    return text
  }

  static let application = """
    from flask import Flask

    from .customers import bp as customers
    from .extensions import db
    from .orders import bp as orders


    def create_app():
        app = Flask(__name__)
        db.init_app(app)
        app.register_blueprint(customers)
        app.register_blueprint(orders)
        return app

    """

  static var matching: [String: String] {
    [
      "blueprint.yaml": blueprint,
      "app/__init__.py": application,
      "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
      "app/models.py": models,
      "app/customers.py": routes("customers"),
      "app/orders.py": routes("orders"),
      "openapi.yaml": openAPI(["customers", "orders"]),
    ]
  }
}

@Suite struct DriftTests {
  @Test func matchingProjectHasNoDrift() throws {
    let project = try DriftProject(DriftFixtures.matching)
    let report = try project.drift()
    #expect(report.items == [])
    #expect(report.text == "No drift: the project matches blueprint.yaml.\n")
    #expect(
      try report.json() == """
        {
          "blueprint" : "blueprint.yaml",
          "drift" : false,
          "items" : [

          ]
        }

        """)
  }

  /// One drift of every kind.
  static func drifted() throws -> DriftProject {
    var files = DriftFixtures.matching
    files["blueprint.yaml"] =
      DriftFixtures.blueprint + "      - {name: notes, type: text}\n"
      + "  - name: Invoice\n    fields:\n      - {name: amount, type: decimal}\n"
    files["app/models.py"] =
      DriftFixtures.models
      .replacingOccurrences(of: "total = db.Column(db.Numeric(10, 2))", with: "total = db.Column(db.Float)")
      .replacingOccurrences(
        of: "    full_name = db.Column(db.String(120))\n",
        with: "    full_name = db.Column(db.String(120))\n    legacy_code = db.Column(db.String(8))\n")
        + """


        class Coupon(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            workspace_id = db.Column(db.Integer, db.ForeignKey("workspace.id"))
            code = db.Column(db.String(20))

        """
    files["app/orders.py"] = DriftFixtures.routes(
      "orders", omit: ["DELETE delete"],
      extra: "\n\n@bp.route(\"/<int:item_id>\", methods=[\"PUT\"])\ndef replace(item_id):\n    return {}\n")
    files["openapi.yaml"] = DriftFixtures.openAPI(["orders"])
    return try DriftProject(files)
  }

  @Test func everyKindOfDriftIsReported() throws {
    let project = try Self.drifted()
    let report = try project.drift()
    #expect(
      report.text == """
        Entities without a model
          blueprint.yaml:15:11: entity Invoice has no model (expected class Invoice, table 'invoices')

        Models without an entity
          app/models.py:32:1: model Coupon has no entity in the blueprint

        Fields and columns
          app/models.py:17:5: Customer.legacy_code: column has no field in the blueprint
          app/models.py:20:1: Order.notes: no column for field 'notes' (text maps to Text)
          app/models.py:27:5: Order.total: column type is Float, but field 'total' is decimal, which maps to Numeric

        CRUD routes
          blueprint.yaml:15:11: Invoice: no route DELETE /api/invoices/{id}
          blueprint.yaml:15:11: Invoice: no route GET /api/invoices
          blueprint.yaml:15:11: Invoice: no route GET /api/invoices/{id}
          blueprint.yaml:15:11: Invoice: no route PATCH /api/invoices/{id}
          blueprint.yaml:15:11: Invoice: no route POST /api/invoices
          app/orders.py:26:1: Order: route PUT /api/orders/{id} is not part of the entity's CRUD
          blueprint.yaml:8:11: Order: no route DELETE /api/orders/{id}

        OpenAPI
          blueprint.yaml:4:11: Customer: no operation under /api/customers (openapi.yaml)
          blueprint.yaml:15:11: Invoice: no operation under /api/invoices (openapi.yaml)

        14 drift items against blueprint.yaml.

        """)
    let json = try report.json()
    #expect(json.contains("\"kind\" : \"extra-route\""))
    #expect(try project.drift().json() == json)
  }

  @Test func malformedBlueprintIsAnInputError() throws {
    let project = try DriftProject([
      "blueprint.yaml": "name: Shop\nstack: flask\nentities: []\n", "app/x.py": "",
    ])
    let error = try #require(throws: InputError.self) { try project.drift() }
    #expect(error.headline == "blueprint.yaml:3:11: error: 'entities' must list at least one entity")
  }

  @Test func missingProjectFolderIsAnInputError() throws {
    let project = try DriftProject(["blueprint.yaml": DriftFixtures.blueprint])
    let error = try #require(throws: InputError.self) {
      try Drift.run(
        blueprintPath: project.url.path + "/blueprint.yaml", projectPath: project.url.path + "/nope")
    }
    #expect(error.message == "no such project folder")
  }
}

/// What `generate` renders is what `drift` holds it against: a fresh rendering has no drift, and a
/// renamed column in it is reported.
@Suite struct GeneratedProjectDriftTests {
  @Test(arguments: RenderedExamples.names + RenderedExamples.fixtureNames)
  func aGeneratedProjectHasNoDrift(_ name: String) throws {
    let scratch = try RenderedExamples.write(name)
    let report = try Drift.run(blueprintPath: RenderedExamples.blueprintPath(name), projectPath: scratch.path)
    #expect(report.items == [], "\(report.items)")
  }

  @Test func aRenamedColumnOfAGeneratedProjectIsDrift() throws {
    let scratch = try RenderedExamples.write("acme-orders")
    let model = scratch.path + "/acme_orders/models/customer.py"
    let text = try String(contentsOfFile: model, encoding: .utf8)
    #expect(text.contains("    phone = db.Column("))
    try text.replacingOccurrences(of: "    phone = db.Column(", with: "    telephone = db.Column(")
      .write(toFile: model, atomically: true, encoding: .utf8)
    let report = try Drift.run(
      blueprintPath: RenderedExamples.blueprintPath("acme-orders"), projectPath: scratch.path)
    #expect(report.items.map(\.entity) == ["Customer", "Customer"], "\(report.items)")
  }
}
