/// The generator's Mustache templates (`Templates/<stack>/...`), embedded at build time by the
/// template plugin so a copied binary generates without the source tree.
public enum GeneratorTemplates {
  /// Each template's path under `Templates/` (`flask/package/config.py.mustache`) and its text,
  /// sorted by path.
  public static var all: [(path: String, text: String)] { embeddedTemplates }
}
