import ArchCore
import PyAnalysis

/// `billing/unverified-webhook`: a Stripe webhook route that acts on the request body without
/// verifying its signature (`stripe.Webhook.construct_event`, `WebhookSignature.verify_header`)
/// or re-fetching the event from Stripe (`stripe.Event.retrieve`).
public struct UnverifiedWebhookRule: SemanticRule {
  public static let id = "billing/unverified-webhook"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    let application = project.pythonApplicationFiles
    let verifiers = Self.verifierFunctionNames(application.map(\.python))
    var hits: [RuleHit] = []
    for (file, python) in application where python.imports(module: "stripe") {
      for handler in python.routeHandlers {
        let function = python.functions[handler.function]
        let isWebhook =
          function.name.lowercased().contains("webhook")
          || handler.paths.contains { $0.lowercased().contains("webhook") }
        guard isWebhook else { continue }
        let calls = python.calls.filter { $0.function == handler.function }
        let verification = calls.first { site in
          let callsVerifier = site.call.callee.terminalName.map(verifiers.contains) ?? false
          return Self.verification(site.call) != nil || callsVerifier
        }
        guard let verification else {
          hits.append(
            hit(
              file, at: handler.decoratorOffset,
              message: "webhook handler `\(function.name)` never verifies the Stripe signature; call "
                + "stripe.Webhook.construct_event(payload, sig_header, secret) before using the event"))
          continue
        }
        // Re-fetching an event reads its id from the payload first, by design.
        if Self.verification(verification.call) == .refetch { continue }
        if let use = Self.firstPayloadUse(python, function: handler.function),
          use < verification.range.lowerBound
        {
          hits.append(
            hit(
              file, at: handler.decoratorOffset,
              message: "webhook handler `\(function.name)` parses the payload before verifying the "
                + "Stripe signature; verify with stripe.Webhook.construct_event first and use the event "
                + "it returns"))
        }
      }
    }
    return hits
  }

  enum Verification { case signature, refetch }

  /// Whether a call verifies a Stripe event: a signature check, or a re-fetch from Stripe.
  static func verification(_ call: PyCall) -> Verification? {
    guard let name = call.callee.terminalName else { return nil }
    if name == "construct_event" || name == "verify_header" { return .signature }
    if name == "retrieve", case .attribute(let object, _) = call.callee.expr,
      let receiver = object.terminalName, receiver == "Event" || receiver == "events"
    {
      return .refetch
    }
    return nil
  }

  /// Names of project functions that verify an event, directly or through another such function.
  static func verifierFunctionNames(_ files: [PythonFile]) -> Set<String> {
    var names: Set<String> = []
    while true {
      var next = names
      for file in files {
        for site in file.calls {
          guard let index = site.function else { continue }
          let verifies =
            verification(site.call) != nil || site.call.callee.terminalName.map(names.contains) == true
          if verifies { next.insert(file.functions[index].name) }
        }
      }
      if next == names { return names }
      names = next
    }
  }

  /// The offset of the first place the handler reads the payload as data: `request.get_json()`,
  /// `request.json`, `await request.json()`, `json.loads(...)` or `stripe.Event.construct_from(...)`.
  static func firstPayloadUse(_ python: PythonFile, function: Int) -> Int? {
    var offsets: [Int] = []
    for site in python.calls where site.function == function {
      let call = site.call
      switch call.callee.expr {
      case .attribute(let object, let method):
        let receiver = object.terminalName ?? ""
        let parses =
          method == "get_json" || method == "construct_from"
          || (method == "loads" && ["json", "ujson", "orjson"].contains(receiver))
          || (method == "json" && receiver.lowercased().hasSuffix("request"))
        if parses { offsets.append(site.range.lowerBound) }
      case .name(let name) where name == "loads":
        offsets.append(site.range.lowerBound)
      default:
        break
      }
    }
    for assignment in python.assignments where assignment.function == function {
      let readsJSON =
        assignment.value?.contains { value in
          guard case .attribute(let object, "json") = value.expr else { return false }
          return object.terminalName?.lowercased().hasSuffix("request") == true
        } ?? false
      if readsJSON { offsets.append(assignment.range.lowerBound) }
    }
    return offsets.min()
  }
}
