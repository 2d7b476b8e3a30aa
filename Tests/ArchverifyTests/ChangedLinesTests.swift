import ArchCore
import Audit
import Testing

/// Parsing `git diff --unified=0` into the lines `--new-since` keeps findings on.
@Suite struct ChangedLinesTests {
  @Test func addedAndChangedLinesPerFile() {
    let diff = """
      diff --git a/app/a.py b/app/a.py
      index 1111111..2222222 100644
      --- a/app/a.py
      +++ b/app/a.py
      @@ -3 +3 @@ def create_app():
      -    old()
      +    new()
      @@ -10,0 +11,2 @@ def other():
      +    one()
      +    two()
      @@ -20,3 +22,0 @@ def removed():
      -    a()
      -    b()
      -    c()
      diff --git a/app/new.py b/app/new.py
      new file mode 100644
      index 0000000..3333333
      --- /dev/null
      +++ b/app/new.py
      @@ -0,0 +1,3 @@
      +x = 1
      +y = 2
      +z = 3
      diff --git a/app/gone.py b/app/gone.py
      deleted file mode 100644
      index 4444444..0000000
      --- a/app/gone.py
      +++ /dev/null
      @@ -1,2 +0,0 @@
      -a = 1
      -b = 2

      """
    let changes = ChangedLines.parse(diff: diff)
    #expect(changes.files == ["app/a.py": .ranges([3...3, 11...12]), "app/new.py": .ranges([1...3])])
    #expect(changes.contains(path: "app/a.py", line: 3))
    #expect(!changes.contains(path: "app/a.py", line: 4))
    #expect(changes.contains(path: "app/a.py", line: 12))
    #expect(!changes.contains(path: "app/a.py", line: 22))
    #expect(!changes.contains(path: "app/gone.py", line: 1))
    #expect(!changes.contains(path: "app/other.py", line: 1))
  }

  @Test func addedLineThatLooksLikeAFileHeaderIsCounted() {
    // An added line `++ b/evil.py` is printed as `+++ b/evil.py` inside the hunk.
    let diff = """
      diff --git a/notes.py b/notes.py
      --- a/notes.py
      +++ b/notes.py
      @@ -1,0 +2,2 @@
      +++ b/evil.py
      +x = 1
      @@ -5 +7 @@
      -y = 1
      +y = 2

      """
    #expect(ChangedLines.parse(diff: diff).files == ["notes.py": .ranges([2...3, 7...7])])
  }

  @Test func quotedPathsCarriageReturnsAndMissingNewlineMarkers() {
    let diff =
      "diff --git \"a/caf\\303\\251 x.py\" \"b/caf\\303\\251 x.py\"\n"
      + "--- \"a/caf\\303\\251 x.py\"\n+++ \"b/caf\\303\\251 x.py\"\n"
      + "@@ -1 +1,2 @@\n-a = 1\r\n+a = 2\r\n+b = 3\n\\ No newline at end of file\n"
      + "diff --git a/t.py b/t.py\n--- a/t.py\n+++ b/t.py\n@@ -4,0 +5 @@\n+c = 4\n"
    #expect(
      ChangedLines.parse(diff: diff).files == ["café x.py": .ranges([1...2]), "t.py": .ranges([5...5])])
  }

  @Test func changedBinaryFilesAreKnownWithoutLines() {
    let diff = """
      diff --git a/img/a b.png b/img/a b.png
      index 1111111..2222222 100644
      Binary files a/img/a b.png and b/img/a b.png differ
      diff --git a/old.bin b/old.bin
      deleted file mode 100644
      Binary files a/old.bin and /dev/null differ
      diff --git "a/\\303\\251.bin" "b/\\303\\251.bin"
      Binary files "a/\\303\\251.bin" and "b/\\303\\251.bin" differ

      """
    let changes = ChangedLines.parse(diff: diff)
    #expect(changes.files == ["img/a b.png": .ranges([]), "\u{e9}.bin": .ranges([])])
    #expect(!changes.contains(path: "img/a b.png", line: 1))
  }

  @Test func adjacentAndOverlappingRangesAreMerged() {
    let diff = """
      diff --git a/a.py b/a.py
      --- a/a.py
      +++ b/a.py
      @@ -1 +1 @@
      -a
      +b
      @@ -2 +2,2 @@
      -c
      +d
      +e
      @@ -9 +9 @@
      -f
      +g

      """
    #expect(ChangedLines.parse(diff: diff).files == ["a.py": .ranges([1...3, 9...9])])
  }

  @Test func untrackedFilesAreNewAsAWholeAndSkippedNotesFollowTheirFile() {
    var changes = ChangedLines(files: ["app/a.py": .ranges([5...6])])
    changes.addWholeFiles(["app/new.py"])
    func finding(_ rule: String, _ path: String, line: Int) -> Finding {
      Finding(
        ruleId: rule, level: .error, category: .migrations, message: "m",
        location: Location(path: path, offset: 0, line: line, column: 1), snippet: "")
    }
    #expect(changes.covers(finding("migrations/create-all", "app/new.py", line: 400)))
    #expect(changes.covers(finding("migrations/create-all", "app/a.py", line: 6)))
    #expect(!changes.covers(finding("migrations/create-all", "app/a.py", line: 7)))
    #expect(changes.covers(finding("archverify/skipped-file", "app/a.py", line: 1)))
    #expect(!changes.covers(finding("archverify/skipped-file", "app/b.py", line: 1)))
  }
}
