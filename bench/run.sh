#!/usr/bin/env bash
# `make bench`: audits pinned real-world applications (bench/corpora.tsv) with the release build
# and compares with ast-grep and semgrep running one pattern. Writes bench/results.md.
#
#   bash bench/run.sh              measure every corpus (after `swift build -c release`)
#   bash bench/run.sh --self-test  check the parsers and tables against fixed samples, offline
#
# Environment: ARCHVERIFY_BIN (default .build/release/archverify), BENCH_CORPORA (names to run,
# space-separated; default all), BENCH_JOBS (default "1 2"), BENCH_PEERS=0 (skip ast-grep/semgrep),
# BENCH_PEER_TIMEOUT (seconds per peer run, default 1800), PYTHON (default python3).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/archverify/bench
PYTHON=${PYTHON:-python3}
BIN=${ARCHVERIFY_BIN:-$ROOT/.build/release/archverify}
JOBS=${BENCH_JOBS:-1 2}
PEERS=${BENCH_PEERS:-1}
PEER_TIMEOUT=${BENCH_PEER_TIMEOUT:-1800}
AST_GREP_PIN=ast-grep-cli==0.51.1
SEMGREP_PIN=semgrep==1.185.0
VENV=$WORK/.venv
RESULTS=$WORK/results
LIB=$BENCH/benchlib.py
# semgrep would otherwise look for a newer version over the network (and wait when there is none).
export SEMGREP_SEND_METRICS=off SEMGREP_ENABLE_VERSION_CHECK=0

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

if [[ ${1:-} == --self-test ]]; then
  exec "$PYTHON" "$LIB" self-test
fi
[[ $# -eq 0 ]] || die "unknown argument '$1' (usage: bash bench/run.sh [--self-test])"

# /usr/bin/time (GNU time) measures wall time and peak RSS.
if [[ ! -x /usr/bin/time ]]; then
  command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]] \
    || die "/usr/bin/time is missing: install the 'time' package"
  say "installing GNU time"
  apt-get install -y -q time >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
[[ -x $BIN ]] || die "$BIN not found: run 'swift build -c release' first (or set ARCHVERIFY_BIN)"
audit_help=$("$BIN" audit --help 2>&1 || true)
[[ $audit_help == *--stats* ]] || die "$BIN has no 'audit --stats' option"

mkdir -p "$CACHE" "$WORK/corpora" "$RESULTS"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# fetch NAME VERSION SHA256 DIST: prints the path of the verified distribution in the cache.
fetch() {
  local name=$1 version=$2 sha=$3 dist=$4
  local folder=$CACHE/$name-$version
  local file
  for file in "$folder"/*; do
    if [[ -f $file && $(sha256_of "$file") == "$sha" ]]; then
      printf '%s\n' "$file"
      return
    fi
  done
  say "downloading $name $version ($dist) from PyPI"
  local staging
  staging=$(mktemp -d "$CACHE/.download.XXXXXX")
  local kind=(--no-binary "$name")
  [[ $dist == wheel ]] && kind=(--only-binary :all:)
  if ! "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --ignore-requires-python \
    "${kind[@]}" -d "$staging" "$name==$version" >&2; then
    rm -rf "$staging"
    die "pip could not download $name==$version"
  fi
  local downloaded=("$staging"/*)
  if [[ ${#downloaded[@]} -ne 1 || ! -f ${downloaded[0]} ]]; then
    rm -rf "$staging"
    die "pip did not download exactly one file for $name==$version"
  fi
  local actual
  actual=$(sha256_of "${downloaded[0]}")
  if [[ $actual != "$sha" ]]; then
    rm -rf "$staging"
    die "$name $version: sha256 $actual does not match the pinned $sha (bench/corpora.tsv)"
  fi
  rm -rf "$folder"
  mkdir -p "$folder"
  mv "${downloaded[0]}" "$folder/"
  rm -rf "$staging"
  printf '%s\n' "$folder/$(basename "${downloaded[0]}")"
}

# unpack ARCHIVE DEST PRUNE: unpacks an sdist (its top folder stripped) or a wheel into DEST and
# removes the comma-separated PRUNE folders. Skipped when DEST already holds this archive.
unpack() {
  local archive=$1 dest=$2 prune=$3
  local stamp="$(basename "$archive") $prune"
  if [[ -f $dest/.bench-unpacked && $(cat "$dest/.bench-unpacked") == "$stamp" ]]; then
    return
  fi
  say "unpacking $(basename "$archive")"
  rm -rf "$dest"
  mkdir -p "$dest"
  "$PYTHON" - "$archive" "$dest" <<'PY'
import os, sys, tarfile, zipfile
archive, dest = sys.argv[1], sys.argv[2]
def place(name):
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if archive.endswith((".tar.gz", ".tgz")):
        parts = parts[1:]  # an sdist holds one top folder, NAME-VERSION/
    if not parts or ".." in parts:
        return None
    return os.path.join(dest, *parts)
if archive.endswith(".whl") or archive.endswith(".zip"):
    with zipfile.ZipFile(archive) as bundle:
        for info in bundle.infolist():
            target = place(info.filename)
            if target is None or info.is_dir():
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with bundle.open(info) as source, open(target, "wb") as sink:
                sink.write(source.read())
else:
    with tarfile.open(archive) as bundle:
        for member in bundle.getmembers():
            target = place(member.name)
            if target is None or not member.isfile():
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with bundle.extractfile(member) as source, open(target, "wb") as sink:
                sink.write(source.read())
PY
  if [[ $prune != - ]]; then
    local folder
    IFS=, read -r -a folders <<<"$prune"
    for folder in "${folders[@]}"; do
      [[ -d $dest/$folder ]] || die "$(basename "$archive"): folder to prune '$folder' does not exist"
      rm -rf "${dest:?}/$folder"
    done
  fi
  printf '%s\n' "$stamp" >"$dest/.bench-unpacked"
}

# last_line FILE: the last non-blank line of FILE, cut to 120 characters.
last_line() { grep -v '^[[:space:]]*$' "$1" | tail -n 1 | cut -c1-120 || true; }

# install_peer PIN: installs one peer into the venv; prints nothing on success, the reason otherwise.
install_peer() {
  local pin=$1 log installed
  installed=$("$VENV/bin/python" -m pip show "${pin%%==*}" 2>/dev/null | sed -n 's/^Version: //p' || true)
  [[ $installed == "${pin#*==}" ]] && return
  say "installing $pin into bench/work/.venv"
  log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$pin" >"$log" 2>&1; then
    printf 'not available: pip install %s failed (%s)\n' "$pin" "$(last_line "$log")"
  fi
  rm -f "$log"
}

# run_peer NAME FOLDER OUTPUT COMMAND...: times COMMAND (standard output to OUTPUT) and writes
# FOLDER/NAME.status ("ok" or why there are no numbers), NAME.time and NAME.stderr.
run_peer() {
  local peer=$1 folder=$2 output=$3
  shift 3
  local rc=0
  /usr/bin/time -f '%e %M' -o "$folder/$peer.time" \
    timeout "$PEER_TIMEOUT" "$@" >"$output" 2>"$folder/$peer.stderr" || rc=$?
  # ast-grep exits 1, silently, when nothing matches.
  [[ $peer:$rc == ast-grep:1 && ! -s $folder/$peer.stderr ]] && rc=0
  case $rc in
    0) echo ok >"$folder/$peer.status" ;;
    124) echo "timed out after ${PEER_TIMEOUT} s" >"$folder/$peer.status" ;;
    *) printf 'failed (exit %d): %s\n' "$rc" "$(last_line "$folder/$peer.stderr")" >"$folder/$peer.status" ;;
  esac
}

# Peers: one venv, each peer installed on its own so that one failing leaves the other.
ast_grep_unavailable="skipped (BENCH_PEERS=0)"
semgrep_unavailable="skipped (BENCH_PEERS=0)"
if [[ $PEERS != 0 ]]; then
  [[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
  ast_grep_unavailable=$(install_peer "$AST_GREP_PIN")
  semgrep_unavailable=$(install_peer "$SEMGREP_PIN")
  if [[ -z $semgrep_unavailable ]] && ! timeout 300 "$VENV/bin/semgrep" --version >/dev/null 2>&1; then
    semgrep_unavailable="not available: 'semgrep --version' fails after installing $SEMGREP_PIN"
  fi
fi
rules_dir=$(mktemp -d)
trap 'rm -rf "$rules_dir"' EXIT
cat >"$rules_dir/create-all.yaml" <<'YAML'
rules:
  - id: create-all
    pattern: $X.create_all(...)
    message: create_all() builds tables outside migrations
    languages: [python]
    severity: ERROR
YAML

{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s, %s cores, %s GiB\n' \
    "$(sed -n 's/^model name\s*: //p;T;q' /proc/cpuinfo)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo)"
  printf 'archverify\t%s (%s)\n' "$("$BIN" --version 2>&1 | head -n 1)" "${BIN#"$ROOT"/}"
  if [[ -z $ast_grep_unavailable ]]; then
    printf 'ast-grep\t%s\n' "$("$VENV/bin/ast-grep" --version 2>&1 | head -n 1)"
  fi
  if [[ -z $semgrep_unavailable ]]; then
    printf 'semgrep\t%s\n' "$(timeout 300 "$VENV/bin/semgrep" --version 2>&1 | tail -n 1)"
  fi
  printf 'jobs\t%s\n' "$JOBS"
} >"$RESULTS/meta.tsv"

selected=" ${BENCH_CORPORA:-} "
while IFS=$'\t' read -r name version sha dist prune; do
  [[ -z $name || $name == \#* ]] && continue
  [[ -z ${BENCH_CORPORA:-} || $selected == *" $name "* ]] || continue
  archive=$(fetch "$name" "$version" "$sha" "$dist")
  dir=$WORK/corpora/$name-$version
  unpack "$archive" "$dir" "$prune"
  folder=$RESULTS/$name
  rm -rf "$folder"
  mkdir -p "$folder"
  "$PYTHON" "$LIB" count "$dir" >"$folder/count.json"

  # The findings run first: it also warms the file cache for the timed runs.
  say "$name: archverify audit (findings)"
  rc=0
  "$BIN" audit "$dir" --format json --output "$folder/report.json" --fail-under 0 \
    2>"$folder/report.stderr" || rc=$?
  [[ $rc -eq 0 ]] || die "$name: archverify audit exited $rc: $(last_line "$folder/report.stderr")"
  for job in $JOBS; do
    say "$name: archverify audit --stats --jobs $job"
    rc=0
    /usr/bin/time -f '%e %M' -o "$folder/audit.j$job.time" \
      "$BIN" audit "$dir" --format json --output /dev/null --stats --jobs "$job" --fail-under 0 \
      2>"$folder/audit.j$job.stderr" || rc=$?
    if [[ $rc -ne 0 ]]; then
      die "$name: archverify audit --jobs $job exited $rc: $(last_line "$folder/audit.j$job.stderr")"
    fi
  done

  if [[ -n $ast_grep_unavailable ]]; then
    printf '%s\n' "$ast_grep_unavailable" >"$folder/ast-grep.status"
  else
    say "$name: ast-grep (one pattern)"
    run_peer ast-grep "$folder" "$folder/ast-grep.out" \
      "$VENV/bin/ast-grep" run --pattern '$X.create_all($$$)' --lang python --json=stream "$dir"
  fi
  if [[ -n $semgrep_unavailable ]]; then
    printf '%s\n' "$semgrep_unavailable" >"$folder/semgrep.status"
  else
    say "$name: semgrep (one rule)"
    # --no-git-ignore: bench/work is git-ignored, and semgrep would otherwise scan nothing.
    run_peer semgrep "$folder" "$folder/semgrep.json" \
      "$VENV/bin/semgrep" scan --config "$rules_dir/create-all.yaml" --metrics=off --disable-version-check \
      --no-git-ignore --json --quiet "$dir"
  fi
done < <(grep -v '^#' "$BENCH/corpora.tsv")

# Only the corpora measured by this run are in the tables.
for folder in "$RESULTS"/*/; do
  name=$(basename "$folder")
  grep -q "^$name	" "$BENCH/corpora.tsv" || rm -rf "$folder"
  if [[ -n ${BENCH_CORPORA:-} && $selected != *" $name "* ]]; then rm -rf "$folder"; fi
done
"$PYTHON" "$LIB" render "$RESULTS" "$BENCH/corpora.tsv" >"$BENCH/results.md"
cat "$BENCH/results.md"
