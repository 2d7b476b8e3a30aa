// Compiles the fetched python grammar scanner; the sources come from `make setup`.
#if __has_include("vendor/python/src/scanner.c")
#include "vendor/python/src/scanner.c"
#else
#error "tree-sitter python grammar sources are missing: run `make setup` (downloads tree-sitter-language-pack 0.7.4)"
#endif
