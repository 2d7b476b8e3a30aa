import ArchCore
import PyAnalysis

/// `migrations/broken-chain`: an Alembic revision graph that is not one line of history. A
/// `down_revision` naming no revision is reported once, at that line (the extra head it leaves is
/// not reported again); an id declared by several files at the `revision =` line of each; a cycle
/// at the `revision =` line of each revision in it; several unmerged heads at the `revision =`
/// line of each head. Each Alembic environment is its own graph.
public struct BrokenChainRule: SemanticRule {
  public static let id = "migrations/broken-chain"

  public init() {}

  public func check(_ project: ProjectFacts) -> [RuleHit] {
    project.migrations.graphs.flatMap(Self.check)
  }

  static func check(_ graph: MigrationGraph) -> [RuleHit] {
    var hits: [RuleHit] = []
    let revisions = graph.revisions
    let folder = graph.folders.joined(separator: ", ")
    // Revisions already reported at their `revision =` line, which gets one finding.
    var reported: Set<Int> = []
    func report(_ index: Int, _ message: String) {
      guard reported.insert(index).inserted else { return }
      hits.append(
        RuleHit(
          ruleId: id, path: revisions[index].path, offset: revisions[index].revisionOffset, message: message))
    }

    for group in graph.duplicates {
      let paths = group.map { revisions[$0].path }.joined(separator: ", ")
      for index in group {
        report(
          index,
          "revision id `\(revisions[index].id)` is declared by \(group.count) files (\(paths)); give this "
            + "revision a new id (`alembic revision` generates one) and update the `down_revision` of the "
            + "revisions that follow it")
      }
    }

    for cycle in graph.cycles {
      let ids = Self.unique(cycle.map { revisions[$0].id })
      let message =
        ids.count == 1
        ? "revision `\(ids[0])` names itself as its `down_revision`; point it at the revision it follows"
        : "revisions \(Self.list(ids)) form a cycle through `down_revision`, so Alembic cannot order "
          + "them; point the `down_revision` of one of them back at an earlier revision"
      for index in cycle { report(index, message) }
    }

    // Heads left by a broken link are not reported again: they would disappear with its fix.
    let brokenLinks =
      graph.danglingParents.map(\.revision) + graph.cycles.joined()
      + revisions.indices.filter { !revisions[$0].parentsAreKnown }
    let broken = graph.descendants(of: brokenLinks)
    let heads = graph.heads.flatMap { graph.indicesByID[$0] ?? [] }.filter { !broken.contains($0) }
    let headIDs = Self.unique(heads.map { revisions[$0].id })

    var danglingByRevision: [Int: [String]] = [:]
    for dangling in graph.danglingParents {
      danglingByRevision[dangling.revision, default: []].append(dangling.parent)
    }
    for (index, parents) in danglingByRevision.sorted(by: { $0.key < $1.key }) {
      let revision = revisions[index]
      let named = parents.count == 1 ? "`\(parents[0])`" : Self.list(parents)
      var target = "the revision it follows"
      if headIDs.count == 1 {
        target += " (the current head is `\(headIDs[0])`)"
      } else if headIDs.count > 1 {
        target += " (the current heads are \(Self.list(headIDs)))"
      }
      hits.append(
        RuleHit(
          ruleId: id, path: revision.path, offset: revision.downRevisionOffset ?? revision.revisionOffset,
          message: "`down_revision` of revision `\(revision.id)` names \(named), which is no revision in "
            + "\(folder); point it at \(target) or restore the missing revision file"))
    }

    if headIDs.count > 1 {
      for index in heads {
        report(
          index,
          "revision `\(revisions[index].id)` is one of \(headIDs.count) unmerged heads in \(folder) "
            + "(\(Self.list(headIDs))), so `alembic upgrade head` refuses to run; join them with "
            + "`alembic merge heads` (`flask db merge heads`)")
      }
    }
    return hits
  }

  static func unique(_ ids: [String]) -> [String] {
    var seen: Set<String> = []
    return ids.filter { seen.insert($0).inserted }
  }

  static func list(_ ids: [String]) -> String { ids.map { "`\($0)`" }.joined(separator: ", ") }
}
