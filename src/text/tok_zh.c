/* tok_zh.c - sacrebleu's zh tokenizer (tokenizer_zh.py). */
#include "tokenizers.h"

/* _UCODE_RANGES of tokenizer_zh.py:45-68, as Python evaluates `start <= c <= end`.
 * Quirk replicated (tokenizer_zh.py:52-53): u'\u20000' is the two-character string
 * U+2000 '0' (\u takes four hex digits), so the "Extension B" entry acts as
 * U+2001..U+2A6D and the "Compatibility Supplement" entry as U+2F81..U+2FA1;
 * real CJK Extension B (U+20000+) is not split. Sorted by start for the search. */
static const uint32_t zh_ranges[][2] = {
    {0x2001, 0x2A6D}, {0x2600, 0x26FF}, {0x2700, 0x27BF}, {0x2E80, 0x2EFF},
    {0x2F00, 0x2FDF}, {0x2F81, 0x2FA1}, {0x2FF0, 0x2FFF}, {0x3000, 0x303F},
    {0x3100, 0x312F}, {0x31A0, 0x31BF}, {0x31C0, 0x31EF}, {0x3200, 0x32FF},
    {0x3300, 0x33FF}, {0x3400, 0x4DB5}, {0x4E00, 0x9FA5}, {0x9FA6, 0x9FBB},
    {0xF900, 0xFA2D}, {0xFA30, 0xFA6A}, {0xFA70, 0xFAD9}, {0xFE10, 0xFE1F},
    {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF},
};

int llmmi_tok_zh_is_chinese(uint32_t cp)
{
    size_t i;
    if (cp < 0x2001 || cp > 0xFFEF) return 0;
    for (i = 0; i < sizeof zh_ranges / sizeof zh_ranges[0]; i++) {
        if (cp < zh_ranges[i][0]) return 0;
        if (cp <= zh_ranges[i][1]) return 1;
    }
    return 0;
}
