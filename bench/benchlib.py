#!/usr/bin/env python3
"""Measurements and tables for `make bench` (bench/run.sh runs the programs, this reads their output).

Subcommands:
  count DIR                      files and lines archverify would read in DIR, as JSON
  render RESULTS_DIR CORPORA_TSV the Markdown results of a run (see bench/README.md)
  self-test                      checks the parsers and the tables against fixed samples
"""

import json
import os
import re
import sys
import tempfile

# Mirrors Sources/Audit/Discovery.swift and Sources/TreeSitter/Language.swift.
EXCLUDED_FOLDERS = {
    "node_modules", ".venv", "venv", "site-packages", "dist", "build", ".next", "__pycache__", ".git",
}
PYTHON_EXTENSIONS = {"py"}
SCRIPT_EXTENSIONS = {"ts", "mts", "cts", "tsx", "jsx", "js", "mjs", "cjs"}


class BenchError(Exception):
    """A measurement that cannot be read; run.sh stops with this message."""


def line_count(data):
    """Physical lines: line breaks, plus one for a last line without a break."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def count_sources(root):
    """Python and JavaScript/TypeScript files and lines under root, after the built-in exclusions.

    `.gitignore` files are not applied (archverify applies them); how many were found is reported.
    """
    totals = {"python": {"files": 0, "lines": 0}, "script": {"files": 0, "lines": 0}}
    gitignores = 0
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in EXCLUDED_FOLDERS)
        for name in sorted(names):
            path = os.path.join(directory, name)
            if name == ".gitignore":
                gitignores += 1
            if "." not in name or not os.path.isfile(path):
                continue
            extension = name.rsplit(".", 1)[1]
            if extension in PYTHON_EXTENSIONS:
                kind = "python"
            elif extension in SCRIPT_EXTENSIONS:
                kind = "script"
            else:
                continue
            with open(path, "rb") as handle:
                totals[kind]["lines"] += line_count(handle.read())
            totals[kind]["files"] += 1
    return {
        "files": totals["python"]["files"] + totals["script"]["files"],
        "lines": totals["python"]["lines"] + totals["script"]["lines"],
        "python": totals["python"],
        "script": totals["script"],
        "gitignores": gitignores,
    }


STATS_PHASE = re.compile(r"^stats: ([a-z][a-z+-]*) ([0-9]+(?:\.[0-9]+)?)(s|ms)\s*$")
STATS_COUNTS = re.compile(
    r"^stats: files ([0-9]+), lines ([0-9]+), parse-errors ([0-9]+), skipped ([0-9]+)\s*$")


# Phases in the order archverify prints them; the first four are required.
REQUIRED_PHASES = ["read+parse", "extract", "rules", "total"]
PHASES = ["discover", "read+parse", "extract", "files-wall", "rules", "report", "total"]


def parse_stats(text):
    """The `stats:` lines archverify's `--stats` prints on standard error; other lines are ignored."""
    stats = {}
    for line in text.splitlines():
        match = STATS_PHASE.match(line)
        if match:
            value = float(match.group(2))
            stats[match.group(1)] = value / 1000 if match.group(3) == "ms" else value
            continue
        match = STATS_COUNTS.match(line)
        if match:
            for key, value in zip(("files", "lines", "parse-errors", "skipped"), match.groups()):
                stats[key] = int(value)
    missing = [key for key in REQUIRED_PHASES + ["files", "lines"] if key not in stats]
    if missing:
        raise BenchError("no `stats:` line for " + ", ".join(missing) + " in archverify's standard error")
    return stats


def parse_time(text):
    """Wall seconds and peak RSS (KiB) from the last line of `/usr/bin/time -f "%e %M"`."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines:
        fields = lines[-1].split()
        if len(fields) == 2:
            try:
                return float(fields[0]), int(fields[1])
            except ValueError:
                pass
    raise BenchError("unexpected /usr/bin/time output: " + repr(text[-200:]))


def count_findings(report):
    """Unsuppressed findings per rule id, suppressed findings, and the score of a JSON report."""
    counts = {}
    suppressed = 0
    for finding in report.get("findings", []):
        if finding.get("suppressed"):
            suppressed += 1
            continue
        rule = finding["ruleId"]
        counts[rule] = counts.get(rule, 0) + 1
    return {"score": report.get("score"), "rules": counts, "suppressed": suppressed}


def count_ast_grep_matches(text):
    """Matches in `ast-grep run --json=stream` output (one JSON object a line)."""
    return sum(1 for line in text.splitlines() if line.strip().startswith("{"))


def count_semgrep_results(text):
    """Results in `semgrep --json` output."""
    return len(json.loads(text).get("results", []))


def seconds(value):
    return "%.2f s" % value


def megabytes(kib):
    return "%d MB" % round(kib / 1024)


def thousands(value):
    return "{:,}".format(value)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def read_corpora(path):
    """Rows of corpora.tsv: (name, version, sha256, dist, prune)."""
    rows = []
    for line in read(path).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise BenchError("%s: expected 5 tab-separated fields: %r" % (path, line))
        rows.append(tuple(fields))
    return rows


def peer_cell(folder, peer):
    """`wall · RSS · matches`, or why the peer has no numbers."""
    status_path = os.path.join(folder, peer + ".status")
    if not os.path.exists(status_path):
        return "not run"
    status = read(status_path).strip()
    if status != "ok":
        return status.replace("|", "\\|")
    wall, rss = parse_time(read(os.path.join(folder, peer + ".time")))
    if peer == "ast-grep":
        matches = count_ast_grep_matches(read(os.path.join(folder, "ast-grep.out")))
    else:
        matches = count_semgrep_results(read(os.path.join(folder, "semgrep.json")))
    return "%s · %s · %d match%s" % (seconds(wall), megabytes(rss), matches, "" if matches == 1 else "es")


def load_corpus(folder, jobs):
    """Everything measured for one corpus."""
    corpus = {"count": json.loads(read(os.path.join(folder, "count.json"))), "runs": {}}
    for job in jobs:
        stats = parse_stats(read(os.path.join(folder, "audit.j%d.stderr" % job)))
        wall, rss = parse_time(read(os.path.join(folder, "audit.j%d.time" % job)))
        corpus["runs"][job] = {"stats": stats, "wall": wall, "rss": rss}
    corpus["findings"] = count_findings(json.loads(read(os.path.join(folder, "report.json"))))
    corpus["ast-grep"] = peer_cell(folder, "ast-grep")
    corpus["semgrep"] = peer_cell(folder, "semgrep")
    return corpus


def read_meta(results):
    meta = {}
    path = os.path.join(results, "meta.tsv")
    if os.path.exists(path):
        for line in read(path).splitlines():
            key, _, value = line.partition("\t")
            meta[key] = value
    return meta


def render(results, corpora_path):
    """The Markdown results of a run: the summary table, phases, inputs and findings per rule."""
    meta = read_meta(results)
    jobs = [int(job) for job in meta.get("jobs", "1 2").split()]
    if 1 not in jobs:
        raise BenchError("the summary needs a run with --jobs 1")
    other = [job for job in jobs if job != 1]
    loaded = []
    for name, version, _, dist, _ in read_corpora(corpora_path):
        folder = os.path.join(results, name)
        if os.path.isdir(folder):
            loaded.append((name, version, dist, load_corpus(folder, jobs)))
    if not loaded:
        raise BenchError("no measured corpus in " + results)

    out = ["# archverify benchmark", ""]
    for key, label in (("date", "Date"), ("machine", "Machine"), ("archverify", "archverify"),
                       ("ast-grep", "ast-grep"), ("semgrep", "semgrep")):
        if key in meta:
            out.append("- %s: %s" % (label, meta[key]))
    out += [
        "",
        "archverify runs its full rule set (`audit --format json --stats`, every rule, scoring and the",
        "report). The peers each run ONE simple pattern, `$X.create_all(...)` on Python files only, so",
        "their times are a floor for a single syntactic check, not a like-for-like comparison.",
        "Times are wall-clock seconds of one run; peak RSS is the largest process's (`/usr/bin/time %M`).",
        "",
    ]
    header = ["corpus", "files", "LOC", "read+parse (j1)", "full audit (j1)"]
    header += ["full audit (j%d)" % job for job in other]
    header += ["ratio full/parse", "peak RSS", "ast-grep", "semgrep"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 3) + ["---", "---"]) + "|")
    for name, version, _, corpus in loaded:
        first = corpus["runs"][1]
        ratio = first["stats"]["total"] / first["stats"]["read+parse"] if first["stats"]["read+parse"] else 0
        row = [
            "%s %s" % (name, version),
            thousands(corpus["count"]["files"]),
            thousands(corpus["count"]["lines"]),
            seconds(first["stats"]["read+parse"]),
            seconds(first["wall"]),
        ]
        row += [seconds(corpus["runs"][job]["wall"]) for job in other]
        row += [
            "%.2f×" % ratio,
            megabytes(max(run["rss"] for run in corpus["runs"].values())),
            corpus["ast-grep"],
            corpus["semgrep"],
        ]
        out.append("| " + " | ".join(row) + " |")
    out += [
        "",
        "- files, LOC: `.py` and `.ts/.mts/.cts/.tsx/.js/.jsx/.mjs/.cjs` files after the built-in folder",
        "  exclusions, counted by bench/benchlib.py (`.gitignore` files not applied).",
        "- read+parse: archverify's own `stats: read+parse` with `--jobs 1`; full audit: wall-clock",
        "  time of the whole command; ratio full/parse: `stats: total` / `stats: read+parse` (j1).",
        "- peak RSS: the larger of the archverify runs.",
        "",
        "## Phases",
        "",
        "archverify's `--stats` phase times (read+parse and extract add up the time of every file;",
        "files-wall is the wall time of that parallel part), then the wall time and peak RSS.",
        "",
    ]
    phases = [phase for phase in PHASES
              if any(phase in run["stats"] for _, _, _, corpus in loaded for run in corpus["runs"].values())]
    out.append("| corpus | jobs | " + " | ".join(phases) + " | wall | peak RSS |")
    out.append("|---|" + "|".join(["---:"] * (len(phases) + 3)) + "|")
    for name, _, _, corpus in loaded:
        for job in jobs:
            run = corpus["runs"][job]
            cells = [seconds(run["stats"][phase]) if phase in run["stats"] else "–" for phase in phases]
            out.append("| %s | %d | %s | %s | %s |" % (
                name, job, " | ".join(cells), seconds(run["wall"]), megabytes(run["rss"])))
    out += [
        "",
        "## Inputs",
        "",
        "| corpus | dist | Python files | Python LOC | JS/TS files | JS/TS LOC | archverify files | "
        "archverify lines | parse errors | skipped |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, version, dist, corpus in loaded:
        count = corpus["count"]
        stats = corpus["runs"][1]["stats"]
        out.append("| %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, version, dist, thousands(count["python"]["files"]), thousands(count["python"]["lines"]),
            thousands(count["script"]["files"]), thousands(count["script"]["lines"]),
            thousands(stats["files"]), thousands(stats["lines"]), thousands(stats.get("parse-errors", 0)),
            thousands(stats.get("skipped", 0))))
    with_gitignore = [name for name, _, _, corpus in loaded if corpus["count"]["gitignores"]]
    if with_gitignore:
        out += ["", "`.gitignore` files found in: %s (archverify applies them; the counts above do not)."
                % ", ".join(with_gitignore)]
    out += ["", "## Findings per rule", "",
            "Unsuppressed findings of `archverify audit` (default configuration) per rule and corpus.", ""]
    names = [name for name, _, _, _ in loaded]
    out.append("| rule | " + " | ".join(names) + " |")
    out.append("|---|" + "|".join(["---:"] * len(names)) + "|")
    rules = sorted({rule for _, _, _, corpus in loaded for rule in corpus["findings"]["rules"]})
    for rule in rules:
        cells = [str(corpus["findings"]["rules"].get(rule, 0)) for _, _, _, corpus in loaded]
        out.append("| `%s` | %s |" % (rule, " | ".join(cells)))
    out.append("| **total** | %s |" % " | ".join(
        str(sum(corpus["findings"]["rules"].values())) for _, _, _, corpus in loaded))
    out.append("| suppressed | %s |" % " | ".join(
        str(corpus["findings"]["suppressed"]) for _, _, _, corpus in loaded))
    out.append("| score | %s |" % " | ".join(
        str(corpus["findings"]["score"]) for _, _, _, corpus in loaded))
    return "\n".join(out) + "\n"


# As Sources/archverify/AuditCommand.swift prints it, after an unrelated line.
SAMPLE_STDERR = """\
warning: something unrelated
stats: files 1510, lines 289344, parse-errors 3, skipped 2
stats: discover 0.012s
stats: read+parse 1.234s
stats: extract 0.210s
stats: files-wall 1.450s
stats: rules 0.095s
stats: report 0.020s
stats: total 1.612s
"""

SAMPLE_REPORT = {
    "tool": {"name": "archverify", "version": "0.1.0"}, "score": 41, "threshold": 0, "passed": True,
    "findings": [
        {"ruleId": "migrations/create-all", "level": "error", "path": "a.py", "line": 3, "column": 5,
         "message": "m", "suppressed": False},
        {"ruleId": "migrations/create-all", "level": "error", "path": "b.py", "line": 9, "column": 1,
         "message": "m", "suppressed": False},
        {"ruleId": "auth/missing-auth", "level": "warning", "path": "c.py", "line": 1, "column": 1,
         "message": "m", "suppressed": False},
        {"ruleId": "auth/missing-auth", "level": "warning", "path": "d.py", "line": 1, "column": 1,
         "message": "m", "suppressed": True},
    ],
    "categories": {},
}


CHECKS = []


def expect(actual, expected, what):
    CHECKS.append(what)
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


def expect_error(function, argument, what):
    CHECKS.append(what)
    try:
        function(argument)
    except BenchError:
        return
    raise AssertionError(what + ": expected an error")


def self_test():
    """Checks the parsers and the rendered tables against fixed samples; raises on a mismatch."""
    expect(parse_stats(SAMPLE_STDERR), {
        "discover": 0.012, "read+parse": 1.234, "extract": 0.21, "files-wall": 1.45, "rules": 0.095,
        "report": 0.02, "total": 1.612,
        "files": 1510, "lines": 289344, "parse-errors": 3, "skipped": 2}, "stats")
    expect(parse_stats(SAMPLE_STDERR.replace("0.210s", "210ms"))["extract"], 0.21, "stats in ms")
    expect_error(parse_stats, "stats: read+parse 1.0s\n", "stats without total")
    expect_error(parse_stats, "", "no stats")
    expect(parse_time("12.34 56789\n"), (12.34, 56789), "time")
    expect(parse_time("Command exited with non-zero status 1\n0.50 1024\n"), (0.5, 1024), "time, exit 1")
    expect_error(parse_time, "Command terminated by signal 9\n", "time without numbers")
    expect(count_findings(SAMPLE_REPORT), {
        "score": 41, "rules": {"migrations/create-all": 2, "auth/missing-auth": 1}, "suppressed": 1},
        "findings")
    expect(count_ast_grep_matches('{"text":"db.create_all()"}\n{"text":"x.create_all()"}\n'), 2, "ast-grep")
    expect(count_semgrep_results('{"results":[{"check_id":"a"}],"errors":[]}'), 1, "semgrep")
    expect(line_count(b""), 0, "lines of an empty file")
    expect(line_count(b"a\nb"), 2, "lines without a final break")
    expect(line_count(b"a\nb\n"), 2, "lines with a final break")

    with tempfile.TemporaryDirectory() as temporary:
        tree = os.path.join(temporary, "tree")
        for path, text in (("app/a.py", "x = 1\ny = 2\n"), ("app/b.tsx", "export {}"),
                           ("app/c.txt", "not source\n"), ("node_modules/d.js", "skipped\n"),
                           ("pkg/build/e.py", "skipped\n"), ("web/f.mjs", "a\nb\nc\n"),
                           (".gitignore", "*.log\n")):
            os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
            with open(os.path.join(tree, path), "w") as handle:
                handle.write(text)
        expect(count_sources(tree), {"files": 3, "lines": 6, "python": {"files": 1, "lines": 2},
                                     "script": {"files": 2, "lines": 4}, "gitignores": 1}, "count")

        results = os.path.join(temporary, "results")
        folder = os.path.join(results, "demo")
        os.makedirs(folder)
        files = {
            "meta.tsv": "date\t2025-01-01\njobs\t1 2\n",
            "demo/count.json": json.dumps(count_sources(tree)),
            "demo/audit.j1.stderr": SAMPLE_STDERR,
            "demo/audit.j1.time": "1.70 81920\n",
            "demo/audit.j2.stderr": SAMPLE_STDERR.replace("1.234s", "0.700s"),
            "demo/audit.j2.time": "1.01 102400\n",
            "demo/report.json": json.dumps(SAMPLE_REPORT),
            "demo/ast-grep.status": "ok\n",
            "demo/ast-grep.time": "0.31 20480\n",
            "demo/ast-grep.out": '{"text":"db.create_all()"}\n',
            "demo/semgrep.status": "not available: pip could not install semgrep\n",
        }
        for path, text in files.items():
            with open(os.path.join(results, path), "w") as handle:
                handle.write(text)
        corpora = os.path.join(temporary, "corpora.tsv")
        with open(corpora, "w") as handle:
            handle.write("# comment\ndemo\t1.0\t%s\tsdist\t-\n" % ("0" * 64))
            handle.write("absent\t2.0\t%s\twheel\t-\n" % ("1" * 64))
        markdown = render(results, corpora)
        for expected in (
                "| demo 1.0 | 3 | 6 | 1.23 s | 1.70 s | 1.01 s | 1.31× | 100 MB "
                "| 0.31 s · 20 MB · 1 match | not available: pip could not install semgrep |",
                "| corpus | jobs | discover | read+parse | extract | files-wall | rules | report | total "
                "| wall | peak RSS |",
                "| demo | 1 | 0.01 s | 1.23 s | 0.21 s | 1.45 s | 0.10 s | 0.02 s | 1.61 s "
                "| 1.70 s | 80 MB |",
                "| demo | 2 | 0.01 s | 0.70 s | 0.21 s | 1.45 s | 0.10 s | 0.02 s | 1.61 s "
                "| 1.01 s | 100 MB |",
                "| demo 1.0 | sdist | 1 | 2 | 2 | 4 | 1,510 | 289,344 | 3 | 2 |",
                "| `auth/missing-auth` | 1 |", "| `migrations/create-all` | 2 |", "| **total** | 3 |",
                "| suppressed | 1 |", "| score | 41 |", "`.gitignore` files found in: demo"):
            CHECKS.append(expected)
            if expected not in markdown:
                raise AssertionError("rendered tables lack %r:\n%s" % (expected, markdown))
        CHECKS.append("absent corpus")
        if "absent" in markdown:
            raise AssertionError("a corpus without results was rendered")
    print("benchlib self-test: all %d checks passed" % len(CHECKS))


def main(arguments):
    try:
        if arguments[:1] == ["count"] and len(arguments) == 2:
            print(json.dumps(count_sources(arguments[1]), sort_keys=True))
        elif arguments[:1] == ["render"] and len(arguments) == 3:
            sys.stdout.write(render(arguments[1], arguments[2]))
        elif arguments == ["self-test"]:
            self_test()
        else:
            sys.stderr.write(__doc__)
            return 2
    except BenchError as error:
        sys.stderr.write("benchlib: error: %s\n" % error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
