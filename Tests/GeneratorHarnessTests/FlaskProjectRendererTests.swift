import ArchCore
import Audit
import Foundation
import GeneratorHarness
import GeneratorTemplates
import Rules
import Testing
import TreeSitter

/// The example blueprints and what rendering them gives.
enum RenderedExamples {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `examples/blueprints/<name>.yaml`, or for a name of `fixtureNames`,
  /// `Tests/GeneratorHarnessTests/Blueprints/<name>.yaml`.
  static func blueprintPath(_ name: String) -> String {
    let folder =
      fixtureNames.contains(name) ? "Tests/GeneratorHarnessTests/Blueprints" : "examples/blueprints"
    return repository.appendingPathComponent("\(folder)/\(name).yaml").path
  }

  static func blueprint(_ name: String) throws -> Blueprint {
    try Blueprint.load(path: blueprintPath(name))
  }

  static func render(_ name: String) throws -> [GeneratedFile] {
    try FlaskProjectRenderer(blueprint: try blueprint(name)).render()
  }

  /// Writes the files of `name` into a fresh scratch folder.
  static func write(_ name: String) throws -> ScratchFolder {
    let scratch = try ScratchFolder()
    try FlaskProjectRenderer(blueprint: try blueprint(name)).write(into: OutputFolder(root: scratch.path))
    return scratch
  }

  static let names = ["acme-orders", "clinic-scheduling"]

  /// Blueprints that exercise what the examples do not: no front end, roles without `admin`,
  /// optional refs (`SET NULL`), a ref to the entity itself, an entity of refs only, Stripe and
  /// Celery without SendGrid, a product name YAML and Markdown must quote.
  static let fixtureNames = ["edge-cases"]
}

@Suite struct FlaskProjectRendererTests {
  /// The whole file list of each example (`Snapshots/rendered-paths-<example>.txt`).
  @Test(arguments: RenderedExamples.names)
  func theExamplesRenderExactlyTheseFiles(_ name: String) throws {
    let paths = try RenderedExamples.render(name).map(\.path)
    Snapshot.assert(paths.joined(separator: "\n") + "\n", named: "rendered-paths-\(name)", ext: "txt")
  }

  /// Integrations and jobs add their parts, and only they do.
  @Test func integrationsAddTheirFiles() throws {
    let acme = Set(try RenderedExamples.render("acme-orders").map(\.path))
    let clinic = Set(try RenderedExamples.render("clinic-scheduling").map(\.path))
    for path in [
      "clinic_scheduling/api/billing.py", "clinic_scheduling/services/billing.py",
      "clinic_scheduling/models/subscription.py", "clinic_scheduling/services/email.py",
      "clinic_scheduling/tasks.py", "tests/test_billing.py", "tests/test_jobs.py",
      "migrations/versions/0006_create_subscriptions.py",
    ] {
      #expect(clinic.contains(path), "\(path)")
    }
    #expect(
      acme.filter { $0.contains("billing") || $0.contains("tasks") || $0.contains("subscription") } == [])
    for entity in ["customer", "product", "order", "order_item"] {
      for path in [
        "acme_orders/api/\(entity).py", "acme_orders/schemas/\(entity).py",
        "acme_orders/services/\(entity).py",
        "acme_orders/models/\(entity).py", "tests/test_\(entity).py",
      ] {
        #expect(acme.contains(path), "\(path)")
      }
    }
  }

  @Test(arguments: RenderedExamples.names)
  func renderingIsDeterministic(_ name: String) throws {
    let first = try RenderedExamples.render(name)
    let second = try RenderedExamples.render(name)
    #expect(first == second)
    let written = try RenderedExamples.write(name)
    for file in first {
      let bytes = FileManager.default.contents(atPath: written.path + "/" + file.path)
      #expect(bytes == Data(file.contents.utf8), "\(file.path) differs on disk")
    }
  }

  @Test func everyTemplateFileIsEmbedded() throws {
    let folder = RenderedExamples.repository.appendingPathComponent("Templates").path
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var onDisk: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".mustache") { onDisk.append(path) }
    }
    #expect(onDisk.sorted() == GeneratorTemplateLibrary.embeddedPaths)
    #expect(GeneratorTemplates.all.allSatisfy { !$0.text.isEmpty })
  }

  @Test(arguments: RenderedExamples.names)
  func everyPythonFileParsesWithoutErrors(_ name: String) throws {
    let rendered = try RenderedExamples.render(name)
    let files = rendered.filter { $0.path.hasSuffix(".py") }
    let blueprint = try RenderedExamples.blueprint(name)
    // Every entity has a model, schema, service, blueprint and test module.
    #expect(files.count >= 20 + 5 * blueprint.entities.count)
    for file in files {
      let tree = try #require(Parser().parse(SourceText(file.contents), as: .python))
      #expect(!tree.rootNode.hasError, "\(file.path) has a syntax error:\n\(file.contents)")
    }
  }

  @Test func migrationsFormOneLinearHistoryWithDistinctIds() throws {
    let files = try RenderedExamples.render("acme-orders").filter {
      $0.path.hasPrefix("migrations/versions/")
    }
    var previous = "None"
    var ids: Set<String> = []
    for file in files {
      let lines = file.contents.split(separator: "\n")
      let revision = try #require(lines.first { $0.hasPrefix("revision = ") }).dropFirst("revision = ".count)
      let down = try #require(lines.first { $0.hasPrefix("down_revision = ") }).dropFirst(16)
      #expect(String(down) == previous, "\(file.path)")
      #expect(revision.count == 14, "\(file.path): a quoted 12-hex-digit id")
      ids.insert(String(revision))
      previous = String(revision)
    }
    #expect(ids.count == files.count)
  }

  @Test func aModelAndItsMigrationSpellTheSameSchema() throws {
    let files = Dictionary(
      uniqueKeysWithValues: try RenderedExamples.render("acme-orders").map { ($0.path, $0.contents) })
    let order = try #require(files["acme_orders/models/order.py"])
    #expect(order.contains("class OrderStatus(str, enum.Enum):\n    DRAFT = \"draft\"\n"))
    #expect(
      order.contains(
        "    status = db.Column(db.Enum(OrderStatus, name=\"orders_status\", values_callable=enum_values), "
          + "nullable=True, default=OrderStatus.DRAFT, server_default=\"draft\")"))
    #expect(
      order.contains(
        "    customer_id = db.Column(db.Integer, db.ForeignKey(\"customers.id\", ondelete=\"RESTRICT\"), "
          + "nullable=False, index=True)"))
    #expect(order.contains("    customer = db.relationship(\"Customer\", foreign_keys=[customer_id])"))
    #expect(order.contains("db.UniqueConstraint(\"number\", \"workspace_id\", name=\"uq_orders_number\")"))
    let migration = try #require(files["migrations/versions/0008_create_orders.py"])
    #expect(
      migration.contains(
        "sa.Column(\"status\", sa.Enum(\"draft\", \"paid\", \"shipped\", \"cancelled\", name=\"orders_status\"), "
          + "server_default=\"draft\", nullable=True),"))
    #expect(
      migration.contains(
        "sa.UniqueConstraint(\"number\", \"workspace_id\", name=op.f(\"uq_orders_number\")),"))
    #expect(migration.contains("        op.execute(\"DROP TYPE IF EXISTS orders_status\")\n"))
  }
}

@Suite struct RenderedProjectAuditTests {
  /// What the audit still reports on the rendered data layer, per example: nothing.
  @Test(arguments: RenderedExamples.names)
  func theRenderedProjectPassesTheAudit(_ name: String) throws {
    let scratch = try RenderedExamples.write(name)
    var configuration = Configuration()
    configuration.settings.requireTenantColumns = true
    var options = AuditOptions(root: scratch.path, configuration: configuration)
    options.isUntrustedOutput = true
    let result = try Auditor(rules: try RuleSet.load(), options: options).run()
    let reported = result.findings.map { "\($0.ruleId) \($0.location.path):\($0.location.line)" }
    #expect(reported == [], "\(reported.joined(separator: "\n"))")
    #expect(result.filesWithParseErrors == [])
    #expect(result.score.score == 100)
  }

  /// The audit above is clean because the schema is right, not because nothing is checked: a column
  /// left out of its migration is reported.
  @Test func aColumnMissingFromItsMigrationIsReported() throws {
    let scratch = try RenderedExamples.write("acme-orders")
    let path = scratch.path + "/migrations/versions/0008_create_orders.py"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let line = "        sa.Column(\"total\", sa.Numeric(precision=12, scale=2), nullable=True),\n"
    #expect(text.contains(line))
    try text.replacingOccurrences(of: line, with: "").write(toFile: path, atomically: true, encoding: .utf8)
    var configuration = Configuration()
    configuration.settings.requireTenantColumns = true
    let result = try Auditor(
      rules: try RuleSet.load(), options: AuditOptions(root: scratch.path, configuration: configuration)
    ).run()
    #expect(
      result.findings.map { "\($0.ruleId) \($0.location.path)" } == [
        "migrations/missing-column acme_orders/models/order.py"
      ])
  }
}
