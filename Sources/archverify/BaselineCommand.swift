import ArchCore
import ArgumentParser
import Audit
import Reports
import Scoring

/// `archverify baseline`: manage baseline files, the findings a team accepts for now.
struct BaselineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baseline",
    abstract: "Record the current findings so that `audit --baseline FILE` only counts new ones.",
    subcommands: [Write.self]
  )

  /// `archverify baseline write FILE [PATH]`.
  struct Write: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "write",
      abstract: "Record the current findings of a project in a baseline file.",
      discussion: """
        The file lists each finding by file, rule, the text of its line (whitespace collapsed) and \
        message, with how many times it occurs; line numbers are not recorded, so edits elsewhere in \
        a file keep its findings matched. Findings suppressed inline and archverify's own notes are \
        not recorded. Exit status: 0 written; 2 a usage or input error.
        """
    )

    @Argument(help: ArgumentHelp("The baseline file to write (replaced if it exists).", valueName: "file"))
    var file: String

    @Argument(help: "The project folder to audit.")
    var path: String = "."

    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
      try Self.record(into: file, path: path, analysis: analysis)
    }

    /// Audits `path` and writes the baseline of its findings to `file`.
    static func record(into file: String, path: String, analysis: AnalysisOptions) throws {
      let project = try analysis.project(path)
      let display = analysis.progressDisplay()
      defer { display?.stop() }
      let options = analysis.auditOptions(
        project, threshold: Scoring.defaultThreshold, progress: display?.progress)
      let result = try Auditor(rules: project.rules, options: options).run()
      display?.progress.enter(.reporting)
      let baseline = Baseline(findings: result.findings)
      try OutputFile.save(try baseline.encoded(), to: file)
      display?.stop()
      if !analysis.quiet {
        let count = baseline.recordedCount
        Console.error("archverify: recorded \(count) \(count == 1 ? "finding" : "findings") in \(file)")
      }
    }
  }
}
