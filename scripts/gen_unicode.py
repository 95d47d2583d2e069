#!/usr/bin/python3
"""Generate src/core/unicode_data.c, the Unicode tables the tokenizers use.

Run with Debian 12's /usr/bin/python3 (CPython 3.11.2, unicodedata 14.0.0) and the
Debian python3-regex package (regex 2022.10.31, Unicode 15.0 tables):

    /usr/bin/python3 scripts/gen_unicode.py > src/core/unicode_data.c

Every property is read from the pinned Python itself, code point by code point, so
the C library sees exactly what the reference tokenizers see:
  - SPACE: chr(c).isspace()  (the set str.split() splits on);
  - lower mapping: chr(c).lower()  (full mapping; U+0130 is the only multi-code-point
    result in CPython 3.11);
  - CASED / CASE_IGNORABLE: CPython's _PyUnicode_IsCased / _PyUnicode_IsCaseIgnorable,
    used only by the final-sigma rule (Objects/unicodeobject.c handle_capital_sigma).
    Case_Ignorable is measured from str.lower() behaviour (see derive_case_props);
    Cased is islower() or isupper() or istitle() (Unicode's definition of Cased,
    which is how CPython's CASED_MASK is built), cross-checked against behaviour;
  - PUNCT / SYMBOL / NUMBER: regex.match(r'\\p{P}' / r'\\p{S}' / r'\\p{N}', chr(c)).

Layout: each code point has a one-byte class (two-stage table: stage1 indexed by
cp >> SHIFT, stage2 by block * BLOCK + (cp & (BLOCK - 1))); a class holds a property
byte and a lower-case delta (lower = cp + delta).
"""
import sys
import unicodedata

import regex

MAX_CP = 0x110000
PINNED_UNIDATA = '14.0.0'
PINNED_PY = (3, 11, 2)
PINNED_REGEX = '2.5.123'          # regex.__version__ of the 2022.10.31 release
PINNED_REGEX_DIST = '2022.10.31'

# Property bits; must match src/core/unicode.h.
SPACE, PUNCT, SYMBOL, NUMBER, CASED, CASE_IGNORABLE, LOWER_SPECIAL = (
    1, 2, 4, 8, 16, 32, 64)
SIGMA = 0x03A3


def check_versions():
    problems = []
    if unicodedata.unidata_version != PINNED_UNIDATA:
        problems.append('unicodedata %s != %s' % (unicodedata.unidata_version, PINNED_UNIDATA))
    if sys.version_info[:3] != PINNED_PY:
        problems.append('python %s != %s' % (sys.version.split()[0], PINNED_PY))
    if regex.__version__ != PINNED_REGEX:
        problems.append('regex.__version__ %s != %s' % (regex.__version__, PINNED_REGEX))
    try:
        from importlib.metadata import version
        dist = version('regex')
    except Exception as e:  # metadata missing: report, do not guess
        dist = 'unknown (%s)' % e
    if dist != PINNED_REGEX_DIST:
        problems.append('regex distribution %s != %s' % (dist, PINNED_REGEX_DIST))
    if problems:
        sys.stderr.write('gen_unicode.py: NOT THE PINNED VERSIONS:\n  ' +
                         '\n  '.join(problems) + '\n')
        if '--force' not in sys.argv:
            sys.exit('refusing to generate (use --force to override)')


def derive_case_props():
    """Return (cased, case_ignorable) as lists of bools, measured from CPython.

    handle_capital_sigma turns U+03A3 into final sigma iff, scanning back over
    case-ignorable characters, a cased one is found, and scanning forward over
    case-ignorable characters, no cased one is found. Hence for a character x:
      ' ' + x + 'Σ'  is final  <=>  cased(x) and not ci(x)
      'aΣ' + x + 'a' is final  <=>  not cased(x) and not ci(x)
    so ci(x) <=> neither is final. Cased only matters where ci is false (ci chars are
    always skipped), so cased is taken from islower/isupper/istitle and checked
    against the first probe wherever it is observable."""
    cased, ci = [False] * MAX_CP, [False] * MAX_CP
    for c in range(MAX_CP):
        x = chr(c)
        if c == SIGMA:
            # Σ itself: cased, not case-ignorable (Unicode Lu); the probes below would
            # change the string's own context, so take it from the data.
            cased[c], ci[c] = True, False
            continue
        b = (' ' + x + 'Σ').lower()[-1] == 'ς'
        d = ('aΣ' + x + 'a').lower()[1] == 'ς'
        ci[c] = not b and not d
        cased[c] = x.islower() or x.isupper() or x.istitle()
        if not ci[c] and cased[c] != b:
            sys.exit('cased(U+%04X) disagrees with str.lower() behaviour' % c)
    return cased, ci


def build_classes():
    p_re, s_re, n_re = regex.compile(r'\p{P}'), regex.compile(r'\p{S}'), regex.compile(r'\p{N}')
    cased, ci = derive_case_props()
    specials = {}
    per_cp = [None] * MAX_CP
    for c in range(MAX_CP):
        x = chr(c)
        props = 0
        if x.isspace():
            props |= SPACE
        if p_re.match(x):
            props |= PUNCT
        if s_re.match(x):
            props |= SYMBOL
        if n_re.match(x):
            props |= NUMBER
        if cased[c]:
            props |= CASED
        if ci[c]:
            props |= CASE_IGNORABLE
        low = x.lower()
        if len(low) != 1 or c == SIGMA:
            props |= LOWER_SPECIAL
            specials[c] = [ord(ch) for ch in low]
            delta = 0
        else:
            delta = ord(low) - c
        per_cp[c] = (props, delta)
    return per_cp, specials


def two_stage(values, shift):
    block = 1 << shift
    blocks, index, stage1 = [], {}, []
    for start in range(0, MAX_CP, block):
        key = tuple(values[start:start + block])
        if key not in index:
            index[key] = len(blocks)
            blocks.append(key)
        stage1.append(index[key])
    return stage1, blocks


def c_array(ctype, name, items, per_line=16):
    lines = []
    for i in range(0, len(items), per_line):
        lines.append('    ' + ', '.join(str(v) for v in items[i:i + per_line]) + ',')
    return 'const %s %s[%d] = {\n%s\n};\n' % (ctype, name, len(items), '\n'.join(lines))


def main():
    check_versions()
    per_cp, specials = build_classes()
    classes, class_of = [], {}
    # class 0 = no property, identity mapping (most unassigned code points)
    class_of[(0, 0)] = 0
    classes.append((0, 0))
    values = []
    for pc in per_cp:
        if pc not in class_of:
            class_of[pc] = len(classes)
            classes.append(pc)
        values.append(class_of[pc])
    if len(classes) > 256:
        sys.exit('too many classes: %d' % len(classes))
    best = None
    for shift in range(4, 10):
        s1, blocks = two_stage(values, shift)
        size = len(s1) + len(blocks) * (1 << shift)
        # stage1 is uint8_t (unicode.h), so at most 256 distinct blocks
        if len(blocks) <= 256 and (best is None or size < best[0]):
            best = (size, shift, s1, blocks)
    size, shift, stage1, blocks = best
    stage2 = [v for b in blocks for v in b]
    # class arrays are padded to 256 so that any uint8_t class index is in bounds
    classes_padded = classes + [(0, 0)] * (256 - len(classes))

    counts = {name: sum(1 for p, _ in per_cp if p & bit) for name, bit in
              (('space', SPACE), ('punct', PUNCT), ('symbol', SYMBOL), ('number', NUMBER),
               ('cased', CASED), ('case_ignorable', CASE_IGNORABLE))}
    changed = sum(1 for c in range(MAX_CP) if chr(c).lower() != chr(c))
    sys.stderr.write('classes=%d shift=%d blocks=%d bytes=%d lower_changed=%d %s\n' % (
        len(classes), shift, len(blocks), size, changed, counts))

    ascii_props = [per_cp[c][0] for c in range(128)]
    out = []
    out.append('/* unicode_data.c - generated by scripts/gen_unicode.py, do not edit.\n'
               ' *\n'
               ' * Source: CPython %s (unicodedata %s) for whitespace, str.lower(), cased,\n'
               ' * case-ignorable; the regex module %s (Unicode 15.0) for \\p{P},\n'
               ' * \\p{S}, \\p{N}.\n'
               ' * Code points per property: %s;\n'
               ' * code points whose str.lower() differs: %d. */\n' % (
                   sys.version.split()[0], unicodedata.unidata_version, PINNED_REGEX_DIST,
                   ', '.join('%s %d' % kv for kv in counts.items()), changed))
    out.append('#include "core/unicode.h"\n')
    out.append('#if LLMMI_UC_SHIFT != %d\n#error "unicode.h LLMMI_UC_SHIFT does not match '
               'the generated tables"\n#endif\n' % shift)
    out.append(c_array('uint8_t', 'llmmi_uc_ascii_props', ascii_props))
    out.append(c_array('uint8_t', 'llmmi_uc_stage1', stage1, 32))
    out.append(c_array('uint8_t', 'llmmi_uc_stage2', stage2, 32))
    out.append(c_array('uint8_t', 'llmmi_uc_class_props', [p for p, _ in classes_padded]))
    out.append(c_array('int32_t', 'llmmi_uc_class_lower_delta', [d for _, d in classes_padded], 8))
    sp = sorted(specials.items())
    out.append('/* Code points whose lower case is not cp + delta (U+03A3 maps to itself here;\n'
               ' * its context rule is in unicode.c). */\n')
    out.append('const llmmi_uc_special llmmi_uc_specials[%d] = {\n' % len(sp))
    for c, low in sp:
        padded = low + [0] * (3 - len(low))
        out.append('    {0x%04X, %d, {0x%04X, 0x%04X, 0x%04X}},\n' % (c, len(low), *padded))
    out.append('};\n')
    out.append('const size_t llmmi_uc_specials_count = %d;\n' % len(sp))
    sys.stdout.write(''.join(out))


if __name__ == '__main__':
    main()
