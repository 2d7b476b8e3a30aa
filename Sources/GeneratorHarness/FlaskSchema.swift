/// The database schema of a generated Flask application: every table, its columns, constraints,
/// indexes and enum types, in migration order. The model templates and the migration template both
/// render from these values, so a model and the revision that creates its table agree by
/// construction.
///
/// Decisions:
/// - Every constraint and index has an explicit name following the metadata naming convention of
///   the generated `extensions.py` (`pk_<table>`, `fk_<table>_<column>_<referred table>`,
///   `uq_<table>_<column>`, `ix_<table>_<column>`), so Alembic autogenerate sees no difference.
/// - `unique: true` on an entity's field means unique *per tenant*: a composite unique constraint on
///   the field's column and the tenant column (`uq_customers_email` on `email, workspace_id`). Two
///   workspaces may each have a customer `a@example.com`; one workspace may not have two.
/// - `email` fields are `String(max_length)` when the blueprint gives a length, else `String(320)`
///   (the longest address RFC 5321 allows); `string` fields `String(max_length or 255)`.
/// - A required `ref` is `ON DELETE RESTRICT` (a customer with orders cannot vanish under them), an
///   optional one `ON DELETE SET NULL`; the tenant column is `ON DELETE CASCADE`.
/// - Enum types are named `<table>_<field>` and hold the blueprint's values (lower snake case); the
///   Python enum's members are the values upper-cased (`OrderStatus.DRAFT == "draft"`).
public struct FlaskSchema: Sendable, Equatable {
  /// Every table, in migration order: built-in tables first, then entities with each referenced
  /// table before the tables that refer to it (blueprint order otherwise).
  public let tables: [Table]

  /// A table and the model class mapped to it.
  public struct Table: Sendable, Equatable {
    public let names: EntityNames
    public let columns: [Column]
    public let uniqueConstraints: [UniqueConstraint]
    public let relationships: [Relationship]
    /// Python enums declared by the model module, one per `enum` field.
    public let enums: [EnumType]
    /// Whether the table belongs to an entity of the blueprint (not a built-in table).
    public let isEntity: Bool

    public var foreignKeys: [ForeignKey] { columns.compactMap(\.foreignKey) }
    public var indexedColumns: [Column] { columns.filter(\.indexed) }
    /// Tables this one refers to, other than itself.
    public var dependencies: [String] {
      foreignKeys.map(\.targetTable).filter { $0 != names.table }
    }
  }

  /// A column, with its type for the model (`db.`) and for the migration (`sa.`).
  public struct Column: Sendable, Equatable {
    public enum ColumnType: Sendable, Equatable {
      case integer, text, boolean, date, json
      case string(length: Int)
      case numeric(precision: Int, scale: Int)
      case timestamp
      /// A PostgreSQL enum type `name` with `values`, mapped to the Python enum `pythonClass`.
      case enumeration(name: String, pythonClass: String, values: [String])
    }

    /// A default value, set by the model (Python side) and by the database (server side).
    public enum Default: Sendable, Equatable {
      case boolean(Bool)
      case integer(Int)
      case decimal(String)
      case string(String)
      /// An enum member: the Python class and the value.
      case member(pythonClass: String, value: String)
      /// The database's `now()`.
      case now
    }

    public let name: String
    public let type: ColumnType
    public let nullable: Bool
    public let primaryKey: Bool
    public let foreignKey: ForeignKey?
    public let indexed: Bool
    public let defaultValue: Default?
    /// Whether an update sets the column to `now()` (`updated_at`).
    public let touchedOnUpdate: Bool

    init(
      _ name: String, _ type: ColumnType, nullable: Bool, primaryKey: Bool = false,
      foreignKey: ForeignKey? = nil, indexed: Bool = false, defaultValue: Default? = nil,
      touchedOnUpdate: Bool = false
    ) {
      self.name = name
      self.type = type
      self.nullable = nullable
      self.primaryKey = primaryKey
      self.foreignKey = foreignKey
      self.indexed = indexed
      self.defaultValue = defaultValue
      self.touchedOnUpdate = touchedOnUpdate
    }
  }

  public struct ForeignKey: Sendable, Equatable {
    public let column: String
    public let targetTable: String
    /// The model class mapped to `targetTable`.
    public let targetClass: String
    public let onDelete: String
    public let name: String
  }

  public struct UniqueConstraint: Sendable, Equatable {
    public let name: String
    public let columns: [String]
  }

  /// A relationship attribute of a model to the row a foreign key column refers to.
  public struct Relationship: Sendable, Equatable {
    public let attribute: String
    public let targetClass: String
    public let column: String
    /// Whether the foreign key refers to the model's own table (needs `remote_side`).
    public let isSelfReference: Bool
  }

  /// A Python `enum.Enum` class and the database enum type it is stored as.
  public struct EnumType: Sendable, Equatable {
    public let pythonClass: String
    public let typeName: String
    public let values: [String]
  }

  /// Refs of the blueprint's entities that form a cycle cannot be created one table at a time.
  public struct ReferenceCycle: Error, Equatable, CustomStringConvertible {
    public let entities: [String]
    public var description: String {
      "the refs of \(entities.joined(separator: ", ")) form a cycle; "
        + "the generator creates each table after the tables it refers to"
    }
  }

  public init(_ blueprint: Blueprint) throws(ReferenceCycle) {
    let tenant = EntityNames(blueprint.tenancy.modelName)
    let roles = EntityNames("Role")
    let users = EntityNames("User")
    let tenantColumn = blueprint.tenancy.column
    var builtIn: [Table] = []
    builtIn.append(
      Self.table(
        roles, isEntity: false,
        [Column("name", .string(length: 64), nullable: false)], unique: [["name"]]))
    builtIn.append(
      Self.table(
        users, isEntity: false,
        [
          Column("email", .string(length: 320), nullable: false),
          Column("password_hash", .string(length: 255), nullable: false),
          Column("full_name", .string(length: 160), nullable: true),
          Column("is_active", .boolean, nullable: false, defaultValue: .boolean(true)),
          Column("email_verified_at", .timestamp, nullable: true),
        ], unique: [["email"]]))
    builtIn.append(
      Self.table(tenant, isEntity: false, [Column("name", .string(length: 120), nullable: false)]))
    builtIn.append(
      Self.table(
        EntityNames("Membership"), isEntity: false,
        [
          Self.reference("user_id", to: users, from: "memberships", required: true, onDelete: "CASCADE"),
          Self.reference(tenantColumn, to: tenant, from: "memberships", required: true, onDelete: "CASCADE"),
          Self.reference("role_id", to: roles, from: "memberships", required: true, onDelete: "RESTRICT"),
        ], unique: [["user_id", tenantColumn]]))
    builtIn.append(
      Self.table(
        EntityNames("Invitation"), isEntity: false,
        [
          Self.reference(tenantColumn, to: tenant, from: "invitations", required: true, onDelete: "CASCADE"),
          Column("email", .string(length: 320), nullable: false),
          Self.reference("role_id", to: roles, from: "invitations", required: true, onDelete: "RESTRICT"),
          Column("token_hash", .string(length: 64), nullable: false),
          Self.reference(
            "invited_by_id", to: users, from: "invitations", required: false, onDelete: "SET NULL"),
          Column("expires_at", .timestamp, nullable: false),
          Column("accepted_at", .timestamp, nullable: true),
        ], unique: [["token_hash"]]))

    if blueprint.has(.stripe) {
      builtIn.append(
        Self.table(
          EntityNames("Subscription"), isEntity: false,
          [
            Self.reference(
              tenantColumn, to: tenant, from: "subscriptions", required: true, onDelete: "CASCADE"),
            Column("stripe_customer_id", .string(length: 255), nullable: true),
            Column("stripe_subscription_id", .string(length: 255), nullable: true),
            Column(
              "status",
              .enumeration(
                name: "subscriptions_status", pythonClass: "SubscriptionStatus",
                values: Self.subscriptionStatuses),
              nullable: false, defaultValue: .member(pythonClass: "SubscriptionStatus", value: "incomplete")),
            Column("current_period_end", .timestamp, nullable: true),
          ], unique: [[tenantColumn]],
          enums: [
            EnumType(
              pythonClass: "SubscriptionStatus", typeName: "subscriptions_status",
              values: Self.subscriptionStatuses)
          ]))
    }

    let entityTables = blueprint.entities.map { entity in
      Self.table(for: entity, in: blueprint, tenant: tenant, tenantColumn: tenantColumn)
    }
    tables = builtIn + (try Self.dependencyOrder(entityTables, entities: blueprint.entities))
  }

  /// The states of a Stripe subscription the generated billing state machine knows.
  public static let subscriptionStatuses = [
    "incomplete", "trialing", "active", "past_due", "canceled", "unpaid",
  ]

  /// The table of `table`'s name, if any.
  public func table(named table: String) -> Table? { tables.first { $0.names.table == table } }

  static func table(for entity: Entity, in blueprint: Blueprint, tenant: EntityNames, tenantColumn: String)
    -> Table
  {
    let names = entity.names
    var columns = [
      reference(tenantColumn, to: tenant, from: names.table, required: true, onDelete: "CASCADE")
    ]
    var unique: [[String]] = []
    var enums: [EnumType] = []
    for field in entity.fields {
      if field.unique { unique.append([field.column, tenantColumn]) }
      switch field.kind {
      case .ref:
        let target = blueprint.entity(named: field.target ?? "")?.names ?? EntityNames(field.target ?? "")
        columns.append(
          reference(
            field.column, to: target, from: names.table, required: field.required,
            onDelete: field.required ? "RESTRICT" : "SET NULL"))
      case .enum:
        let pythonClass = names.className + Naming.words(field.name).map(\.capitalized).joined()
        let typeName = names.table + "_" + field.name
        enums.append(EnumType(pythonClass: pythonClass, typeName: typeName, values: field.values))
        columns.append(
          Column(
            field.column, .enumeration(name: typeName, pythonClass: pythonClass, values: field.values),
            nullable: !field.required,
            defaultValue: field.defaultValue.flatMap { value in
              if case .string(let text) = value { return .member(pythonClass: pythonClass, value: text) }
              return nil
            }))
      default:
        columns.append(
          Column(
            field.column, columnType(field), nullable: !field.required,
            defaultValue: field.defaultValue.map(columnDefault)))
      }
    }
    return Self.table(names, isEntity: true, columns, unique: unique, enums: enums)
  }

  static func columnType(_ field: Field) -> Column.ColumnType {
    switch field.kind {
    case .string: return .string(length: field.maxLength ?? 255)
    case .email: return .string(length: field.maxLength ?? 320)
    case .text: return .text
    case .integer, .ref: return .integer
    case .decimal: return .numeric(precision: 12, scale: 2)
    case .boolean: return .boolean
    case .date: return .date
    case .datetime: return .timestamp
    case .json: return .json
    case .enum: return .enumeration(name: field.name, pythonClass: field.name, values: field.values)
    }
  }

  static func columnDefault(_ value: Field.DefaultValue) -> Column.Default {
    switch value {
    case .string(let text): return .string(text)
    case .integer(let number): return .integer(number)
    case .decimal(let text): return .decimal(text)
    case .boolean(let flag): return .boolean(flag)
    }
  }

  /// A table with `id` first and the timestamps last around `columns`.
  static func table(
    _ names: EntityNames, isEntity: Bool, _ columns: [Column], unique: [[String]] = [],
    enums: [EnumType] = []
  ) -> Table {
    let all =
      [Column("id", .integer, nullable: false, primaryKey: true)] + columns + [
        Column("created_at", .timestamp, nullable: false, defaultValue: .now),
        Column("updated_at", .timestamp, nullable: false, defaultValue: .now, touchedOnUpdate: true),
      ]
    let relationships = columns.compactMap { column -> Relationship? in
      guard let key = column.foreignKey, column.name.hasSuffix("_id") else { return nil }
      return Relationship(
        attribute: String(column.name.dropLast(3)), targetClass: key.targetClass, column: column.name,
        isSelfReference: key.targetTable == names.table)
    }
    return Table(
      names: names, columns: all,
      uniqueConstraints: unique.map { UniqueConstraint(name: "uq_\(names.table)_\($0[0])", columns: $0) },
      relationships: relationships, enums: enums, isEntity: isEntity)
  }

  static func reference(
    _ column: String, to target: EntityNames, from table: String, required: Bool, onDelete: String
  ) -> Column {
    Column(
      column, .integer, nullable: !required,
      foreignKey: ForeignKey(
        column: column, targetTable: target.table, targetClass: target.className, onDelete: onDelete,
        name: "fk_\(table)_\(column)_\(target.table)"),
      indexed: true)
  }

  /// Entity tables with every referenced table first; ties keep blueprint order.
  static func dependencyOrder(_ tables: [Table], entities: [Entity]) throws(ReferenceCycle) -> [Table] {
    var ordered: [Table] = []
    var done: Set<String> = []
    var pending = tables
    while !pending.isEmpty {
      let local = Set(pending.map(\.names.table))
      guard
        let index = pending.firstIndex(where: { table in
          table.dependencies.allSatisfy { done.contains($0) || !local.contains($0) }
        })
      else {
        throw ReferenceCycle(entities: pending.map(\.names.className))
      }
      let table = pending.remove(at: index)
      ordered.append(table)
      done.insert(table.names.table)
    }
    return ordered
  }
}
