import ArchCore
import PyAnalysis

/// `config/sqlite-fallback`: a SQLite URL used as the application's database in application
/// code — the default or `or` fallback of an environment read of a database setting, a value
/// assigned to a database setting (plain, class attribute, `app.config[...]`,
/// `config.update(...)`, a keyword, a `SQLALCHEMY_BINDS` entry), the URL given to
/// `create_engine`/`create_async_engine`, or the default of a pydantic-settings field.
public struct SQLiteFallbackRule: SemanticRule {
  public static let id = "config/sqlite-fallback"

  /// Words that make a setting name a database setting (`DATABASE_URL`, `SQLALCHEMY_BINDS`,
  /// `DEV_DB_URI`, `POSTGRES_DSN`).
  static let databaseWords: Set<String> = [
    "DATABASE", "DATABASES", "DB", "SQLALCHEMY", "DSN", "SQLITE", "POSTGRES", "POSTGRESQL", "PG", "MYSQL",
  ]
  static let engineFactories: Set<String> = ["create_engine", "create_async_engine"]

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    var hits: [RuleHit] = []
    for (file, python) in project.pythonApplicationFiles {
      hits += check(file, python)
    }
    return hits
  }

  func check(_ file: AnalyzedFile, _ python: PythonFile) -> [RuleHit] {
    let settings = file.settingsAnalysis
    var hits: [RuleHit] = []
    var offsets: Set<Int> = []
    // SQLite values already accounted for, so a literal is reported once whatever its context.
    var claimed: Set<Range<Int>> = []
    func report(_ offset: Int, _ message: String) {
      if offsets.insert(offset).inserted { hits.append(hit(file, at: offset, message: message)) }
    }

    let engineCalls = python.calls.filter { site in
      site.call.callee.terminalName.map(Self.engineFactories.contains) ?? false
    }
    var engineReads: Set<Range<Int>> = []
    for site in engineCalls {
      guard let url = site.call.argument(0, keyword: "url") else { continue }
      for operand in SettingsAnalysis.possibleValues(url) { engineReads.insert(operand.range) }
    }

    for read in settings.envReads {
      let database = read.name(where: Self.isDatabaseSetting)
      guard database != nil || engineReads.contains(read.range) else { continue }
      for value in read.defaults where Self.isSQLiteURL(value) {
        claimed.insert(value.range)
        let subject = database ?? read.variable ?? "the database URL"
        let how = read.source == .settingsField ? "defaults to" : "falls back to"
        report(
          read.range.lowerBound,
          "`\(subject)` \(how) a SQLite URL when the environment does not set it; "
            + "require a real database URL instead")
      }
    }

    for write in settings.settingWrites where Self.isDatabaseSetting(write.target.settingName) {
      let name = write.target.name
      for value in SettingsAnalysis.possibleValues(write.value) where !claimed.contains(value.range) {
        if Self.isSQLiteURL(value) {
          claimed.insert(value.range)
          report(
            write.offset, "`\(name)` is set to a SQLite URL; read the database URL from the environment")
        } else if case .dict(let pairs) = value.expr {
          // `SQLALCHEMY_BINDS = {"users": "sqlite:///users.db"}`: each bind at its key.
          for pair in pairs {
            for bound in SettingsAnalysis.possibleValues(pair.value)
            where Self.isSQLiteURL(bound) && !claimed.contains(bound.range) {
              claimed.insert(bound.range)
              let key = pair.key?.stringLiteral.map { " '\($0)'" } ?? ""
              report(
                (pair.key ?? bound).offset,
                "the `\(name)` entry\(key) is a SQLite URL; read the database URL from the environment")
            }
          }
        }
      }
    }

    for site in engineCalls {
      guard let url = site.call.argument(0, keyword: "url") else { continue }
      let factory = site.call.callee.terminalName ?? "create_engine"
      for value in SettingsAnalysis.possibleValues(url)
      where Self.isSQLiteURL(value) && !claimed.contains(value.range) {
        claimed.insert(value.range)
        report(
          site.range.lowerBound,
          "`\(factory)` is given a SQLite URL; read the database URL from the environment")
      }
    }
    return hits
  }

  /// Whether a setting name names a database: one of its `_`-separated words is a database word.
  static func isDatabaseSetting(_ name: String) -> Bool {
    let upper = name.upperCased
    // Every database word holds one of these; most names hold none and need no splitting.
    guard TextSearch.containsAny(upper, ["DB", "DATA", "SQL", "DSN", "PG", "POSTGRES"]) else { return false }
    return upper.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains {
      databaseWords.contains(String($0))
    }
  }

  /// Whether a value is a SQLite URL: a string (f-strings too) starting with `sqlite:` or
  /// `sqlite+driver:`, such a string joined with `+`/`%`, or `"sqlite:///{}".format(...)`.
  static func isSQLiteURL(_ value: PyValue) -> Bool {
    switch value.expr {
    case .string(let text, _):
      let lowered = text.lowercased()
      return lowered.hasPrefix("sqlite:") || lowered.hasPrefix("sqlite+")
    case .binary(_, let left, _):
      return isSQLiteURL(left)
    case .call(let call):
      if case .attribute(let object, "format") = call.callee.expr { return isSQLiteURL(object) }
      return false
    default:
      return false
    }
  }
}
