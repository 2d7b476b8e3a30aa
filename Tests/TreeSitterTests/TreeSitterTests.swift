import Testing

@testable import TreeSitter

@Suite struct LanguageTests {
  @Test(arguments: [
    ("app.py", Language.python), ("a/b.ts", .typescript), ("c.tsx", .tsx), ("d.jsx", .tsx),
    ("e.js", .tsx), ("f.mjs", .tsx), ("g.cjs", .tsx),
  ])
  func extensionPicksTheGrammar(_ name: String, _ language: Language) {
    #expect(Language(fileName: name) == language)
  }

  @Test func otherFilesHaveNoGrammar() {
    #expect(Language(fileName: "README.md") == nil)
    #expect(Language(fileName: "Makefile") == nil)
  }

  @Test(arguments: Language.allCases)
  func grammarsAreABI14(_ language: Language) {
    #expect(language.abiVersion == 14)
  }
}

@Suite struct ParserTests {
  @Test func parsesPythonAndReportsByteRanges() throws {
    let source = SourceText("x = \"é\"\ny = 1\n")
    let tree = try #require(Parser().parse(source, as: .python))
    let root = tree.rootNode
    #expect(root.type == "module")
    #expect(!root.hasError)
    let second = try #require(root.namedChild(1))
    // "é" is two bytes in UTF-8: the second statement starts at byte 9.
    #expect(second.startByte == 9)
    #expect(second.text == "y = 1")
  }

  @Test func recoversFromSyntaxErrors() throws {
    let tree = try #require(Parser().parse(SourceText("def broken(:\n  pass\nx = 1\n"), as: .python))
    #expect(tree.rootNode.hasError)
  }

  @Test func parsesTSXAndTypeScript() throws {
    let parser = Parser()
    let tsx = try #require(parser.parse(SourceText("const a = <div>{x}</div>;\n"), as: .tsx))
    #expect(!tsx.rootNode.hasError)
    let ts = try #require(parser.parse(SourceText("let n: number = <number>x;\n"), as: .typescript))
    #expect(!ts.rootNode.hasError)
  }

  @Test func walkVisitsEveryNodeInDocumentOrder() throws {
    let tree = try #require(Parser().parse(SourceText("a(b, c)\n"), as: .python))
    var identifiers: [String] = []
    tree.rootNode.walk { node in
      if node.type == "identifier" { identifiers.append(node.text) }
      return true
    }
    #expect(identifiers == ["a", "b", "c"])
  }
}

@Suite struct QueryPredicateTests {
  let source = SourceText(
    """
    db.create_all()
    db.drop_all()
    session.create_all()
    token = 1
    theme = 2
    apiToken = 3

    """)

  func captured(_ query: String, _ capture: String = "x") throws -> [String] {
    let tree = try #require(Parser().parse(source, as: .python))
    let compiled = try Query(language: .python, source: query)
    let index = try #require(compiled.captureIndex(capture))
    return QueryCursor().matches(of: compiled, in: tree.rootNode).compactMap { $0.node(index)?.text }
  }

  @Test func eqWithString() throws {
    let found = try captured(
      #"(call function: (attribute object: (identifier) @x attribute: (identifier) @m) (#eq? @m "create_all"))"#
    )
    #expect(found == ["db", "session"])
  }

  @Test func notEqWithString() throws {
    let found = try captured(
      #"(call function: (attribute object: (identifier) @x attribute: (identifier) @m) (#not-eq? @m "create_all"))"#
    )
    #expect(found == ["db"])
  }

  @Test func eqBetweenCaptures() throws {
    let tree = try #require(Parser().parse(SourceText("a = a\nb = c\n"), as: .python))
    let query = try Query(
      language: .python, source: "(assignment left: (identifier) @x right: (identifier) @y (#eq? @x @y))")
    let matches = QueryCursor().matches(of: query, in: tree.rootNode)
    #expect(matches.count == 1)
    #expect(matches.first?.node(0)?.text == "a")
  }

  @Test func matchAndNotMatch() throws {
    #expect(
      try captured(#"(assignment left: (identifier) @x (#match? @x "(?i)token"))"#) == ["token", "apiToken"])
    #expect(try captured(#"(assignment left: (identifier) @x (#not-match? @x "(?i)token"))"#) == ["theme"])
  }

  @Test func anyOf() throws {
    #expect(
      try captured(#"(assignment left: (identifier) @x (#any-of? @x "theme" "token"))"#) == [
        "token", "theme",
      ])
  }

  @Test func invalidQueryReportsTheOffset() {
    #expect(throws: QueryError.self) { try Query(language: .python, source: "(call (nonexistent_node))") }
    do {
      _ = try Query(language: .python, source: "(call) (nonexistent_node)")
    } catch let error as QueryError {
      #expect(error.offset == 8)
      #expect(error.message == "unknown node type")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func unknownPredicateIsAnError() {
    #expect(throws: QueryError.self) {
      try Query(language: .python, source: #"((identifier) @x (#foo? @x "a"))"#)
    }
  }
}

@Suite struct QueryPrefilterTests {
  @Test func requiredLiteralsDecideWhetherAFileCanMatch() throws {
    let query = try Query(
      language: .python,
      source: #"(call function: (attribute attribute: (identifier) @m) (#eq? @m "create_all")) @finding"#)
    #expect(query.mightMatch(Array("db.create_all()\n".utf8)))
    #expect(!query.mightMatch(Array("db.drop_all()\n".utf8)))
  }

  @Test func optionalCapturesAndRegexesDoNotFilter() throws {
    let alternation = try Query(
      language: .python,
      source:
        #"(call function: [(identifier) @f (attribute attribute: (identifier) @m)] (#eq? @m "x")) @finding"#)
    #expect(alternation.mightMatch(Array("y()\n".utf8)))
    let regex = try Query(language: .python, source: #"((identifier) @x (#match? @x "^tok"))"#)
    #expect(regex.mightMatch(Array("a = 1\n".utf8)))
  }

  @Test func anyOfNeedsOneOfItsValues() throws {
    let query = try Query(language: .python, source: #"((identifier) @x (#any-of? @x "alpha" "beta"))"#)
    #expect(query.mightMatch(Array("beta = 1\n".utf8)))
    #expect(!query.mightMatch(Array("gamma = 1\n".utf8)))
  }
}

@Suite struct MaskedWalkTests {
  @Test func visitsOnlyTheMaskedTypesInDocumentOrder() throws {
    let tree = try #require(Parser().parse(SourceText("a(b(c), d.e())\nf()\n"), as: .python))
    var calls: [String] = []
    tree.rootNode.walk(matching: Language.python.symbolMask(["call"])) { node in
      calls.append(node.text)
      return true
    }
    #expect(calls == ["a(b(c), d.e())", "b(c)", "d.e()", "f()"])
  }
}
