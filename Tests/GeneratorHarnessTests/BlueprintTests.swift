import ArchCore
import Foundation
import GeneratorHarness
import Testing

@Suite struct BlueprintTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/blueprints")

  /// A valid blueprint's head; each malformed case appends its entities.
  static let head = "name: Shop\nstack: flask\n"

  static func parse(_ text: String) throws -> Blueprint {
    try Blueprint.parse(text, path: "blueprint.yaml")
  }

  @Test func minimalBlueprintGetsTheDefaults() throws {
    let blueprint = try Self.parse(
      Self.head + "entities:\n  - name: Category\n    fields:\n      - {name: title, type: string}\n")
    #expect(blueprint.package == "shop")
    #expect(blueprint.frontend == .nextjs)
    #expect(blueprint.tenancy == .workspace)
    #expect(blueprint.roles == ["owner", "admin", "member"])
    #expect(blueprint.integrations.isEmpty && blueprint.compliance.isEmpty && blueprint.jobs.isEmpty)
    let category = try #require(blueprint.entities.first)
    #expect(category.position == Blueprint.Position(line: 4, column: 11))
    #expect(category.names.table == "categories")
    #expect(category.names.collectionPath == "/api/categories")
    #expect(category.fields.first?.position == Blueprint.Position(line: 6, column: 16))
  }

  @Test func bothExampleBlueprintsAreValid() throws {
    let acme = try Blueprint.load(path: Self.examples.appendingPathComponent("acme-orders.yaml").path)
    #expect(acme.package == "acme_orders")
    #expect(acme.entities.map(\.name) == ["Customer", "Product", "Order", "OrderItem"])
    let order = try #require(acme.entity(named: "Order"))
    #expect(order.fields.map(\.kind) == [.string, .enum, .decimal, .datetime, .ref])
    #expect(order.fields.last?.column == "customer_id")
    #expect(order.fields[1].defaultValue == .string("draft"))
    #expect(acme.entity(named: "OrderItem")?.names.itemPath == "/api/order-items/{id}")

    let clinic = try Blueprint.load(path: Self.examples.appendingPathComponent("clinic-scheduling.yaml").path)
    #expect(clinic.tenancy == .organization)
    #expect(clinic.integrations == [.stripe, .sendgrid, .celery])
    #expect(clinic.compliance == [.gdpr, .hipaa])
    #expect(clinic.jobs.map(\.entity) == ["Appointment", "Invoice"])
    #expect(
      Set(clinic.entities.flatMap(\.fields).map(\.kind)).isSuperset(of: [
        .ref, .enum, .decimal, .datetime, .json,
      ]))
  }

  @Test func derivedNames() {
    let names = EntityNames("OrderItem")
    #expect(names.module == "order_item")
    #expect(names.table == "order_items")
    #expect(names.urlSegment == "order-items")
    #expect(names.camelSingular == "orderItem")
    #expect(names.camelPlural == "orderItems")
    #expect(EntityNames("HTTPRequest").module == "http_request")
    #expect(Naming.packageName(fromProductName: "Acme Orders 2.0") == "acme_orders_2_0")
    #expect(Naming.packageName(fromProductName: "3D Prints") == "app_3_d_prints")
  }

  @Test(arguments: [
    ("category", "categories"), ("address", "addresses"), ("person", "people"), ("day", "days"),
    ("box", "boxes"), ("batch", "batches"), ("child", "children"), ("series", "series"), ("photo", "photos"),
    ("shelf", "shelves"), ("status", "statuses"), ("analysis", "analyses"),
  ])
  func pluralisation(word: String, plural: String) {
    #expect(Naming.plural(ofWord: word) == plural)
  }

  @Test func softKeywordsAreAllowedAsFieldNames() throws {
    let blueprint = try Self.parse(
      Self.head
        + "entities:\n  - name: Shipment\n    fields:\n      - {name: type, type: string}\n"
        + "      - {name: match, type: string}\n")
    #expect(blueprint.entities[0].fields.map(\.name) == ["type", "match"])
  }

  @Test func errorShowsTheLineAndACaret() throws {
    let text = Self.head + "entities:\n  - name: Order\n    fields:\n      - {name: total, type: money}\n"
    let error = try #require(throws: InputError.self) { try Self.parse(text) }
    #expect(
      error.description == """
        blueprint.yaml:6:29: error: unknown field type 'money' (expected one of: string, text, integer, \
        decimal, boolean, date, datetime, email, enum, json, ref)
              - {name: total, type: money}
                                    ^
        """)
  }

  static let entity = "entities:\n  - name: Order\n    fields:\n      - {name: number, type: string}\n"

  /// Each malformed blueprint and the exact headline of its error.
  static let malformed: [(String, String)] = [
    (
      "",
      "blueprint.yaml:1:1: error: the blueprint is empty; it needs at least 'name', 'stack' and 'entities'"
    ),
    (
      "# nothing\n",
      "blueprint.yaml:1:1: error: the blueprint is empty; it needs at least 'name', 'stack' and 'entities'"
    ),
    ("- a\n", "blueprint.yaml:1:1: error: the blueprint must be a mapping of keys to values"),
    (
      head + "colour: blue\n" + entity,
      "blueprint.yaml:3:1: error: unknown key 'colour' in the blueprint (expected one of: name, "
        + "package, stack, "
        + "frontend, tenancy, roles, integrations, compliance, entities, jobs)"
    ),
    ("name: Shop\n" + entity, "blueprint.yaml:1:1: error: missing required key 'stack'"),
    (head, "blueprint.yaml:1:1: error: missing required key 'entities'"),
    (head + "entities: []\n", "blueprint.yaml:3:11: error: 'entities' must list at least one entity"),
    (head + "entities: Order\n", "blueprint.yaml:3:11: error: 'entities' must be a list of entities"),
    (
      "name: Shop\nstack: django\n" + entity,
      "blueprint.yaml:2:8: error: 'stack' must be one of: flask, fastapi (got 'django')"
    ),
    (
      head + "tenancy: team\n" + entity,
      "blueprint.yaml:3:10: error: 'tenancy' must be one of: workspace, organization (got 'team')"
    ),
    (head + "roles: owner\n" + entity, "blueprint.yaml:3:8: error: 'roles' must be a list of names"),
    (
      head + "integrations: [stripe, paypal]\n" + entity,
      "blueprint.yaml:3:24: error: unknown integration 'paypal' (expected one of: stripe, sendgrid, celery)"
    ),
    (
      head + "compliance: [sox]\n" + entity,
      "blueprint.yaml:3:14: error: unknown compliance flag 'sox' (expected one of: gdpr, hipaa, pci)"
    ),
    (
      head + "entities:\n  - name: Order\n    feilds: []\n",
      "blueprint.yaml:5:5: error: unknown key 'feilds' in an entity (expected one of: name, fields, stories)"
    ),
    (
      head + "entities:\n  - name: Order\n",
      "blueprint.yaml:4:5: error: entity is missing required key 'fields'"
    ),
    (
      head + "entities:\n  - name: order_item\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity name 'order_item' must be PascalCase: a capital letter, "
        + "then letters "
        + "and digits (as in OrderItem)"
    ),
    (
      head + "entities:\n  - name: None\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity name 'None' is a Python keyword"
    ),
    (
      head + "entities:\n  - name: Class\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity 'Class' gives the module name 'class', which is a Python keyword"
    ),
    (
      head + "entities:\n  - name: User\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity 'User' clashes with the built-in model User that every "
        + "application has"
    ),
    (
      head
        + "tenancy: organization\nentities:\n  - name: workspace\n    fields:\n      - {name: n, "
        + "type: string}\n",
      "blueprint.yaml:5:11: error: entity name 'workspace' must be PascalCase: a capital letter, "
        + "then letters "
        + "and digits (as in OrderItem)"
    ),
    (
      head + "entities:\n  - name: Membership\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity 'Membership' clashes with the built-in model Membership that every "
        + "application has"
    ),
    (
      head + "entities:\n  - name: ../Evil\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity name '../Evil' would write outside the output folder: "
        + "'../Evil' has "
        + "the component '..', which could leave the output folder"
    ),
    (
      head + "entities:\n  - name: /etc/Passwd\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity name '/etc/Passwd' would write outside the output folder: "
        + "'/etc/Passwd' is an absolute path; generated paths are relative"
    ),
    (
      head + "package: ../app\n" + entity,
      "blueprint.yaml:3:10: error: package '../app' would write outside the output folder: '../app' has the "
        + "component '..', which could leave the output folder"
    ),
    (
      head + entity + "  - name: ORDER\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:7:11: error: duplicate entity 'ORDER' (its name or table 'orders' is already "
        + "used at line 4)"
    ),
    (
      head + entity + "  - name: Order\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:7:11: error: duplicate entity 'Order' (its name or table 'orders' is already "
        + "used at line 4)"
    ),
    (
      head + "entities:\n  - name: Person\n    fields:\n      - {name: n, type: string}\n"
        + "  - name: People\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:7:11: error: duplicate entity 'People' (its name or table 'peoples' is "
        + "already used at line 4)"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: total, type: money}\n",
      "blueprint.yaml:6:29: error: unknown field type 'money' (expected one of: string, text, "
        + "integer, decimal, "
        + "boolean, date, datetime, email, enum, json, ref)"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: total, type: decimal, size: 3}\n",
      "blueprint.yaml:6:38: error: unknown key 'size' in a field (expected one of: name, type, "
        + "required, unique, "
        + "max_length, default, values, to)"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: total}\n",
      "blueprint.yaml:6:9: error: field of Order is missing required key 'type'"
    ),
    (
      head
        + "entities:\n  - name: Order\n    fields:\n      - {name: paid, type: boolean, required: maybe}\n",
      "blueprint.yaml:6:47: error: 'required' must be true or false"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: code, type: string, max_length: -4}\n",
      "blueprint.yaml:6:48: error: 'max_length' of 'code' must be a whole number above 0"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: status, type: enum}\n",
      "blueprint.yaml:6:16: error: field 'status' of type enum needs 'values', a list of names"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: status, type: enum, values: []}\n",
      "blueprint.yaml:6:44: error: field 'status' of type enum needs 'values', a list of names"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n"
        + "      - {name: status, type: enum, values: [draft, paid], default: done}\n",
      "blueprint.yaml:6:68: error: default 'done' of 'status' is not one of its values (draft, paid)"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: status, type: enum, values: [a, a]}\n",
      "blueprint.yaml:6:48: error: 'a' is listed twice in 'values'"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: total, type: decimal, values: [a]}\n",
      "blueprint.yaml:6:46: error: 'values' only applies to enum fields, not to 'total' of type decimal"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: count, type: integer, default: many}\n",
      "blueprint.yaml:6:47: error: 'default' of 'count' must be a whole number"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: customer, type: ref}\n",
      "blueprint.yaml:6:16: error: field 'customer' of type ref needs 'to', the name of an entity"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: customer, type: ref, to: Client}\n",
      "blueprint.yaml:6:41: error: field 'customer' of Order refers to 'Client', which is not an "
        + "entity of the "
        + "blueprint"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: class, type: string}\n",
      "blueprint.yaml:6:16: error: field name 'class' is a Python keyword"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: interface, type: string}\n",
      "blueprint.yaml:6:16: error: field name 'interface' is a TypeScript reserved word"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: group, type: string}\n",
      "blueprint.yaml:6:16: error: field name 'group' is an SQL reserved word"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: Total, type: decimal}\n",
      "blueprint.yaml:6:16: error: field name 'Total' is not a valid identifier: use lower snake "
        + "case (letters, "
        + "digits and underscores, starting with a letter)"
    ),
    (
      head + "entities:\n  - name: Member\n    fields:\n      - {name: n, type: string}\n",
      "blueprint.yaml:4:11: error: entity 'Member' would be served at /api/members, which the generated "
        + "application already serves"
    ),
    (
      head
        + "entities:\n  - name: Task\n    fields:\n      - {name: parent, type: ref, to: Task, required: true}\n",
      "blueprint.yaml:6:16: error: field 'parent' of Task is a required ref to Task itself, which its first "
        + "record could never satisfy; make it optional"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: metadata, type: json}\n",
      "blueprint.yaml:6:16: error: field 'metadata' of Order would replace the model attribute 'metadata' "
        + "that SQLAlchemy or Flask-SQLAlchemy defines; rename it"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: query, type: ref, to: Order}\n",
      "blueprint.yaml:6:16: error: field 'query' of Order would replace the model attribute 'query' "
        + "that SQLAlchemy or Flask-SQLAlchemy defines; rename it"
    ),
    (
      head + "entities:\n  - name: Subscription\n    fields:\n      - {name: plan, type: string}\n",
      "blueprint.yaml:4:11: error: entity 'Subscription' clashes with the built-in model Subscription that "
        + "every application has"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: id, type: integer}\n",
      "blueprint.yaml:6:16: error: field 'id' of Order gives the column 'id', which every entity already has"
    ),
    (
      head + "entities:\n  - name: Order\n    fields:\n      - {name: total, type: decimal}\n"
        + "      - {name: total, type: integer}\n",
      "blueprint.yaml:7:16: error: duplicate field 'total' in Order (its name or column 'total' is "
        + "already used "
        + "at line 6)"
    ),
    (
      head + "entities:\n  - name: Customer\n    fields:\n      - {name: n, type: string}\n"
        + "  - name: Order\n    fields:\n      - {name: customer_id, type: integer}\n"
        + "      - {name: customer, type: ref, to: Customer}\n",
      "blueprint.yaml:10:16: error: duplicate field 'customer' in Order (its name or column 'customer_id' is "
        + "already used at line 9)"
    ),
    (
      head + entity + "jobs:\n  - {name: remind, entity: Invoice}\n",
      "blueprint.yaml:8:28: error: job 'remind' names 'Invoice', which is not an entity of the blueprint"
    ),
    (
      head + entity + "jobs:\n  - {name: import, entity: Order}\n",
      "blueprint.yaml:8:12: error: job name 'import' is a Python keyword"
    ),
    (
      head
        + "entities:\n  - name: Order\n    fields:\n      - {name: number, type: string}\n    "
        + "stories: many\n",
      "blueprint.yaml:7:14: error: 'stories' of Order must be a list of sentences"
    ),
    (
      "name: Shop\nstack: [flask\n",
      "blueprint.yaml:3:1: error: invalid YAML: while parsing a flow sequence: did not find "
        + "expected ',' or ']'"
    ),
  ]

  @Test(arguments: malformed)
  func malformedBlueprintIsRejected(text: String, headline: String) throws {
    let error = try #require(throws: InputError.self) { try Self.parse(text) }
    #expect(error.headline == headline)
  }
}
