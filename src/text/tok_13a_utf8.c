/* tok_13a_utf8.c - sacrebleu's 13a tokenizer straight from UTF-8, for the common case
 * where its preprocessing is a no-op (no '&', '<' or '\n'; no lowercasing): decoding,
 * the regex chain of tok_chain.h and str.split() in one pass, with the characters no
 * rule can touch copied in bulk.
 *
 * The bulk copy is the chain's own fast path (re2_push) taken many times in a row: a
 * character is "inert" when it is not whitespace, not in the first rule's class and
 * not '.', ',' or '-' (letters, digits, apostrophes, other scripts). With all three
 * stages holding characters and neither of the two youngest being '.', ',' or '-', an
 * inert character cannot complete or start a match, so it just enters the delay line
 * and pushes the oldest held character into the splitter; once the run's first
 * character has reached the splitter, every later one extends the same token. Two
 * common cases skip the splitter altogether: a run after whitespace (the held spaces
 * reaching the splitter change nothing) and a plain space after a run (it closes the
 * token). The result is identical to decoding first and running
 * llmmi_tok_stream(LLMMI_STREAM_13A) (tests/unit check it on random strings), including
 * sacrebleu's rstrip() before tokenizing, which cannot change the tokens: trailing
 * whitespace matches the rules exactly as the padding space after it does. A string
 * holding one of the characters the 13a preprocessing rewrites is handed back to the
 * general path (textws.c).
 */
#include "tok_chain.h"
#include "core/utf8.h"
#include "llmm_common.h"

/* Inert ASCII: 0-9 A-Z a-z ' and the control characters that are not whitespace. */
static const uint64_t INERT_ASCII[2] = {0x3ff00800fffc1ffull, 0x87fffffe07fffffeull};

/* '\n', '&' and '<': not inert, so they always reach the slow path of the main loop. */
#define PREPARE_ASCII (1ull << '\n' | 1ull << '&' | 1ull << '<')

static inline int inert_ascii(unsigned c) { return (int)(INERT_ASCII[c >> 6] >> (c & 63)) & 1; }

static inline int is_dot_comma_dash(uint32_t c) { return c == '.' || c == ',' || c == '-'; }

/* The state in which inert characters only shift the delay line (see above). */
static inline int quiescent(const chain *ch)
{
    return ch->has[0] & ch->has[1] & ch->has[2] && !is_dot_comma_dash(ch->held[0]) &&
           !is_dot_comma_dash(ch->held[1]);
}

/* One code point at s[*i] (advancing *i), or 0 when the bytes there are invalid. */
static inline int next_cp(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    size_t step;
    if (s[*i] < 0x80) {
        *cp = s[(*i)++];
        return 1;
    }
    step = llmmi_utf8_decode_one(s, len, *i, cp);
    *i += step;
    return step != 0;
}

/* next_inert() for three- and four-byte characters and invalid bytes. */
static int next_inert_wide(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    size_t at = *i;
    if (!next_cp(s, len, i, cp)) {
        *i = at;
        return -1;
    }
    if (llmmi_uc_is_space_inline(*cp)) {
        *i = at;
        return 0;
    }
    return 1;
}

/* The next character of an inert run at s[*i]: 1 (stored in *cp, *i advanced), 0 at
 * the end of the run, -1 on invalid UTF-8 (*i at the bad byte). */
static inline int next_inert(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    size_t at = *i;
    unsigned c;
    if (at >= len) return 0;
    c = s[at];
    if (c < 0x80) {
        if (!inert_ascii(c)) return 0;
        *cp = c;
        *i = at + 1;
        return 1;
    }
    if (c - 0xC2u < 0x1Eu && at + 1 < len && (s[at + 1] & 0xC0) == 0x80) {
        /* two bytes (Latin, Greek, Cyrillic, ...): the whitespace is U+0085, U+00A0 */
        *cp = (uint32_t)(c & 0x1F) << 6 | (s[at + 1] & 0x3F);
        if (*cp == 0x85 || *cp == 0xA0) return 0;
        *i = at + 2;
        return 1;
    }
    return next_inert_wide(s, len, i, cp);
}

static inline int held_blank(const chain *ch)
{
    return is_space(ch->held[0]) && is_space(ch->held[1]) && is_space(ch->held[2]);
}

/* After a run of m >= 4 characters (the last three held, the rest in the open token),
 * a plain space: rule 1 pushes ' ' ' ' ' ', which moves the three held characters into
 * the token and holds three spaces; the first of them will close the token, so it is
 * closed now. */
static inline void space_after_run(chain *ch)
{
    ch->n += 3;
    ch->held[0] = ch->held[1] = ch->held[2] = ' ';
    split_end_token(ch);
}

/* Feeds the inert run whose first character `first` was just decoded (s[*i] is the
 * byte after it) through the quiescent chain: of the sequence held[2], held[1],
 * held[0], c1 .. cm the first m reach the splitter and the last three stay held.
 * When the held characters are whitespace outside a token (a run after a space, the
 * usual case), reaching the splitter does nothing, so the run is appended to the arena
 * as it is read and the part still held is taken back at the end. Otherwise the first
 * four characters to leave the delay line go through the splitter one by one, then the
 * run is appended in the same way. */
static inline int inert_run(chain *ch, const unsigned char *s, size_t len, size_t *i,
                            uint32_t first)
{
    uint32_t h0 = ch->held[0], h1 = ch->held[1], h2 = ch->held[2], cp = first, *a = ch->arena;
    size_t n = ch->n, n0 = ch->n, j = *i, m;
    int k, got = 1;
    if (!ch->in_tok && held_blank(ch)) {
        a[n++] = cp;
        while ((got = next_inert(s, len, &j, &cp)) == 1) a[n++] = cp;
        *i = j;
        m = n - n0;
        if (m < 4) { /* only held whitespace left the delay line: no token yet */
            ch->held[0] = a[n0 + m - 1];
            ch->held[1] = m >= 2 ? a[n0 + m - 2] : h0;
            ch->held[2] = m >= 3 ? a[n0 + m - 3] : m == 2 ? h0 : h1;
            return got < 0 ? LLMM_EUTF8 : LLMM_OK;
        }
        ch->in_tok = 1;
        ch->tok_start = n0;
    } else {
        for (k = 0; k < 4; k++) {
            split_push(ch, h2);
            h2 = h1;
            h1 = h0;
            h0 = cp;
            if ((got = next_inert(s, len, i, &cp)) != 1) break;
        }
        if (got != 1) {
            ch->held[0] = h0;
            ch->held[1] = h1;
            ch->held[2] = h2;
            return got < 0 ? LLMM_EUTF8 : LLMM_OK;
        }
        n = ch->n;
        j = *i;
        a[n++] = h2;
        a[n++] = h1;
        a[n++] = h0;
        a[n++] = cp;
        while ((got = next_inert(s, len, &j, &cp)) == 1) a[n++] = cp;
        *i = j;
    }
    ch->held[0] = a[n - 1];
    ch->held[1] = a[n - 2];
    ch->held[2] = a[n - 3];
    ch->n = n - 3;
    if (got == 0 && j < len && s[j] == ' ') {
        space_after_run(ch);
        *i = j + 1;
    }
    return got < 0 ? LLMM_EUTF8 : LLMM_OK;
}

int llmmi_tok_13a_utf8(const char *str, size_t len, uint32_t *arena, size_t *arena_n,
                       size_t *tok_off, uint32_t *tok_len, size_t *ntok, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    chain ch;
    size_t i = 0;
    chain_init(&ch, arena, *arena_n, tok_off, tok_len, *ntok);
    re1_push(&ch, ' '); /* tokenizer_13a.py:34 pads with one space each side */
    while (i < len) {
        size_t at = i;
        uint32_t cp;
        if (!next_cp(s, len, &i, &cp)) {
            *bad = at;
            return LLMM_EUTF8;
        }
        if ((cp < 0x80 ? inert_ascii(cp) : !llmmi_uc_is_space_inline(cp)) && quiescent(&ch)) {
            if (inert_run(&ch, s, len, &i, cp) != LLMM_OK) {
                *bad = i;
                return LLMM_EUTF8;
            }
        } else {
            /* the characters of tokenizer_13a.py:14-32 preprocessing */
            if (cp < 64 && (PREPARE_ASCII >> cp & 1)) return LLMMI_TOK_13A_PREPARE;
            re1_push(&ch, cp);
        }
    }
    re1_push(&ch, ' ');
    re_flush(&ch);
    *arena_n = ch.n;
    *ntok = ch.ntok;
    return LLMM_OK;
}
