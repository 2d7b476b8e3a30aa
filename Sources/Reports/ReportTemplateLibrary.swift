import Foundation
import Mustache
import ReportTemplates

/// The embedded report templates (`Reports/templates/`), parsed once per run.
///
/// Each file is registered under its name without `templates/` and `.mustache`, so
/// `report.html.mustache` is `report.html` and includes `{{> report.css}}` as a partial.
public enum ReportTemplateLibrary {
  /// A template that does not parse or is not embedded: a packaging bug, caught by the tests.
  public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  /// Every embedded file of `Reports/`: its path there and its text (what the tests compare).
  public static var embeddedFiles: [(path: String, text: String)] {
    ReportTemplates.all.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }
  }

  static let library: Result<MustacheLibrary, TemplateError> = load()

  static func load() -> Result<MustacheLibrary, TemplateError> {
    // Templates name their content type with `{{% CONTENT_TYPE: MARKDOWN}}`; the parser looks it up.
    MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    MustacheContentTypes.register(HTMLCodeSpansContentType(), named: "HTML_CODE_SPANS")
    var library = MustacheLibrary()
    for file in embeddedFiles {
      var name = String(file.path.dropFirst("templates/".count))
      if name.hasSuffix(".mustache") { name.removeLast(".mustache".count) }
      do {
        try library.register(file.text, named: name)
      } catch {
        return .failure(TemplateError(description: "Reports/\(file.path) does not parse: \(error)"))
      }
    }
    return .success(library)
  }

  /// `view` rendered with the template registered as `name`.
  static func render(_ view: Any, template name: String) throws -> String {
    let library = try library.get()
    guard let text = library.render(view, withTemplate: name) else {
      throw TemplateError(description: "no embedded template \(name); list it in Package.swift")
    }
    return text
  }
}

/// Text safe in HTML element content, with `code` spans (as rule messages write them) turned into
/// `<code>` elements. Not for attribute values.
struct HTMLCodeSpansContentType: MustacheContentType {
  func escapeText(_ text: String) -> String {
    CodeSpans.transform(text, plain: Self.escape) { "<code>" + Self.escape($0) + "</code>" }
  }

  static func escape(_ text: Substring) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}

/// Splits text into plain runs and `code` spans (single backticks); an unmatched backtick is plain.
enum CodeSpans {
  static func transform(
    _ text: String, plain: (Substring) -> String, code: (Substring) -> String
  ) -> String {
    var out = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "`") {
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: "`"), close > afterOpen else {
        out += plain(rest[...open])
        rest = rest[afterOpen...]
        continue
      }
      out += plain(rest[..<open]) + code(rest[afterOpen..<close])
      rest = rest[rest.index(after: close)...]
    }
    return out + plain(rest)
  }
}

/// Text safe in GitHub-flavoured Markdown, in a table cell as in a list item: HTML and Markdown
/// punctuation escaped, line breaks flattened, `code` spans turned into `<code>` elements (so that
/// their text is escaped the same way and a `|` cannot end a table cell).
struct MarkdownContentType: MustacheContentType {
  func escapeText(_ text: String) -> String { Self.escape(text) }

  static func escape(_ text: String) -> String {
    CodeSpans.transform(text, plain: escapePlain) { "<code>" + escapePlain($0) + "</code>" }
  }

  static func escapePlain(_ text: Substring) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\\", "`", "*", "_", "[", "]", "|", "~", "@", "#", "!":
        out += "\\" + String(character)
      case "\n", "\r", "\r\n", "\t": out += " "
      default: out.append(character)
      }
    }
    return out
  }
}
