// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "archverify",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "archverify", targets: ["archverify"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // libtree-sitter 0.20.7 from Debian (`libtree-sitter-dev`).
    .systemLibrary(
      name: "CTreeSitter",
      pkgConfig: "tree-sitter",
      providers: [.apt(["libtree-sitter-dev"])]
    ),
    // Python, TypeScript and TSX grammars. `make setup` fetches their sources into `vendor/`.
    .target(
      name: "TreeSitterGrammars",
      exclude: ["vendor"],
      cSettings: [.unsafeFlags(["-w"])]
    ),
    .target(name: "TreeSitter", dependencies: ["CTreeSitter", "TreeSitterGrammars"], swiftSettings: strict),
    .target(name: "ArchCore", swiftSettings: strict),
    .target(name: "PyAnalysis", dependencies: ["TreeSitter", "ArchCore"], swiftSettings: strict),
    .target(name: "TSAnalysis", dependencies: ["TreeSitter", "ArchCore"], swiftSettings: strict),
    .target(
      name: "OpenAPIModel", dependencies: ["ArchCore", .product(name: "Yams", package: "Yams")],
      swiftSettings: strict),
    .executableTarget(name: "RegistryGenerator", swiftSettings: strict),
    .plugin(name: "RegistryPlugin", capability: .buildTool(), dependencies: ["RegistryGenerator"]),
    // The shipped rule packs: `Rules/<category>/<rule>.yaml`, embedded in the binary by the plugin.
    .target(name: "RulePacks", path: "Rules", swiftSettings: strict, plugins: ["RegistryPlugin"]),
    .target(
      name: "Rules",
      dependencies: [
        "TreeSitter", "ArchCore", "PyAnalysis", "TSAnalysis", "OpenAPIModel", "RulePacks",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict,
      plugins: ["RegistryPlugin"]
    ),
    .target(name: "Scoring", dependencies: ["ArchCore"], swiftSettings: strict),
    // The generator's Mustache templates, `Templates/<stack>/**/*.mustache`, embedded in the binary by
    // the template plugin (every file of the folder, no hand-kept list).
    .plugin(name: "TemplatePlugin", capability: .buildTool(), dependencies: ["RegistryGenerator"]),
    .target(
      name: "GeneratorTemplates", path: "Templates", swiftSettings: strict, plugins: ["TemplatePlugin"]),
    // The Markdown and HTML report templates, `Reports/templates/*`, embedded in the binary. A test fails
    // when a file of that folder is not listed here.
    .target(
      name: "ReportTemplates", path: "Reports", exclude: ["samples", "schema"],
      sources: ["ReportTemplates.swift"],
      resources: [
        .embedInCode("templates/finding.html.mustache"),
        .embedInCode("templates/report.css"),
        .embedInCode("templates/report.html.mustache"),
        .embedInCode("templates/report.js"),
        .embedInCode("templates/report.md.mustache"),
      ],
      swiftSettings: strict),
    .target(
      name: "Reports",
      dependencies: [
        "ArchCore", "Rules", "Scoring", "ReportTemplates",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      swiftSettings: strict),
    .target(
      name: "Audit",
      dependencies: [
        "ArchCore", "TreeSitter", "PyAnalysis", "TSAnalysis", "OpenAPIModel", "Rules", "Scoring",
        .product(name: "Yams", package: "Yams"),
      ], swiftSettings: strict),
    // Blueprint loading, the generator's templates, staging, the audit gate and delivery, `drift`.
    .target(
      name: "GeneratorHarness",
      dependencies: [
        "ArchCore", "Audit", "Rules", "Scoring", "Reports", "GeneratorTemplates",
        .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      swiftSettings: strict),
    .executableTarget(
      name: "archverify",
      dependencies: [
        "Audit", "Reports", "Rules", "Scoring", "ArchCore", "GeneratorHarness",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .testTarget(name: "TreeSitterTests", dependencies: ["TreeSitter"], swiftSettings: strict),
    .testTarget(
      name: "RulesTests",
      dependencies: ["Rules", "Audit", "ArchCore", "PyAnalysis", "TSAnalysis", "OpenAPIModel", "TreeSitter"],
      swiftSettings: strict),
    .testTarget(
      name: "OpenAPIModelTests", dependencies: ["OpenAPIModel", "ArchCore"], swiftSettings: strict),
    .testTarget(name: "AuditTests", dependencies: ["Audit", "Rules", "ArchCore"], swiftSettings: strict),
    .testTarget(name: "ScoringTests", dependencies: ["Scoring", "ArchCore"], swiftSettings: strict),
    .testTarget(
      name: "GeneratorHarnessTests",
      dependencies: ["GeneratorHarness", "GeneratorTemplates", "Audit", "Rules", "ArchCore", "TreeSitter"],
      exclude: ["Snapshots", "Schemas", "Blueprints"], swiftSettings: strict),
    .testTarget(
      name: "ArchverifyTests",
      dependencies: [
        "archverify", "Audit", "Reports", "Rules", "Scoring", "ArchCore",
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Snapshots", "Schemas"], swiftSettings: strict),
  ]
)
