/* squad_cmd.c - `llmmetrics squad [FILE]`: SQuAD v1.1 exact match and F1 over JSON lines
 * {"prediction": "...", "answers": ["...", ...]}, printed as evaluate-v1.1.py prints its
 * result: json.dumps({"exact_match": EM, "f1": F1}) on the 0-100 scale. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "jsonl.h"
#include "pyfmt.h"

void cli_squad_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " squad [FILE] [--per-example]\n"
          "\n"
          "SQuAD v1.1 exact match and token F1 (evaluate-v1.1.py) of JSON lines\n"
          "  {\"prediction\": \"...\", \"answers\": [\"gold 1\", \"gold 2\", ...]}\n"
          "read from FILE or standard input (blank lines are skipped). Prints\n"
          "{\"exact_match\": EM, \"f1\": F1} on the 0-100 scale.\n"
          "\n"
          "options:\n"
          "  --per-example   first print one line per question:\n"
          "                  {\"exact_match\": 0|1, \"f1\": F, \"normalized_prediction\": \"...\"}\n"
          "  -h, --help      show this help and exit\n",
          out);
}

/* One line: scores it (and prints it with --per-example). Returns 0 or an exit code. */
static int score_line(llmm_squad *s, const cli_lines *in, size_t i, int per_example,
                      cli_strbuf *buf, cli_json_member *m)
{
    const char *text = in->data + in->offsets[i], *err = NULL;
    size_t len = in->offsets[i + 1] - in->offsets[i], k, nlen = 0;
    llmm_str p, *golds = NULL;
    llmm_squad_example ex;
    char *norm = NULL;
    int rc, code = 0;
    buf->len = 0;
    if (cli_json_object(text, len, buf, m, 2, &err)) {
        cli_error("%s:%zu: %s", in->name, i + 1, err);
        return CLI_EXIT_ERROR;
    }
    if (!m[0].found || m[0].is_array || !m[1].found || !m[1].is_array) {
        cli_error("%s:%zu: expected {\"prediction\": string, \"answers\": [string, ...]}",
                  in->name, i + 1);
        return CLI_EXIT_ERROR;
    }
    golds = malloc((m[1].n ? m[1].n : 1) * sizeof *golds);
    if (!golds) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (k = 0; k < m[1].n; k++) {
        golds[k].ptr = buf->data + m[1].off[k];
        golds[k].len = m[1].len[k];
    }
    p.ptr = buf->data + m[0].off[0];
    p.len = m[0].len[0];
    rc = llmm_squad_score(s, p, golds, m[1].n, &ex);
    if (rc != LLMM_OK) {
        cli_error("%s:%zu: %s", in->name, i + 1,
                  rc == LLMM_EEMPTY ? "no gold answers" : llmm_strerror(rc));
        code = CLI_EXIT_ERROR;
    } else if (per_example) {
        char f1[32];
        llmm_squad_normalize(s, p, NULL, 0, &nlen);
        norm = malloc(nlen + 1);
        if (!norm || llmm_squad_normalize(s, p, norm, nlen + 1, NULL) != LLMM_OK) {
            cli_error("out of memory");
            code = CLI_EXIT_ERROR;
        } else {
            py_float_repr(ex.f1, f1, sizeof f1);
            printf("{\"exact_match\": %s, \"f1\": %s, \"normalized_prediction\": ",
                   ex.exact_match != 0.0 ? "1.0" : "0.0", f1);
            py_json_string(stdout, norm);
            fputs("}\n", stdout);
        }
    }
    free(norm);
    free(golds);
    return code;
}

int cli_squad_main(int argc, char **argv)
{
    const char *path = NULL;
    int per_example = 0, i, code = 0;
    size_t line;
    cli_lines in;
    llmm_squad *s = NULL;
    llmm_squad_result r;
    cli_strbuf buf = {NULL, 0, 0};
    cli_json_member m[2];
    char em[32], f1[32];
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cli_squad_usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--per-example") == 0) {
            per_example = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("squad: unknown option '%s'", argv[i]);
            return CLI_EXIT_USAGE;
        } else if (path) {
            cli_error("squad: more than one input file");
            return CLI_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if ((code = cli_read_lines(path, CLI_NL_LF, &in)) != 0) return code;
    memset(m, 0, sizeof m);
    m[0].key = "prediction";
    m[1].key = "answers";
    if (llmm_squad_create(&s, NULL) != LLMM_OK) {
        cli_lines_free(&in);
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (line = 0; line < in.count && code == 0; line++)
        if (in.offsets[line + 1] > in.offsets[line])
            code = score_line(s, &in, line, per_example, &buf, m);
    if (code == 0) {
        if (llmm_squad_result_get(s, &r) != LLMM_OK) {
            cli_error("squad: no questions in %s", in.name);
            code = CLI_EXIT_ERROR;
        } else {
            py_float_repr(r.exact_match, em, sizeof em);
            py_float_repr(r.f1, f1, sizeof f1);
            printf("{\"exact_match\": %s, \"f1\": %s}\n", em, f1);
        }
    }
    llmm_squad_free(s);
    cli_json_member_free(&m[0]);
    cli_json_member_free(&m[1]);
    free(buf.data);
    cli_lines_free(&in);
    return code;
}
