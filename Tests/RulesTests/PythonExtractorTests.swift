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
}
