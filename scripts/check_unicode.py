#!/usr/bin/python3
"""Exhaustive differential check of src/core/unicode.c against the pinned Pythons.

    make lib && /usr/bin/python3 scripts/check_unicode.py [build/libllmmetrics.a]

Compiles a small driver against the static library (the llmmi_ functions are not
exported from the shared one) and compares, for every code point 0..0x10FFFF:
  - llmmi_uc_is_space          with chr(c).isspace()
  - llmmi_uc_is_punct/symbol/number with regex.match(r'\\p{P}' / r'\\p{S}' / r'\\p{N}')
  - llmmi_uc_lower([c])        with chr(c).lower()
  - llmmi_uc_is_cased / is_case_ignorable with Perl's \\p{Cased} / \\p{Case_Ignorable}
    when Perl's Unicode is 14.0.0 (an independent source; CPython builds its
    CASED/CASE_IGNORABLE flags from the same DerivedCoreProperties)
then llmmi_uc_lower on random strings built around U+03A3 (final sigma) and on
random strings of arbitrary code points, against str.lower(). Exits 1 on a mismatch.

    /usr/bin/python3 scripts/check_unicode.py --hash

prints instead the FNV-1a 64 digest of the reference tables (computed from Python
alone, see reference_hash) that tests/unit/test_unicode.c embeds.
"""
import os
import random
import struct
import subprocess
import sys
import tempfile

import regex

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_CP = 0x110000

DRIVER = r'''
#include <stdio.h>
#include <stdlib.h>
#include "core/unicode.h"
/* argv[1] == "props": one byte per code point on stdout.
 * argv[1] == "lower": reads [u32 n][n u32] records from stdin, writes [u32 m][m u32]. */
int main(int argc, char **argv) {
    if (argc > 1 && argv[1][0] == 'p') {
        uint32_t cp;
        for (cp = 0; cp < 0x110000u; cp++) {
            int b = llmmi_uc_is_space(cp) | llmmi_uc_is_punct(cp) << 1 |
                    llmmi_uc_is_symbol(cp) << 2 | llmmi_uc_is_number(cp) << 3 |
                    llmmi_uc_is_cased(cp) << 4 | llmmi_uc_is_case_ignorable(cp) << 5;
            putchar(b);
        }
        /* out of range code points have no property */
        return llmmi_uc_props(0x110000u) | llmmi_uc_props(0xFFFFFFFFu) ? 1 : 0;
    }
    for (;;) {
        uint32_t n, m, *src, *dst;
        if (fread(&n, 4, 1, stdin) != 1) return 0;
        src = malloc(4 * (size_t)n + 4);
        dst = malloc(4 * LLMMI_LOWER_MAX_EXPANSION * (size_t)n + 4);
        if (!src || !dst || fread(src, 4, n, stdin) != n) return 2;
        m = (uint32_t)llmmi_uc_lower(src, n, dst);
        fwrite(&m, 4, 1, stdout);
        fwrite(dst, 4, m, stdout);
        free(src);
        free(dst);
    }
}
'''


def build_driver(lib, tmp):
    src = os.path.join(tmp, 'uc_driver.c')
    exe = os.path.join(tmp, 'uc_driver')
    with open(src, 'w') as f:
        f.write(DRIVER)
    subprocess.check_call(['cc', '-std=c99', '-O2', '-Wall', '-Wextra', '-Werror',
                           '-I' + os.path.join(ROOT, 'include'), '-I' + os.path.join(ROOT, 'src'),
                           src, lib, '-o', exe])
    return exe


def perl_case_props():
    """Cased / Case_Ignorable bit strings from Perl, or None if its Unicode is not 14.0."""
    prog = r'''
        use Unicode::UCD; exit 3 if Unicode::UCD::UnicodeVersion() ne "14.0.0";
        no warnings; binmode STDOUT;
        for my $c (0 .. 0x10FFFF) { my $x = chr($c);
            print chr(($x =~ /\p{Cased}/ ? 16 : 0) | ($x =~ /\p{Case_Ignorable}/ ? 32 : 0)); }'''
    try:
        r = subprocess.run(['perl', '-e', prog], stdout=subprocess.PIPE, check=False)
    except OSError:
        return None
    return r.stdout if r.returncode == 0 and len(r.stdout) == MAX_CP else None


def run_lower(exe, strings):
    buf = bytearray()
    for s in strings:
        buf += struct.pack('<I', len(s))
        buf += struct.pack('<%dI' % len(s), *map(ord, s))
    out = subprocess.run([exe, 'lower'], input=bytes(buf), stdout=subprocess.PIPE,
                         check=True).stdout
    res, pos = [], 0
    for _ in strings:
        (m,) = struct.unpack_from('<I', out, pos)
        pos += 4
        res.append(''.join(map(chr, struct.unpack_from('<%dI' % m, out, pos))))
        pos += 4 * m
    return res


def reference_hash():
    """FNV-1a 64 over, for every code point c: one byte of property bits (space 1,
    P 2, S 4, N 8, cased 16, case-ignorable 32, as in src/core/unicode.h), one byte
    len(chr(c).lower()), then each code point of chr(c).lower() as 3 bytes little
    endian. Cased / case-ignorable are measured from str.lower() (gen_unicode.py)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from gen_unicode import derive_case_props
    cased, ci = derive_case_props()
    p_re, s_re, n_re = regex.compile(r'\p{P}'), regex.compile(r'\p{S}'), regex.compile(r'\p{N}')
    h, mask = 0xcbf29ce484222325, (1 << 64) - 1
    for c in range(MAX_CP):
        x = chr(c)
        low = x.lower()
        data = [x.isspace() | bool(p_re.match(x)) << 1 | bool(s_re.match(x)) << 2 |
                bool(n_re.match(x)) << 3 | cased[c] << 4 | ci[c] << 5, len(low)]
        for ch in low:
            o = ord(ch)
            data += [o & 0xFF, o >> 8 & 0xFF, o >> 16]
        for b in data:
            h = ((h ^ b) * 0x100000001b3) & mask
    return h


def main():
    if '--hash' in sys.argv:
        print('0x%016xULL' % reference_hash())
        return
    lib = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build', 'libllmmetrics.a')
    bad = 0
    counts = [0] * 6
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_driver(lib, tmp)
        r = subprocess.run([exe, 'props'], stdout=subprocess.PIPE)
        props = r.stdout
        if r.returncode != 0 or len(props) != MAX_CP:
            sys.exit('driver failed (rc=%d, %d bytes)' % (r.returncode, len(props)))
        p_re, s_re, n_re = regex.compile(r'\p{P}'), regex.compile(r'\p{S}'), regex.compile(r'\p{N}')
        perl = perl_case_props()
        for c in range(MAX_CP):
            x = chr(c)
            want = (x.isspace() | bool(p_re.match(x)) << 1 | bool(s_re.match(x)) << 2 |
                    bool(n_re.match(x)) << 3)
            got = props[c]
            if got & 15 != want:
                bad += 1
                if bad < 20:
                    print('U+%04X: props C %d Python %d' % (c, got & 15, want))
            if perl is not None and got & 48 != perl[c]:
                bad += 1
                if bad < 20:
                    print('U+%04X: cased/ci C %d Perl %d' % (c, got & 48, perl[c]))
            for k in range(6):
                counts[k] += got >> k & 1
        print('properties: %d code points checked; space %d, punct %d, symbol %d, number %d, '
              'cased %d, case_ignorable %d%s' % (MAX_CP, *counts,
              '' if perl is not None else ' (cased/ci NOT cross-checked: no Perl 14.0)'))

        singles = [chr(c) for c in range(MAX_CP)]
        got = run_lower(exe, singles)
        nl = sum(1 for s, g in zip(singles, got) if s.lower() != g)
        print('lower, single code points: %d checked, %d mismatches' % (MAX_CP, nl))
        bad += nl

        rng = random.Random(20240601)
        ci = [chr(c) for c in range(MAX_CP) if props[c] & 32]
        cased = [chr(c) for c in range(MAX_CP) if props[c] & 16 and not props[c] & 32]
        other = [chr(c) for c in range(MAX_CP) if not props[c] & 48]
        pools = [['Σ'] * 4, ci, cased, other, list(" a'.\u0301\u0345\u00ad\u02b0\u2019İ")]
        strings = []
        for _ in range(300000):
            n = rng.randint(1, 8)
            strings.append(''.join(rng.choice(rng.choice(pools)) for _ in range(n)))
        for _ in range(20000):
            n = rng.randint(1, 40)
            strings.append(''.join(chr(rng.randrange(MAX_CP)) for _ in range(n)))
        got = run_lower(exe, strings)
        ns = 0
        for s, g in zip(strings, got):
            if s.lower() != g:
                ns += 1
                if ns < 10:
                    print('lower mismatch: %r -> C %r Python %r' % (s, g, s.lower()))
        print('lower, random strings: %d checked (%d contain U+03A3), %d mismatches' % (
            len(strings), sum('Σ' in s for s in strings), ns))
        bad += ns
    print('FAIL' if bad else 'OK')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
