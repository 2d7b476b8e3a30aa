/// How blueprint names become Python, TypeScript, SQL, URL and file names, and which names are
/// refused because a target language reserves them.
///
/// Decisions:
/// - Only hard keywords are refused. Python's soft keywords (`match`, `case`, `type`, `_`) and
///   TypeScript's contextual ones (`type`, `of`, `get`, `set`, ...) are valid identifiers there
///   and are not reserved in PostgreSQL, so a field may be called `type`.
/// - SQL reserved words are PostgreSQL's reserved list (appendix C of its manual, "reserved" and
///   "reserved (can be function or type)"), compared case-insensitively: `order`, `user`,
///   `group`, `select` are refused as field names; they would need quoting in every query.
/// - Tables are plural snake case (`Order` is stored in `orders`), so an entity may be called
///   `Order` or `User...` without its table being a reserved word.
/// - URL plurals are kebab case (`OrderItem` is served under `/api/order-items`); English
///   pluralisation keeps the irregular plurals (`Person` gives `people`) and the usual suffix
///   rules (`Category` gives `categories`, `Address` gives `addresses`).
public enum Naming {
  /// Python's hard keywords (`keyword.kwlist`, Python 3.12).
  public static let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]

  /// TypeScript's reserved words, including those reserved in strict mode (every module is).
  public static let typeScriptReservedWords: Set<String> = [
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
    "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
    "typeof", "var", "void", "while", "with", "implements", "interface", "let", "package", "private",
    "protected", "public", "static", "yield", "await",
  ]

  /// PostgreSQL's reserved key words, lower case.
  public static let sqlReservedWords: Set<String> = [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
    "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
    "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
    "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
    "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order",
    "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
    "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then",
    "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
    "where", "window", "with",
  ]

  /// Why `name` cannot be a field's name (a Python attribute, a TypeScript variable and, when
  /// `asColumn`, a column), or nil. Checks Python, then TypeScript, then SQL.
  public static func reservation(of name: String, asColumn: Bool = true) -> String? {
    if pythonKeywords.contains(name) { return "a Python keyword" }
    if typeScriptReservedWords.contains(name) { return "a TypeScript reserved word" }
    if asColumn && sqlReservedWords.contains(name.lowercased()) { return "an SQL reserved word" }
    return nil
  }

  /// Whether `name` is lower snake case: a lower-case letter, then lower-case letters, digits and
  /// single underscores, not ending with one.
  public static func isSnakeCase(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    guard !name.hasSuffix("_"), !name.contains("__") else { return false }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
    }
  }

  /// Whether `name` is PascalCase: an upper-case ASCII letter, then ASCII letters and digits.
  public static func isPascalCase(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
    }
  }

  /// The words of a PascalCase or snake_case name, lower case: `OrderItem` gives `order`, `item`;
  /// `HTTPRequest` gives `http`, `request`.
  public static func words(_ name: String) -> [String] {
    var words: [String] = []
    var current = ""
    let characters = Array(name)
    for (index, character) in characters.enumerated() {
      if character == "_" || character == "-" || character == " " {
        if !current.isEmpty { words.append(current) }
        current = ""
        continue
      }
      if character.isUppercase, !current.isEmpty {
        let previous = characters[index - 1]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if previous.isLowercase || previous.isNumber || (next.map { $0.isLowercase } ?? false) {
          words.append(current)
          current = ""
        }
      }
      current.append(Character(character.lowercased()))
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// `OrderItem` gives `order_item`.
  public static func snakeCase(_ name: String) -> String { words(name).joined(separator: "_") }

  /// `order_item` gives `orderItem`.
  public static func camelCase(_ name: String) -> String {
    let parts = words(name)
    guard let first = parts.first else { return "" }
    return first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// A Python package name from a product name: `Acme Orders` gives `acme_orders`. Characters
  /// other than ASCII letters and digits separate words; a leading digit gets an `app_` prefix.
  public static func packageName(fromProductName name: String) -> String {
    var spaced = ""
    for scalar in name.unicodeScalars {
      let isWordCharacter =
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      spaced.unicodeScalars.append(isWordCharacter ? scalar : " ")
    }
    let joined = words(spaced).joined(separator: "_")
    guard let first = joined.unicodeScalars.first else { return "" }
    return ("0"..."9").contains(first) ? "app_" + joined : joined
  }

  /// Words whose plural is the same word.
  static let uncountable: Set<String> = [
    "aircraft", "data", "deer", "equipment", "feedback", "fish", "information", "metadata", "money",
    "news", "rice", "series", "sheep", "software", "species", "staff",
  ]

  /// Irregular plurals of the last word of a name.
  static let irregular: [String: String] = [
    "person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice",
    "goose": "geese", "foot": "feet", "tooth": "teeth", "ox": "oxen", "leaf": "leaves",
    "knife": "knives", "life": "lives", "wife": "wives", "half": "halves", "shelf": "shelves",
    "wolf": "wolves", "calf": "calves", "hero": "heroes", "potato": "potatoes", "tomato": "tomatoes",
    "echo": "echoes", "criterion": "criteria", "analysis": "analyses", "thesis": "theses",
    "crisis": "crises", "diagnosis": "diagnoses", "quiz": "quizzes",
  ]

  /// The English plural of one lower-case word: `category` gives `categories`, `address`
  /// `addresses`, `person` `people`, `day` `days`.
  public static func plural(ofWord word: String) -> String {
    if uncountable.contains(word) { return word }
    if let plural = irregular[word] { return plural }
    for suffix in ["s", "x", "z", "ch", "sh"] where word.hasSuffix(suffix) { return word + "es" }
    if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) {
      return word.dropLast() + "ies"
    }
    return word + "s"
  }

  /// The words of `name` with the last one in the plural: `OrderItem` gives `order`, `items`.
  public static func pluralWords(_ name: String) -> [String] {
    var parts = words(name)
    if let last = parts.popLast() { parts.append(plural(ofWord: last)) }
    return parts
  }
}
