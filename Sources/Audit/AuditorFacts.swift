import ArchCore
import Rules

extension Auditor {
  /// The project's facts (models, routes, OpenAPI documents, ...) as an audit extracts them, without
  /// running the rules: for commands such as `drift` that compare the project with something else.
  /// A missing folder or a broken OpenAPI document is an `InputError`, as in `run()`.
  public func facts() throws -> ProjectFacts {
    let (candidates, openAPI) = try inputs()
    let (outcomes, _) = analyze(candidates)
    let analyzed = outcomes.compactMap { outcome -> AnalyzedFile? in
      if case .analyzed(let file, _, _) = outcome { return file }
      return nil
    }
    return ProjectFacts(
      files: analyzed, settings: options.configuration.settings, openAPIDocuments: openAPI.documents)
  }
}
