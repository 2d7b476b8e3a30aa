/// The project's Python modules by dotted name, with imports resolved inside the project: what
/// lets a rule follow a name from the module that uses it to the module that defines it.
///
/// A file `app/models/order.py` is module `app.models.order`; `app/__init__.py` is package `app`.
/// An absolute import names a module by its full dotted name or by a suffix of it that is unique
/// in the project (so `src/app/x.py` answers `import app.x`); a relative import is resolved
/// against the importing module's package.
public struct ModuleGraph: Sendable {
  /// A module of the project.
  public struct Module: Sendable {
    public let path: String
    /// The dotted name taken from the path.
    public let name: String
    /// Whether the file is a package's `__init__.py`.
    public let isPackage: Bool
    public let file: PythonFile
    /// Top-level functions by name (the last definition wins, as in Python).
    public let functions: [String: Int]
    /// Top-level classes by name.
    public let classes: [String: Int]
    /// Local names bound by imports at module level or inside functions: `from m import n as x`
    /// binds `x` to (`m`, `n`); `import a.b as c` binds `c` to (`a.b`, nil); `import a.b` binds
    /// `a` to (`a`, nil).
    public let importedNames: [String: (module: String, name: String?)]
    /// Names assigned at module level.
    public let variables: Set<String>
  }

  /// A function of the project: the module (index into `modules`) and the function's index in
  /// its `PythonFile`.
  public struct FunctionRef: Sendable, Hashable, Comparable {
    public let module: Int
    public let function: Int

    public init(module: Int, function: Int) {
      self.module = module
      self.function = function
    }

    public static func < (lhs: FunctionRef, rhs: FunctionRef) -> Bool {
      (lhs.module, lhs.function) < (rhs.module, rhs.function)
    }
  }

  /// A top-level definition a name resolves to.
  public enum Definition: Sendable, Hashable {
    case function(FunctionRef)
    /// A class: module index and class index.
    case `class`(module: Int, index: Int)
    /// A module-level variable: module index and the name.
    case variable(module: Int, name: String)
    /// A module itself (`import app.services as services`).
    case module(Int)
  }

  /// Modules in path order.
  public let modules: [Module]
  private let byName: [String: Int]
  /// Modules by each suffix of their dotted name that can be an import root (`app.models.order`
  /// for `src/app/models/order.py`), for imports written against another root: a suffix starts
  /// after a folder that is not a package (holds no `__init__.py`), so `indico/web/flask/wrappers.py`
  /// never answers `import flask.wrappers`. Only suffixes shared by no other module are kept.
  private let bySuffix: [String: Int]
  private let byPath: [String: Int]

  public init(files: [(path: String, file: PythonFile)]) {
    var modules: [Module] = []
    for (path, file) in files.sorted(by: { $0.path < $1.path }) where path.hasSuffix(".py") {
      var parts = path.utf8.dropLast(3).split(separator: UInt8(ascii: "/")).map {
        String(decoding: $0, as: UTF8.self)
      }
      let isPackage = parts.last == "__init__"
      if isPackage { parts.removeLast() }
      var functions: [String: Int] = [:]
      for (index, function) in file.functions.enumerated()
      where function.parent == nil && function.classIndex == nil {
        functions[function.name] = index
      }
      var classes: [String: Int] = [:]
      for (index, cls) in file.classes.enumerated() where cls.parent == nil { classes[cls.name] = index }
      var imported: [String: (module: String, name: String?)] = [:]
      for item in file.imports {
        if let name = item.name {
          guard name != "*" else { continue }
          imported[item.alias ?? name] = (item.module, name)
        } else if let alias = item.alias {
          imported[alias] = (item.module, nil)
        } else if let first = item.module.split(separator: ".").first {
          imported[String(first)] = (String(first), nil)
        }
      }
      var variables: Set<String> = []
      for assignment in file.assignments where assignment.function == nil && assignment.classIndex == nil {
        for target in assignment.targets {
          if case .name(let name) = target.expr { variables.insert(name) }
        }
      }
      modules.append(
        Module(
          path: path, name: parts.joined(separator: "."), isPackage: isPackage, file: file,
          functions: functions,
          classes: classes, importedNames: imported, variables: variables))
    }
    var byName: [String: Int] = [:]
    var suffixCounts: [String: Int] = [:]
    var bySuffix: [String: Int] = [:]
    var byPath: [String: Int] = [:]
    // Folders that are packages: the dotted names of `__init__.py` modules.
    let packages = Set(modules.filter(\.isPackage).map(\.name))
    for (index, module) in modules.enumerated() {
      byPath[module.path] = index
      if byName[module.name] == nil { byName[module.name] = index }
      let parts = module.name.utf8.split(separator: UInt8(ascii: ".")).map {
        String(decoding: $0, as: UTF8.self)
      }
      for start in parts.indices.dropFirst() {
        let folder = parts[..<start].joined(separator: ".")
        guard !packages.contains(folder) else { continue }
        let suffix = parts[start...].joined(separator: ".")
        suffixCounts[suffix, default: 0] += 1
        bySuffix[suffix] = index
      }
    }
    self.modules = modules
    self.byName = byName
    self.bySuffix = bySuffix.filter { suffixCounts[$0.key] == 1 }
    self.byPath = byPath
  }

  /// The module of a file path.
  public func module(path: String) -> Int? { byPath[path] }

  /// The module an import names, seen from module `from` (relative imports start with dots).
  public func resolveModule(_ name: String, from importer: Int) -> Int? {
    if name.hasPrefix(".") {
      let dots = name.prefix { $0 == "." }.count
      var package = modules[importer].name.split(separator: ".").map(String.init)
      if !modules[importer].isPackage { package = Array(package.dropLast()) }
      guard dots - 1 <= package.count else { return nil }
      package = Array(package.dropLast(dots - 1))
      let rest = name.dropFirst(dots)
      let full = (package + (rest.isEmpty ? [] : [String(rest)])).joined(separator: ".")
      return byName[full] ?? bySuffix[full]
    }
    return byName[name] ?? bySuffix[name]
  }

  /// What `name`, used in module `module`, stands for: a definition of that module, or one it
  /// imports (followed through re-exports, up to a few modules deep).
  public func resolve(_ name: String, in module: Int, depth: Int = 0) -> Definition? {
    guard depth < 6 else { return nil }
    let current = modules[module]
    if let function = current.functions[name] {
      return .function(FunctionRef(module: module, function: function))
    }
    if let index = current.classes[name] { return .class(module: module, index: index) }
    if let (source, imported) = current.importedNames[name] {
      guard let imported else {
        return resolveModule(source, from: module).map(Definition.module)
      }
      // `from package import submodule`.
      if let target = resolveModule(source, from: module) {
        if let found = resolve(imported, in: target, depth: depth + 1) { return found }
        if modules[target].isPackage, let submodule = resolveModule(source + "." + imported, from: module) {
          return .module(submodule)
        }
        if isAssigned(imported, in: target) { return .variable(module: target, name: imported) }
      } else if let submodule = resolveModule(source + "." + imported, from: module) {
        // A namespace package (no `__init__.py`) holding the module.
        return .module(submodule)
      }
      return nil
    }
    if isAssigned(name, in: module) { return .variable(module: module, name: name) }
    return nil
  }

  /// What a dotted reference (`services.orders.create`, `OrderService.create`) stands for.
  public func resolve(dotted value: PyValue, in module: Int) -> Definition? {
    switch value.expr {
    case .name(let name):
      return resolve(name, in: module)
    case .attribute(let object, let attribute):
      guard let base = resolve(dotted: object, in: module) else { return nil }
      switch base {
      case .module(let target):
        if let found = resolve(attribute, in: target) { return found }
        if let submodule = resolveModule(modules[target].name + "." + attribute, from: target) {
          return .module(submodule)
        }
        return nil
      case .class(let owner, let index):
        let file = modules[owner].file
        if let method = file.functions.indices.last(where: {
          file.functions[$0].classIndex == index && file.functions[$0].name == attribute
        }) {
          return .function(FunctionRef(module: owner, function: method))
        }
        return nil
      default:
        return nil
      }
    default:
      return nil
    }
  }

  /// The project functions a function calls directly: plain and imported names, module
  /// attributes, `Class.method` and `self.method` within its class.
  public func callees(of ref: FunctionRef) -> [FunctionRef] {
    let module = modules[ref.module]
    let file = module.file
    let owner = file.functions[ref.function].classIndex
    var result: [FunctionRef] = []
    var seen: Set<FunctionRef> = []
    for site in file.calls where site.function == ref.function {
      var target: FunctionRef?
      if case .attribute(let object, let method) = site.call.callee.expr, case .name("self") = object.expr,
        let owner
      {
        target = file.functions.indices.last {
          file.functions[$0].classIndex == owner && file.functions[$0].name == method
        }.map { FunctionRef(module: ref.module, function: $0) }
      } else if case .function(let found)? = resolve(dotted: site.call.callee, in: ref.module) {
        target = found
      }
      if let target, target != ref, seen.insert(target).inserted { result.append(target) }
    }
    return result
  }

  /// `ref` and every project function reachable from it through calls, up to `depth` calls deep,
  /// in the order first reached.
  public func reachable(from ref: FunctionRef, depth: Int = 4) -> [FunctionRef] {
    var order = [ref]
    var seen: Set<FunctionRef> = [ref]
    var frontier = [ref]
    for _ in 0..<depth {
      var next: [FunctionRef] = []
      for item in frontier {
        for callee in callees(of: item) where seen.insert(callee).inserted {
          order.append(callee)
          next.append(callee)
        }
      }
      if next.isEmpty { break }
      frontier = next
    }
    return order
  }

  private func isAssigned(_ name: String, in module: Int) -> Bool {
    modules[module].variables.contains(name)
  }
}
