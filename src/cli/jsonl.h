/* jsonl.h - a small strict JSON reader for the JSON Lines inputs of the CLI: one object
 * per line, of which only string and array-of-string members are extracted. */
#ifndef LLMM_CLI_JSONL_H
#define LLMM_CLI_JSONL_H

#include <stddef.h>

/* Decoded strings, back to back in one growing buffer. */
typedef struct cli_strbuf {
    char *data;
    size_t len, cap;
} cli_strbuf;

/* A member of interest: `key`; on return `found` tells whether it was present and the
 * decoded strings it holds are ranges [off[k], off[k] + len[k]) of the buffer (a string
 * member gives one range, an array of strings one per element). */
typedef struct cli_json_member {
    const char *key;
    int found;
    int is_array;
    size_t n;           /* ranges */
    size_t *off, *len;  /* grown as needed; free with cli_json_member_free */
    size_t cap;
} cli_json_member;

/* Parses the object in line[0..n) and appends the strings of the wanted members to
 * `buf`. Other members may hold any JSON value. Returns 0, or -1 with a message in
 * *err (a static string). Strings are JSON-decoded (\uXXXX surrogate pairs included; a
 * lone surrogate is an error). */
int cli_json_object(const char *line, size_t n, cli_strbuf *buf, cli_json_member *members,
                    size_t n_members, const char **err);
void cli_json_member_free(cli_json_member *m);

#endif
