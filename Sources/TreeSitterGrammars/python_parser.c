// Compiles the fetched python grammar parser; the sources come from `make setup`.
#if __has_include("vendor/python/src/parser.c")
#include "vendor/python/src/parser.c"
#else
#error "tree-sitter python grammar sources are missing: run `make setup` (downloads tree-sitter-language-pack 0.7.4)"
#endif
