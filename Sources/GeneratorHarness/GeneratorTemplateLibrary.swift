import GeneratorTemplates
import Mustache

/// The embedded generator templates (`Templates/`), parsed once per run.
///
/// Each file is registered under its path without `.mustache` (`flask/package/config.py`). Every
/// template renders as plain text: nothing is HTML-escaped, so `{{name}}` and `{{{name}}}` agree.
public enum GeneratorTemplateLibrary {
  /// A template that does not parse or is not embedded: a packaging bug, caught by the tests.
  public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
  }

  /// The path of each embedded template under `Templates/`, sorted.
  public static var embeddedPaths: [String] { GeneratorTemplates.all.map(\.path) }

  static let library: Result<MustacheLibrary, TemplateError> = load()

  static func load() -> Result<MustacheLibrary, TemplateError> {
    var library = MustacheLibrary()
    for file in GeneratorTemplates.all {
      let name = file.path.hasSuffix(".mustache") ? String(file.path.dropLast(".mustache".count)) : file.path
      do {
        try library.register("{{% CONTENT_TYPE: TEXT}}\n" + file.text, named: name)
      } catch {
        return .failure(TemplateError(description: "Templates/\(file.path) does not parse: \(error)"))
      }
    }
    return .success(library)
  }

  /// `view` rendered with the template registered as `name`.
  static func render(_ view: [String: Any], template name: String) throws(TemplateError) -> String {
    let library = try library.get()
    guard let text = library.render(view, withTemplate: name) else {
      throw TemplateError(description: "no embedded template Templates/\(name).mustache")
    }
    return text
  }

  /// The file at `path` rendered from the template `template` with `view`.
  static func file(_ path: String, template: String, _ view: [String: Any])
    throws(FlaskProjectRenderer.RenderError) -> GeneratedFile
  {
    do {
      return GeneratedFile(path: path, contents: try render(view, template: template))
    } catch {
      throw .template(error)
    }
  }
}
