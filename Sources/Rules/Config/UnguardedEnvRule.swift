import PyAnalysis

/// `config/unguarded-env`: a required setting (`DATABASE_URL`, `SECRET_KEY`, `JWT_SECRET_KEY`
/// and configured names) read from the environment with a default value, or read with
/// `os.getenv`/`os.environ.get` (or a pydantic-settings field defaulting to `None`) when no
/// `if ...: raise` check in the project looks at the value.
///
/// The check counts when its condition names the variable, the setting or the local variable
/// the value is assigned to (`if not url: raise`, `if x is None: raise`,
/// `if not app.config["SECRET_KEY"]: raise`, `if not settings.secret_key: sys.exit(1)`). Local
/// variables match in their own module, setting names anywhere in the project. `assert` does
/// not count: `python -O` removes it. An empty-string default (`os.environ.get("X", "")`) is no
/// default: such a read is fine when checked.
public struct UnguardedEnvRule: SemanticRule {
  public static let id = "config/unguarded-env"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let required = Set(project.settings.requiredSettings.map { $0.uppercased() })
    let analyses = project.pythonApplicationFiles.map {
      (file: $0.file, settings: $0.file.settingsAnalysis)
    }
    let checkedKeys = analyses.reduce(into: Set<String>()) { $0.formUnion($1.settings.checkedKeys) }
    var hits: [RuleHit] = []
    for (file, settings) in analyses {
      for read in settings.envReads {
        guard let setting = read.name(where: required.contains) else { continue }
        if let message = problem(read, setting: setting, settings: settings, checkedKeys: checkedKeys) {
          hits.append(hit(file, at: read.range.lowerBound, message: message))
        }
      }
    }
    return hits
  }

  /// What is wrong with a read of the required setting `setting`, or nil when it is fine.
  func problem(_ read: EnvRead, setting: String, settings: SettingsAnalysis, checkedKeys: Set<String>)
    -> String?
  {
    let isField = read.source == .settingsField
    if read.defaults.contains(where: { !Self.isEmptyString($0) }) {
      return isField
        ? "required setting `\(setting)` has a default, so a missing value goes unnoticed; "
          + "declare the field without a default"
        : "required setting `\(setting)` is read with a default value, so a missing value goes unnoticed; "
          + "read it without a default and raise when it is missing"
    }
    // pydantic refuses to build settings without a value for a field that has no default.
    if isField && read.explicitDefault == nil { return nil }
    let checked =
      read.settingNames.contains(where: checkedKeys.contains)
      || read.targets.contains { $0.form == .localVariable && settings.checkedNames.contains($0.name) }
    if checked { return nil }
    return isField
      ? "required setting `\(setting)` defaults to None and nothing checks it; "
        + "declare the field without a default"
      : "required setting `\(setting)` is read without a check that it is set; "
        + "use `os.environ[\"\(read.variable ?? setting)\"]` or raise when it is missing"
  }

  static func isEmptyString(_ value: PyValue) -> Bool {
    if case .string(let text, _) = value.expr { return text.isEmpty }
    return false
  }
}
