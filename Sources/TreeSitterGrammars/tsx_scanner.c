// Compiles the fetched tsx grammar scanner; the sources come from `make setup`.
#if __has_include("vendor/tsx/src/scanner.c")
#include "vendor/tsx/src/scanner.c"
#else
#error "tree-sitter tsx grammar sources are missing: run `make setup` (downloads tree-sitter-language-pack 0.7.4)"
#endif
