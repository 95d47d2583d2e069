/* tok_chain.h - the regex chains of sacrebleu's 13a, zh and intl tokenizers as a
 * cascade of streaming stages, ending in str.split() (included by tok_stream.c, which
 * feeds them code points, and tok_13a_utf8.c, which feeds them UTF-8 directly).
 *
 * Each Python re.sub of a two-character pattern scans left to right and does not
 * overlap matches: at position i it either replaces s[i] s[i+1] and resumes at i+2,
 * or copies s[i] and resumes at i+1. A stage that holds back one character and
 * decides when the next one arrives does exactly that, so the passes can be chained
 * character by character without intermediate strings; the output of the last
 * stage is split on Python whitespace as it is produced.
 */
#ifndef LLMMI_TOK_CHAIN_H
#define LLMMI_TOK_CHAIN_H
#include "tokenizers.h"
#include "core/unicode.h"

typedef struct chain {
    uint32_t *arena;      /* token code points are appended here */
    size_t n;             /* arena fill */
    size_t *tok_off;      /* token list (room reserved by the caller) */
    uint32_t *tok_len;
    size_t ntok;
    size_t tok_start;
    int in_tok;
    uint32_t held[3];     /* one held character per two-character stage */
    int has[3];
} chain;

static inline int is_space(uint32_t c) { return (llmmi_uc_props(c) & LLMMI_UC_SPACE) != 0; }
static inline int is_digit(uint32_t c) { return c - '0' < 10u; }
static inline int is_dot_comma(uint32_t c) { return c == '.' || c == ','; }

/* ---- final stage: str.split() ------------------------------------------------ */
static inline void split_end_token(chain *ch)
{
    if (ch->in_tok) {
        ch->tok_off[ch->ntok] = ch->tok_start;
        ch->tok_len[ch->ntok] = (uint32_t)(ch->n - ch->tok_start);
        ch->ntok++;
        ch->in_tok = 0;
    }
}

static inline void split_push(chain *ch, uint32_t c)
{
    if (is_space(c)) {
        split_end_token(ch);
        return;
    }
    if (!ch->in_tok) {
        ch->in_tok = 1;
        ch->tok_start = ch->n;
    }
    ch->arena[ch->n++] = c;
}

/* ---- a generic two-character stage -------------------------------------------
 * STAGE(k, name, match, emit4, next): holds one char; when (held, c) matches, emits
 * the four-character replacement and drops both; otherwise passes `held` on. */
#define STAGE(k, name, MATCH, E0, E1, E2, E3, NEXT)                         \
    static inline void name##_push(chain *ch, uint32_t c)                  \
    {                                                                       \
        if (ch->has[k]) {                                                   \
            uint32_t x = ch->held[k];                                       \
            if (MATCH) {                                                    \
                NEXT(ch, E0);                                               \
                NEXT(ch, E1);                                               \
                NEXT(ch, E2);                                               \
                NEXT(ch, E3);                                               \
                ch->has[k] = 0;                                             \
                return;                                                     \
            }                                                               \
            NEXT(ch, x);                                                    \
        }                                                                   \
        ch->held[k] = c;                                                    \
        ch->has[k] = 1;                                                     \
    }                                                                       \
    static inline void name##_flush(chain *ch)                             \
    {                                                                       \
        if (ch->has[k]) NEXT(ch, ch->held[k]);                              \
        ch->has[k] = 0;                                                     \
    }

/* tokenizer_re.py:17-21 (13a and zh), applied in this order:
 *   ([^0-9])([\.,]) -> '\1 \2 ';  ([\.,])([^0-9]) -> ' \1 \2';  ([0-9])(-) -> '\1 \2 ' */
STAGE(2, re4, is_digit(x) && c == '-', x, ' ', '-', ' ', split_push)
STAGE(1, re3, is_dot_comma(x) && !is_digit(c), ' ', x, ' ', c, re4_push)
STAGE(0, re2_slow, !is_digit(x) && is_dot_comma(c), x, ' ', c, ' ', re3_push)

/* When no stage can match, a character entering re2 just shifts the three held
 * characters and the oldest reaches the splitter. That is the case when all stages
 * hold a character and: c is not . or , (re2 would match), held[1] is not . or ,
 * (re3 would match with held[0] unless held[0] is a digit: excluded too, to keep it
 * simple), and not (held[2] digit and held[1] '-') (re4 would match). */
static inline void re2_push(chain *ch, uint32_t c)
{
    uint32_t h1 = ch->held[1], h2 = ch->held[2];
    if (ch->has[0] & ch->has[1] & ch->has[2] && !is_dot_comma(c) && !is_dot_comma(h1) &&
        !(h1 == '-' && is_digit(h2))) {
        split_push(ch, h2);
        ch->held[2] = h1;
        ch->held[1] = ch->held[0];
        ch->held[0] = c;
        return;
    }
    re2_slow_push(ch, c);
}
#define re2_flush re2_slow_flush

/* tokenizer_re.py:15: ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 ' (ASCII only). */
static inline int is_re1_class(uint32_t c)
{
    return (c - 0x7Bu < 4u) || (c - 0x5Bu < 6u) || (c - 0x20u < 7u) || (c - 0x28u < 4u) ||
           (c - 0x3Au < 7u) || c == 0x2F;
}

static inline void re1_push(chain *ch, uint32_t c)
{
    if (is_re1_class(c)) {
        re2_push(ch, ' ');
        re2_push(ch, c);
        re2_push(ch, ' ');
    } else {
        re2_push(ch, c);
    }
}

static inline void re_flush(chain *ch)
{
    re2_flush(ch);
    re3_flush(ch);
    re4_flush(ch);
    split_end_token(ch);
}

/* tokenizer_intl.py:35-41:
 *   (\P{N})(\p{P}) -> '\1 \2 ';  (\p{P})(\P{N}) -> ' \1 \2';  (\p{S}) -> ' \1 ' */
static inline int uc_has(uint32_t c, unsigned prop) { return (llmmi_uc_props(c) & prop) != 0; }

static inline void intl3_push(chain *ch, uint32_t c)
{
    if (uc_has(c, LLMMI_UC_SYMBOL)) {
        split_push(ch, ' ');
        split_push(ch, c);
        split_push(ch, ' ');
    } else {
        split_push(ch, c);
    }
}
STAGE(1, intl2, uc_has(x, LLMMI_UC_PUNCT) && !uc_has(c, LLMMI_UC_NUMBER), ' ', x, ' ', c, intl3_push)
STAGE(0, intl1_slow, !uc_has(x, LLMMI_UC_NUMBER) && uc_has(c, LLMMI_UC_PUNCT), x, ' ', c, ' ',
      intl2_push)

/* As re2_push: with both stages full, c not \p{P} (intl1 would match) and held[1]
 * not \p{P} (intl2 would match), c just shifts the held characters. */
static inline void intl1_push(chain *ch, uint32_t c)
{
    if (ch->has[0] & ch->has[1] && !uc_has(c, LLMMI_UC_PUNCT) &&
        !uc_has(ch->held[1], LLMMI_UC_PUNCT)) {
        intl3_push(ch, ch->held[1]);
        ch->held[1] = ch->held[0];
        ch->held[0] = c;
        return;
    }
    intl1_slow_push(ch, c);
}
#define intl1_flush intl1_slow_flush

static inline void intl_flush(chain *ch)
{
    intl1_flush(ch);
    intl2_flush(ch);
    split_end_token(ch);
}

static inline void chain_init(chain *ch, uint32_t *arena, size_t arena_n, size_t *tok_off,
                              uint32_t *tok_len, size_t ntok)
{
    ch->arena = arena;
    ch->n = arena_n;
    ch->tok_off = tok_off;
    ch->tok_len = tok_len;
    ch->ntok = ntok;
    ch->tok_start = 0;
    ch->in_tok = 0;
    ch->has[0] = ch->has[1] = ch->has[2] = 0;
    ch->held[0] = ch->held[1] = ch->held[2] = 0;
}

#endif
