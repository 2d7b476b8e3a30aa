import Foundation
import PyAnalysis
import Testing
import TreeSitter

@Suite struct PythonExtractorTests {
  func extract(_ code: String) throws -> PythonFile {
    let tree = try #require(Parser().parse(SourceText(code), as: .python))
    return PythonExtractor.extract(tree)
  }

  @Test func nestedAndChainedCallsAreEachRecordedOnceInSourceOrder() throws {
    let code = """
      def view(w):
          rows = Task.query.filter(Task.workspace_id == w).order_by(key(Task.id)).all()
          return jsonify(dump(rows))

      """
    let file = try extract(code)
    let bytes = Array(code.utf8)
    let texts = file.calls.map { String(decoding: bytes[$0.range], as: UTF8.self) }
    #expect(
      texts == [
        "Task.query.filter(Task.workspace_id == w).order_by(key(Task.id)).all()",
        "Task.query.filter(Task.workspace_id == w).order_by(key(Task.id))",
        "Task.query.filter(Task.workspace_id == w)",
        "key(Task.id)",
        "jsonify(dump(rows))",
        "dump(rows)",
      ])
    #expect(file.calls.allSatisfy { $0.function == 0 })
    #expect(file.calls.map { $0.call.name } == [nil, nil, "Task.query.filter", "key", "jsonify", "dump"])
  }

  @Test func withItemsBindTheirAliasesOverTheBody() throws {
    let code = """
      def upgrade():
          with op.batch_alter_table("orders", schema=None) as batch_op:
              batch_op.add_column(sa.Column("x", sa.Integer()))
      with open(path) as (a), lock:
          pass
      """
    let file = try extract(code)
    let bytes = Array(code.utf8)
    #expect(file.withItems.map(\.alias) == ["batch_op", nil, nil])
    #expect(
      file.withItems.map { $0.value.call?.name ?? $0.value.dottedName } == [
        "op.batch_alter_table", "open", "lock",
      ])
    #expect(file.withItems.map(\.function) == [0, nil, nil])
    let firstBody = String(decoding: bytes[file.withItems[0].body], as: UTF8.self)
    #expect(firstBody == "batch_op.add_column(sa.Column(\"x\", sa.Integer()))")
    // The calls inside a context expression are still recorded.
    #expect(
      file.calls.map { $0.call.name }.prefix(3) == [
        "op.batch_alter_table", "batch_op.add_column", "sa.Column",
      ])
  }
}

@Suite struct PythonCallCoverageTests {
  /// Every `call` node of the tree, in document order: what `PythonFile.calls` must list.
  static func callNodes(_ tree: Tree) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    tree.rootNode.walk { node in
      if node.type == "call" { ranges.append(node.byteRange) }
      return true
    }
    return ranges
  }

  static let tricky = """
    x = await fetch(a(b()), *rest, key=f"{fmt(v)}")
    y = [g(i) for i in items()] + (lambda: h())()
    z = -neg(1) if cond(2) else {"k": (paren(3))}
    return_value = obj.m(n(o(p(q(r(s(t(u(w(1))))))))))
    async def handler():
        return await client.get(url(), params=dict(a=b()))
    for item in source(): sink(item)
    assert check(value()), message(text())
    with open(path()) as handle: data = handle.read()
    print(*args(), **kwargs())
    IdStr = Annotated[str, AfterValidator(check_id)]
    config: Annotated[Union[A, B], Field(discriminator="kind")] = default()
    """

  @Test func everyCallNodeIsRecordedOnceInDocumentOrder() throws {
    var sources = [Self.tricky]
    for folder in ["Tests/Fixtures", "examples"] {
      let root = Repository.root.appendingPathComponent(folder)
      let enumerator = FileManager.default.enumerator(atPath: root.path)
      while let path = enumerator?.nextObject() as? String {
        guard path.hasSuffix(".py") else { continue }
        sources.append(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
      }
    }
    #expect(sources.count > 10)
    for source in sources {
      let tree = try #require(Parser().parse(SourceText(source), as: .python))
      let recorded = PythonExtractor.extract(tree).calls.map(\.range)
      #expect(recorded == Self.callNodes(tree), "calls differ in:\n\(source.prefix(200))")
    }
  }
}
