/// The Next.js (App Router, TypeScript) front end of a generated application, under `frontend/`
/// (docs/generated-application.md), rendered from the embedded templates of `Templates/nextjs/`.
///
/// Decisions:
/// - One typed API client, `lib/api.ts`: every call is a `fetch` of a literal API path (so a static
///   analyser matches it to `openapi.yaml`) with `credentials: "include"`; state-changing calls send
///   the CSRF cookie's value in `X-CSRF-TOKEN`. The JWT cookies are httpOnly: no token is ever in
///   the front end's code or storage. `next.config.ts` proxies `/api/*` to the back end, so the
///   cookies are first-party.
/// - The screens of an entity are thin pages over generic components (`components/Record*.tsx`)
///   that read the entity's fields and operations from `lib/resources.ts`, so the per-entity code
///   is data, not copies of components.
/// - Every identifier comes from the blueprint's derived names (`EntityNames`, `Field.column`); the
///   built-in types of `lib/types.ts` (`Page`, `Session`, ...) take another name when an entity's
///   type already has theirs. The product's name is the only text written as is: as a string
///   literal (`stringLiteral`) or as JSX text (`jsxText`).
/// - When an entity's screens would be served at `/settings`, the settings screen moves to
///   `/account`.
/// - The settings screen lists the members and shows every member the invite form: the API lets
///   admin roles only invite, and its 403 message tells the others. The invitation email's link,
///   `/invitations/accept?token=`, asks the signed-in user to accept; signing in comes back to it.
struct NextjsRenderer {
  let blueprint: Blueprint
  let schema: FlaskSchema

  typealias RenderError = FlaskProjectRenderer.RenderError

  /// A pinned npm package.
  struct Dependency: Sendable, Equatable {
    let name: String
    let version: String
  }

  /// The run-time packages: Next.js 15 and React 19, exact versions.
  static let dependencies = [
    Dependency(name: "next", version: "15.5.18"),
    Dependency(name: "react", version: "19.2.6"),
    Dependency(name: "react-dom", version: "19.2.6"),
  ]

  /// The packages of type checking and linting.
  static let devDependencies = [
    Dependency(name: "@eslint/eslintrc", version: "3.3.1"),
    Dependency(name: "@types/node", version: "22.19.19"),
    Dependency(name: "@types/react", version: "19.2.14"),
    Dependency(name: "@types/react-dom", version: "19.2.3"),
    Dependency(name: "eslint", version: "9.39.4"),
    Dependency(name: "eslint-config-next", version: "15.5.18"),
    Dependency(name: "typescript", version: "5.9.3"),
  ]

  /// The files every front end has: output path under `frontend/` and template under `nextjs/`.
  static let sharedFiles: [(path: String, template: String)] = [
    (".gitignore", "gitignore"),
    ("package.json", "package.json"),
    ("tsconfig.json", "tsconfig.json"),
    ("next.config.ts", "next.config.ts"),
    ("next-env.d.ts", "next-env.d.ts"),
    ("eslint.config.mjs", "eslint.config.mjs"),
    ("app/layout.tsx", "app/layout.tsx"),
    ("app/globals.css", "app/globals.css"),
    ("app/page.tsx", "app/page.tsx"),
    ("app/(auth)/layout.tsx", "app/auth/layout.tsx"),
    ("app/(auth)/login/page.tsx", "app/auth/login/page.tsx"),
    ("app/(auth)/register/page.tsx", "app/auth/register/page.tsx"),
    ("app/(auth)/forgot-password/page.tsx", "app/auth/forgot-password/page.tsx"),
    ("app/(auth)/reset-password/page.tsx", "app/auth/reset-password/page.tsx"),
    ("app/(auth)/verify-email/page.tsx", "app/auth/verify-email/page.tsx"),
    ("app/dashboard/page.tsx", "app/dashboard/page.tsx"),
    ("app/invitations/accept/page.tsx", "app/invitations/accept/page.tsx"),
    ("components/AppNav.tsx", "components/AppNav.tsx"),
    ("components/EntityForm.tsx", "components/EntityForm.tsx"),
    ("components/InputField.tsx", "components/InputField.tsx"),
    ("components/Messages.tsx", "components/Messages.tsx"),
    ("components/Pagination.tsx", "components/Pagination.tsx"),
    ("components/RecordDetail.tsx", "components/RecordDetail.tsx"),
    ("components/RecordForm.tsx", "components/RecordForm.tsx"),
    ("components/RecordList.tsx", "components/RecordList.tsx"),
    ("lib/api.ts", "lib/api.ts"),
    ("lib/fields.ts", "lib/fields.ts"),
    ("lib/hooks.ts", "lib/hooks.ts"),
    ("lib/resources.ts", "lib/resources.ts"),
    ("lib/routes.ts", "lib/routes.ts"),
    ("lib/types.ts", "lib/types.ts"),
  ]

  /// The screens of one entity: output path under `app/<segment>/` and template.
  static let entityFiles: [(path: String, template: String)] = [
    ("page.tsx", "app/entity/page.tsx"),
    ("new/page.tsx", "app/entity/new/page.tsx"),
    ("[id]/page.tsx", "app/entity/item/page.tsx"),
    ("[id]/edit/page.tsx", "app/entity/item/edit/page.tsx"),
  ]

  /// Every file of the front end, sorted by path.
  func render() throws(FlaskProjectRenderer.RenderError) -> [GeneratedFile] {
    let names = TypeScriptNames(blueprint)
    let common = commonView(names)
    var files: [GeneratedFile] = []
    func add(_ path: String, _ template: String, _ view: [String: Any]) throws(RenderError) {
      files.append(
        try GeneratorTemplateLibrary.file("frontend/" + path, template: "nextjs/" + template, view))
    }
    for file in Self.sharedFiles {
      try add(file.path, file.template, common)
    }
    try add("app/\(settingsRoute)/page.tsx", "app/settings/page.tsx", common)
    if blueprint.has(.stripe) {
      try add("app/billing/page.tsx", "app/billing/page.tsx", common)
    }
    for entity in blueprint.entities {
      let view = common.merging(entityView(entity, names)) { $1 }
      for file in Self.entityFiles {
        try add("app/\(entity.names.urlSegment)/\(file.path)", file.template, view)
      }
    }
    return files.sorted { $0.path < $1.path }
  }

  /// The settings screen's route: `settings`, or `account` when an entity's screens take it.
  var settingsRoute: String {
    blueprint.entities.contains { $0.names.urlSegment == "settings" } ? "account" : "settings"
  }

  // MARK: Views

  func commonView(_ names: TypeScriptNames) -> [String: Any] {
    let tenant = blueprint.tenancy
    let packageWords = Naming.words(blueprint.package).filter { word in
      word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
    return [
      "productNameJSX": Self.jsxText(blueprint.name),
      "productNameLiteral": Self.stringLiteral(blueprint.name),
      "productNameTitleTemplate": Self.stringLiteral("%s · " + blueprint.name),
      "npmName": (packageWords + ["frontend"]).joined(separator: "-"),
      "dependencies": Self.packageView(Self.dependencies),
      "devDependencies": Self.packageView(Self.devDependencies),
      "tenantKey": tenant.rawValue,
      "tenantLower": tenant.rawValue,
      "tenantTitle": tenant.modelName,
      "settingsRoute": settingsRoute,
      "hasStripe": blueprint.has(.stripe),
      "roleUnion": blueprint.roles.map(Self.stringLiteral).joined(separator: " | "),
      "pageType": names.page,
      "roleType": names.role,
      "sessionType": names.session,
      "loginType": names.login,
      "registerType": names.register,
      "messageType": names.message,
      "subscriptionType": names.subscription,
      "subscriptionStatusType": names.subscriptionStatus,
      "memberType": names.member,
      "memberListType": names.memberList,
      "invitationType": names.invitation,
      "invitationCreateType": names.invitationCreate,
      "roleOptions": blueprint.roles.map { role in
        ["value": Self.stringLiteral(role), "label": Self.jsxText(role)]
      },
      "inviteRoleDefault": Self.stringLiteral(blueprint.roles.last ?? ""),
      "entities": blueprint.entities.map { entityView($0, names) },
    ]
  }

  static func packageView(_ packages: [Dependency]) -> [[String: Any]] {
    packages.enumerated().map { index, package in
      ["name": package.name, "version": package.version, "last": index == packages.count - 1]
    }
  }

  func entityView(_ entity: Entity, _ names: TypeScriptNames) -> [String: Any] {
    let entityNames = entity.names
    let singularWords = Naming.words(entityNames.className)
    let pluralWords = Naming.pluralWords(entityNames.className)
    let fields = entity.fields
    return [
      "className": entityNames.className,
      "pluralClass": Self.upperFirst(entityNames.camelPlural),
      "createType": entityNames.className + "Create",
      "updateType": entityNames.className + "Update",
      "resourceKey": entityNames.camelPlural,
      "urlSegment": entityNames.urlSegment,
      "collectionPath": entityNames.collectionPath,
      "itemPath": entityNames.itemPath,
      "singularTitle": Self.sentence(singularWords),
      "pluralTitle": Self.sentence(pluralWords),
      "singularLower": singularWords.joined(separator: " "),
      "pluralLower": pluralWords.joined(separator: " "),
      "enums": fields.filter { $0.kind == .enum }.map { field in
        [
          "fieldName": field.name,
          "typeName": names.enumType(entity: entity.name, field: field.name),
          "union": field.values.map(Self.stringLiteral).joined(separator: " | "),
        ]
      },
      "outputProperties": fields.map { field in
        [
          "property": field.column,
          "type": typeScriptType(field, in: entity, names, nullable: !field.required),
        ]
      },
      "createProperties": fields.map { field in
        [
          "property": field.column,
          "mark": field.required && field.defaultValue == nil ? "" : "?",
          "type": typeScriptType(field, in: entity, names, nullable: !field.required),
        ]
      },
      "updateProperties": fields.map { field in
        [
          "property": field.column,
          "type": typeScriptType(field, in: entity, names, nullable: !field.required),
        ]
      },
      "fieldSpecs": fields.map { ["spec": fieldSpec($0)] },
    ]
  }

  /// The TypeScript type of a field's JSON value (`| null` when `nullable`).
  func typeScriptType(_ field: Field, in entity: Entity, _ names: TypeScriptNames, nullable: Bool) -> String {
    let base: String
    switch field.kind {
    case .string, .text, .email, .decimal, .date, .datetime: base = "string"
    case .integer, .ref: base = "number"
    case .boolean: base = "boolean"
    case .enum: base = names.enumType(entity: entity.name, field: field.name)
    // `unknown` already includes `null`.
    case .json: return "unknown"
    }
    return nullable ? base + " | null" : base
  }

  /// The `FieldSpec` object literal of `lib/resources.ts` for a field.
  func fieldSpec(_ field: Field) -> String {
    var properties = [
      "name: " + Self.stringLiteral(field.column),
      "label: " + Self.stringLiteral(Self.sentence(Naming.words(field.name))),
      "kind: " + Self.stringLiteral(field.kind.rawValue),
      "required: " + (field.required ? "true" : "false"),
    ]
    switch field.defaultValue {
    case .string(let text)?, .decimal(let text)?:
      properties.append("defaultValue: " + Self.stringLiteral(text))
    case .integer(let number)?: properties.append("defaultValue: \(number)")
    case .boolean(let flag)?: properties.append("defaultValue: \(flag)")
    case nil: break
    }
    if let length = maxLength(field) { properties.append("maxLength: \(length)") }
    if field.kind == .enum {
      properties.append("values: [" + field.values.map(Self.stringLiteral).joined(separator: ", ") + "]")
    }
    if field.kind == .ref, let target = field.target.flatMap(blueprint.entity(named:)) {
      properties.append("target: " + Self.stringLiteral("/" + target.names.urlSegment))
    }
    return "{ " + properties.joined(separator: ", ") + " }"
  }

  /// The longest value the back end accepts for a string or email field (its column's length).
  func maxLength(_ field: Field) -> Int? {
    switch field.kind {
    case .string: return field.maxLength ?? 255
    case .email: return field.maxLength ?? 320
    default: return field.maxLength
    }
  }

  // MARK: Text

  /// `words` as a sentence-case title: `order`, `items` gives `Order items`.
  static func sentence(_ words: [String]) -> String {
    upperFirst(words.joined(separator: " "))
  }

  static func upperFirst(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }

  /// `text` as a TypeScript (and JSON) string literal in double quotes.
  static func stringLiteral(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        guard scalar.value < 0x20 || scalar.value == 0x7f || scalar == "\u{2028}" || scalar == "\u{2029}"
        else {
          result.unicodeScalars.append(scalar)
          continue
        }
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return result + "\""
  }

  /// `text` for JSX text and for JSX attribute strings: `{`, `}`, `<`, `>`, `&` and both quotes
  /// become character references, which JSX decodes back to the characters.
  static func jsxText(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "{": result += "&#123;"
      case "}": result += "&#125;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

/// The type names of `lib/types.ts` other than an entity's own (`Order`, `OrderCreate`,
/// `OrderUpdate`): the enums' unions (`OrderStatus`) and the built-in types, each of which takes
/// another name when an entity's type already has it (`Session` becomes `AuthSession`).
struct TypeScriptNames {
  let page: String
  let role: String
  let session: String
  let login: String
  let register: String
  let message: String
  let subscription: String
  let subscriptionStatus: String
  let member: String
  let memberList: String
  let invitation: String
  let invitationCreate: String
  /// Keyed by `<Entity>.<field>`.
  let enums: [String: String]

  init(_ blueprint: Blueprint) {
    var taken = Set(
      blueprint.entities.flatMap {
        [$0.names.className, $0.names.className + "Create", $0.names.className + "Update"]
      })
    func claim(_ candidates: [String]) -> String {
      let name =
        candidates.first { !taken.contains($0) }
        ?? (2...).lazy.map { (candidates.last ?? "Type") + String($0) }.first { !taken.contains($0) }
        ?? ""
      taken.insert(name)
      return name
    }
    var enums: [String: String] = [:]
    for entity in blueprint.entities {
      for field in entity.fields where field.kind == .enum {
        let name = entity.names.className + Naming.words(field.name).map(NextjsRenderer.upperFirst).joined()
        enums[entity.name + "." + field.name] = claim([name, name + "Value"])
      }
    }
    page = claim(["Page", "ResultPage"])
    role = claim(["Role", "MemberRole"])
    session = claim(["Session", "AuthSession"])
    login = claim(["LoginRequest", "LoginBody"])
    register = claim(["RegisterRequest", "RegisterBody"])
    message = claim(["MessageResponse", "AuthMessage"])
    subscription = claim(["Subscription", "BillingSubscription"])
    subscriptionStatus = claim(["SubscriptionStatus", "BillingSubscriptionStatus"])
    member = claim(["Member", "TenantMember"])
    memberList = claim(["MemberList", "TenantMemberList"])
    invitation = claim(["Invitation", "MemberInvitation"])
    invitationCreate = claim(["InvitationCreate", "InvitationRequest"])
    self.enums = enums
  }

  /// The union type of an enum field.
  func enumType(entity: String, field: String) -> String {
    enums[entity + "." + field] ?? entity + field
  }
}
