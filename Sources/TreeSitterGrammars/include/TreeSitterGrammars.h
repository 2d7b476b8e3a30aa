#ifndef ARCHVERIFY_TREE_SITTER_GRAMMARS_H
#define ARCHVERIFY_TREE_SITTER_GRAMMARS_H

typedef struct TSLanguage TSLanguage;

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

#endif
