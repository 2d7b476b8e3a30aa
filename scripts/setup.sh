#!/usr/bin/env bash
# Installs what building archverify needs on a Debian machine: libtree-sitter-dev from apt, and the
# Python, TypeScript and TSX grammar sources from the PyPI sdist of tree-sitter-language-pack.
# The download is cached outside the repository, so a second run needs no network.
set -euo pipefail

PACK_VERSION=0.7.4
PACK_SHA256=80c408c834b8405a119fbd2f84d182ef3e7b99fee7b1f87f3e6e151402c7a1f1
PACK_NAME="tree_sitter_language_pack-${PACK_VERSION}"
CACHE_DIR="${ARCHVERIFY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/archverify}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/Sources/TreeSitterGrammars/vendor"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! pkg-config --exists tree-sitter 2>/dev/null || [ ! -f /usr/include/tree_sitter/api.h ]; then
  echo "setup: installing libtree-sitter-dev"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libtree-sitter-dev pkg-config >/dev/null
fi

stamp="$VENDOR/.version"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$PACK_VERSION" ]; then
  exit 0
fi

mkdir -p "$CACHE_DIR"
archive="$CACHE_DIR/$PACK_NAME.tar.gz"
verify() { echo "$PACK_SHA256  $1" | sha256sum --check --status; }
if [ ! -f "$archive" ] || ! verify "$archive"; then
  echo "setup: downloading tree-sitter-language-pack==$PACK_VERSION (sdist) from PyPI"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --no-binary :all: --no-build-isolation \
    "tree-sitter-language-pack==$PACK_VERSION" -d "$tmp" 2>/dev/null \
    || python3 -m pip download --quiet --no-deps --no-binary :all: \
      "tree-sitter-language-pack==$PACK_VERSION" -d "$tmp"
  if ! verify "$tmp/$PACK_NAME.tar.gz"; then
    echo "setup: error: sha256 of $PACK_NAME.tar.gz does not match $PACK_SHA256" >&2
    exit 1
  fi
  mv "$tmp/$PACK_NAME.tar.gz" "$archive"
fi

echo "setup: unpacking python, typescript and tsx grammars into Sources/TreeSitterGrammars/vendor"
rm -rf "$VENDOR"
mkdir -p "$VENDOR"
extract="$(mktemp -d)"
tar -xzf "$archive" -C "$extract" \
  "$PACK_NAME/parsers/python/src" \
  "$PACK_NAME/parsers/typescript/src" "$PACK_NAME/parsers/typescript/common" \
  "$PACK_NAME/parsers/tsx/src" "$PACK_NAME/parsers/tsx/common"
for grammar in python typescript tsx; do
  mkdir -p "$VENDOR/$grammar"
  cp -R "$extract/$PACK_NAME/parsers/$grammar/src" "$VENDOR/$grammar/src"
  if [ -d "$extract/$PACK_NAME/parsers/$grammar/common" ]; then
    cp -R "$extract/$PACK_NAME/parsers/$grammar/common" "$VENDOR/$grammar/common"
  fi
  # Only the C sources are needed; the JSON grammar descriptions are large.
  rm -f "$VENDOR/$grammar/src/grammar.json" "$VENDOR/$grammar/src/node-types.json"
done
rm -rf "$extract"
echo "$PACK_VERSION" > "$stamp"
