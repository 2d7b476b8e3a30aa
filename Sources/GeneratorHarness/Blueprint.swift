/// A product's requirements, as `spec/blueprint.md` describes them: what `generate` turns into an
/// application and what `drift` holds a project against. Load one with `Blueprint.load(path:)`;
/// every value is validated, and every derived name is computed once here.
public struct Blueprint: Sendable, Equatable {
  /// The back-end framework.
  public enum Stack: String, Sendable, Equatable, CaseIterable {
    case flask, fastapi
  }

  /// The front end generated beside the back end.
  public enum Frontend: String, Sendable, Equatable, CaseIterable {
    case nextjs, none
  }

  /// What a tenant is called; it names the tenant model, table and column.
  public enum Tenancy: String, Sendable, Equatable, CaseIterable {
    case workspace, organization

    /// `Workspace` or `Organization`.
    public var modelName: String { self == .workspace ? "Workspace" : "Organization" }
    /// `workspace_id` or `organization_id`, the column of every entity's table.
    public var column: String { rawValue + "_id" }
  }

  /// A third-party service whose part is added to the application.
  public enum Integration: String, Sendable, Equatable, CaseIterable {
    case stripe, sendgrid, celery
  }

  /// A compliance regime whose documents are added.
  public enum Compliance: String, Sendable, Equatable, CaseIterable {
    case gdpr, hipaa, pci
  }

  /// Where something was written in the blueprint (1-based), for messages.
  public struct Position: Sendable, Equatable, Hashable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }
  }

  /// The product's name as written (`Acme Orders`).
  public var name: String
  /// The Python package (`acme_orders`): given, or derived from `name`.
  public var package: String
  public var stack: Stack
  public var frontend: Frontend
  public var tenancy: Tenancy
  /// Role names, lower snake case; by default owner, admin and member.
  public var roles: [String]
  public var integrations: [Integration]
  public var compliance: [Compliance]
  public var entities: [Entity]
  public var jobs: [Job]

  /// The models every generated application has, whatever the blueprint: no entity may take
  /// one of these names.
  public static let builtInModels = [
    "User", "Role", "Workspace", "Organization", "Membership", "Invitation", "Subscription",
  ]

  /// The roles of a blueprint that names none.
  public static let defaultRoles = ["owner", "admin", "member"]

  /// The entity called `name`, if any.
  public func entity(named name: String) -> Entity? { entities.first { $0.name == name } }

  /// The roles that may do administrative operations (deleting records, inviting members): the
  /// first role (the owner, who registered the tenant) and `admin` when the blueprint has it.
  public var adminRoles: [String] {
    let owner = roles.first ?? "owner"
    return roles.contains("admin") && owner != "admin" ? [owner, "admin"] : [owner]
  }

  /// Whether an integration is on.
  public func has(_ integration: Integration) -> Bool { integrations.contains(integration) }
}

/// A business object of the blueprint: one model, table, service, API resource and set of
/// screens in the generated application.
public struct Entity: Sendable, Equatable {
  /// PascalCase singular, as written (`OrderItem`).
  public let name: String
  public let fields: [Field]
  /// User stories, as written.
  public let stories: [String]
  /// Where the entity's `name` is in the blueprint.
  public let position: Blueprint.Position
  /// Every name derived from `name`.
  public let names: EntityNames

  public init(name: String, fields: [Field], stories: [String] = [], position: Blueprint.Position) {
    self.name = name
    self.fields = fields
    self.stories = stories
    self.position = position
    self.names = EntityNames(name)
  }
}

/// The names an entity goes by in each language and place, computed once so that the templates
/// and `drift` agree. For `OrderItem`:
/// class `OrderItem`, module `order_item`, table `order_items`, variable `order_item`, plural
/// variable `order_items`, URL segment `order-items`, collection path `/api/order-items`, item
/// path `/api/order-items/{id}`, TypeScript type `OrderItem`, TypeScript variables `orderItem`
/// and `orderItems`.
public struct EntityNames: Sendable, Equatable, Hashable {
  /// The Python and TypeScript class/type name.
  public let className: String
  /// Python module and file stem: `order_item` (`<package>/models/order_item.py`).
  public let module: String
  /// The database table: plural snake case, `order_items`.
  public let table: String
  /// A Python variable holding one record: `order_item`.
  public let singular: String
  /// A Python variable holding several: `order_items`.
  public let plural: String
  /// The URL segment, plural kebab case: `order-items`.
  public let urlSegment: String
  /// A TypeScript variable holding one record: `orderItem`.
  public let camelSingular: String
  /// A TypeScript variable holding several: `orderItems`.
  public let camelPlural: String

  public init(_ name: String) {
    let words = Naming.words(name)
    let pluralWords = Naming.pluralWords(name)
    className = name
    module = words.joined(separator: "_")
    singular = module
    plural = pluralWords.joined(separator: "_")
    table = plural
    urlSegment = pluralWords.joined(separator: "-")
    camelSingular = Naming.camelCase(module)
    camelPlural = Naming.camelCase(plural)
  }

  /// `/api/order-items`: list (`GET`) and create (`POST`).
  public var collectionPath: String { "/api/" + urlSegment }
  /// `/api/order-items/{id}`: read (`GET`), update (`PATCH`) and delete (`DELETE`).
  public var itemPath: String { "/api/" + urlSegment + "/{id}" }
}

/// A field of an entity: one column, one schema field, one form input.
public struct Field: Sendable, Equatable {
  /// What a field holds.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    case string, text, integer, decimal, boolean, date, datetime, email, `enum`, json, ref

    /// The SQLAlchemy column type it is stored as (`ref` stores the referenced row's integer id).
    public var columnType: String {
      switch self {
      case .string, .email: return "String"
      case .text: return "Text"
      case .integer, .ref: return "Integer"
      case .decimal: return "Numeric"
      case .boolean: return "Boolean"
      case .date: return "Date"
      case .datetime: return "DateTime"
      case .enum: return "Enum"
      case .json: return "JSON"
      }
    }
  }

  /// A default value, typed after the field.
  public enum DefaultValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case decimal(String)
    case boolean(Bool)
  }

  /// Lower snake case, as written.
  public let name: String
  public let kind: Kind
  public let required: Bool
  public let unique: Bool
  /// For `string` and `email` fields.
  public let maxLength: Int?
  public let defaultValue: DefaultValue?
  /// For `enum` fields: the allowed values, in order.
  public let values: [String]
  /// For `ref` fields: the referenced entity's name.
  public let target: String?
  /// Where the field's `name` is in the blueprint.
  public let position: Blueprint.Position

  public init(
    name: String, kind: Kind, required: Bool = false, unique: Bool = false, maxLength: Int? = nil,
    defaultValue: DefaultValue? = nil, values: [String] = [], target: String? = nil,
    position: Blueprint.Position
  ) {
    self.name = name
    self.kind = kind
    self.required = required
    self.unique = unique
    self.maxLength = maxLength
    self.defaultValue = defaultValue
    self.values = values
    self.target = target
    self.position = position
  }

  /// The column's attribute and database name: the field's name, or `<name>_id` for a `ref`.
  public var column: String { kind == .ref ? name + "_id" : name }
}

/// A background task (Celery) that works on records of one entity.
public struct Job: Sendable, Equatable {
  /// Lower snake case; the task function's name.
  public let name: String
  /// The entity's name.
  public let entity: String
  public let position: Blueprint.Position

  public init(name: String, entity: String, position: Blueprint.Position) {
    self.name = name
    self.entity = entity
    self.position = position
  }
}
