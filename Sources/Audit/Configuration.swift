import ArchCore
import Foundation
import Rules
import Yams

/// What a rule is set to in `archverify.yml`: off, or a level that replaces its default.
public enum RuleSetting: String, Sendable, Equatable {
  case off, note, warning, error

  public var level: Level? { Level(rawValue: rawValue) }
}

/// `archverify.yml`, exactly as cli.md describes it. Every key is optional.
public struct Configuration: Sendable, Equatable {
  public var failUnder: Int?
  public var include: [String] = []
  public var exclude: [String] = []
  public var settings = AnalysisSettings()
  public var rules: [String: RuleSetting] = [:]
  /// Where the configuration came from, for messages.
  public var path: String?

  public init() {}

  public static let keys = [
    "fail_under", "include", "exclude", "openapi", "tenant_columns", "global_models", "public_paths",
    "auth_decorators", "required_settings", "rules",
  ]

  /// Reads a configuration file; every problem is an `InputError` naming the line.
  public static func load(path: String, knownRuleIds: Set<String>) throws -> Configuration {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path: path, message: "cannot read configuration file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(path: path, message: "configuration file is not UTF-8")
    }
    return try parse(text, path: path, knownRuleIds: knownRuleIds)
  }

  public static func parse(_ text: String, path: String, knownRuleIds: Set<String>) throws -> Configuration {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func fail(_ message: String, _ mark: Yams.Mark?) -> InputError {
      let sourceLine = mark.flatMap { $0.line >= 1 && $0.line <= lines.count ? lines[$0.line - 1] : nil }
      return InputError(
        path: path, line: mark?.line, column: mark?.column, message: message, sourceLine: sourceLine)
    }
    var config = Configuration()
    config.path = path
    let root: Yams.Node
    do {
      guard let composed = try Yams.compose(yaml: text) else { return config }
      root = composed
    } catch let error as YamlError {
      throw InputError.fromYams(error, path: path, lines: lines)
    }
    guard let mapping = root.mapping else {
      throw fail("the configuration is a mapping of keys to values", root.mark)
    }

    func strings(_ node: Yams.Node, key: String) throws -> [String] {
      guard let sequence = node.sequence else { throw fail("'\(key)' must be a list of strings", node.mark) }
      return try sequence.map { item in
        guard let scalar = item.scalar, !scalar.string.isEmpty else {
          throw fail("'\(key)' must be a list of strings", item.mark)
        }
        return scalar.string
      }
    }

    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      switch key {
      case "fail_under":
        guard let number = value.scalar.flatMap({ Int($0.string) }), (0...100).contains(number) else {
          throw fail("'fail_under' must be a whole number from 0 to 100", value.mark)
        }
        config.failUnder = number
      case "include": config.include = try strings(value, key: key)
      case "exclude": config.exclude = try strings(value, key: key)
      case "openapi":
        guard let scalar = value.scalar, !scalar.string.isEmpty else {
          throw fail("'openapi' must be a path relative to the audited folder", value.mark)
        }
        config.settings.openAPIPath = scalar.string
      case "tenant_columns": config.settings.tenantColumns = try strings(value, key: key)
      case "global_models": config.settings.globalModels += try strings(value, key: key)
      case "public_paths": config.settings.publicPaths += try strings(value, key: key)
      case "auth_decorators": config.settings.authDecorators += try strings(value, key: key)
      case "required_settings": config.settings.requiredSettings += try strings(value, key: key)
      case "rules":
        guard let rules = value.mapping else {
          throw fail("'rules' maps rule ids to off, note, warning or error", value.mark)
        }
        for (idNode, settingNode) in rules {
          let id = idNode.string ?? ""
          guard knownRuleIds.contains(id) else {
            throw fail("unknown rule '\(id)' (see `archverify rules`)", idNode.mark)
          }
          // YAML 1.1 reads a bare `off` as false; accept it as the word the user wrote.
          let raw = settingNode.scalar?.string ?? ""
          guard let setting = RuleSetting(rawValue: raw.lowercased()) else {
            throw fail(
              "rule '\(id)' must be set to off, note, warning or error (got '\(raw)')", settingNode.mark)
          }
          config.rules[id] = setting
        }
      default:
        throw fail(
          "unknown key '\(key)' (expected one of: \(keys.joined(separator: ", ")))", keyNode.mark)
      }
    }
    return config
  }
}
