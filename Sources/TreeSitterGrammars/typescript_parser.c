// Compiles the fetched typescript grammar parser; the sources come from `make setup`.
#if __has_include("vendor/typescript/src/parser.c")
#include "vendor/typescript/src/parser.c"
#else
#error "tree-sitter typescript grammar sources are missing: run `make setup` (downloads tree-sitter-language-pack 0.7.4)"
#endif
