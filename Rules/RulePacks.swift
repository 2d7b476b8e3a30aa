/// The rule packs of this folder, embedded at build time by the registry plugin.
/// Each entry is a pack's path (`Rules/<category>/<rule>.yaml`) and its text.
public enum RulePacks {
  public static var all: [(path: String, text: String)] { embeddedRulePacks }
}
