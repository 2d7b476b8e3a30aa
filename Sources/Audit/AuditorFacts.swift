import ArchCore
import Foundation
import Rules

extension Auditor {
  /// The project's facts (models, routes, OpenAPI documents, ...) as an audit extracts them, without
  /// running the rules: for commands such as `drift` that compare the project with something else.
  /// A missing folder or a broken OpenAPI document is an `InputError`, as in `run()`.
  public func facts() throws -> ProjectFacts {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: options.root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw InputError(path: options.root, message: "no such folder to audit")
    }
    let config = options.configuration
    let discovery = Discovery(root: options.root, include: config.include, exclude: config.exclude)
    let candidates = discovery.files()
    let openAPI = try OpenAPISources.load(
      configured: config.settings.openAPIPath, candidates: candidates, root: options.root)
    let (outcomes, _) = analyze(candidates)
    let analyzed = outcomes.compactMap { outcome -> AnalyzedFile? in
      if case .analyzed(let file, _, _) = outcome { return file }
      return nil
    }
    return ProjectFacts(files: analyzed, settings: config.settings, openAPIDocuments: openAPI.documents)
  }
}
