import ArchCore
import Testing

@testable import Scoring

func finding(
  _ rule: String, _ level: Level, line: Int = 1, suppressed: Bool = false, category: Category = .auth
)
  -> Finding
{
  Finding(
    ruleId: rule, level: level, category: category, message: "m",
    location: Location(path: "a.py", offset: 0, line: line, column: 1), snippet: "x",
    suppression: suppressed ? Suppression(kind: .inSource, justification: "r") : nil)
}

@Suite struct ScoringTests {
  let categories: [Category] = [.auth, .config, .tenancy]

  func score(_ findings: [Finding]) -> Int {
    Scoring.evaluate(findings, threshold: 80, categories: categories).score
  }

  @Test func cleanProjectScores100() {
    #expect(score([]) == 100)
    #expect(Scoring.evaluate([], threshold: 80, categories: categories).passed)
  }

  @Test func oneSecurityErrorDropsBelow95() {
    #expect(score([finding("auth/a", .error)]) < 95)
    #expect(score([finding("tenancy/a", .error, category: .tenancy)]) == 92)
  }

  @Test func threeDistinctErrorRulesDropBelow80() {
    let findings = [
      finding("auth/a", .error), finding("auth/b", .error), finding("config/c", .error, category: .config),
    ]
    #expect(score(findings) < 80)
    #expect(!Scoring.evaluate(findings, threshold: 80, categories: categories).passed)
  }

  @Test func hundredRepeatsOfOneWarningCostLessThanThreeErrors() {
    let warnings = (1...100).map { finding("config/w", .warning, line: $0, category: .config) }
    let errors = [finding("auth/a", .error), finding("auth/b", .error), finding("auth/c", .error)]
    #expect(score(warnings) > score(errors))
  }

  @Test func addingAFindingNeverRaisesTheScore() {
    var findings: [Finding] = []
    var previous = score(findings)
    let levels: [Level] = [.note, .warning, .error]
    for index in 0..<300 {
      findings.append(finding("auth/r\(index % 7)", levels[index % 3], line: index))
      let next = score(findings)
      #expect(next <= previous)
      previous = next
    }
    #expect(previous == 0)
  }

  @Test func suppressedAndToolFindingsDoNotCount() {
    #expect(score([finding("auth/a", .error, suppressed: true)]) == 100)
    #expect(score([finding("archverify/skipped-file", .note, category: .archverify)]) == 100)
  }

  @Test func categoriesAreScoredSeparately() {
    let report = Scoring.evaluate([finding("auth/a", .error)], threshold: 80, categories: categories)
    #expect(report.categories["auth"]?.score == 92)
    #expect(report.categories["auth"]?.errors == 1)
    #expect(report.categories["config"]?.score == 100)
  }

  @Test func deterministic() {
    let findings = (1...50).map { finding("auth/r\($0 % 5)", .warning, line: $0) }
    #expect(score(findings) == score(findings.reversed()))
  }
}
