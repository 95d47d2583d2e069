#!/bin/sh
# install_test.sh - installs into a temporary DESTDIR (make install DESTDIR=$tmp
# PREFIX=/usr/local), then builds a tiny program against that copy with
# `pkg-config --cflags --libs llmmetrics` (PKG_CONFIG_SYSROOT_DIR maps the .pc's
# /usr/local paths into the DESTDIR), once against the shared library (rpath) and once
# statically against libllmmetrics.a (with Libs.private), runs both and checks that
# llmm_version_number() == LLMM_VERSION_NUMBER. Run from the top of the source tree.
set -u
MAKE=${MAKE:-make}
CC=${CC:-cc}
PREFIX=/usr/local
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
    echo "install-test: $*"
    exit 1
}

$MAKE -s install DESTDIR="$tmp/root" PREFIX="$PREFIX" > "$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; fail "make install DESTDIR=$tmp/root PREFIX=$PREFIX failed"; }

root=$tmp/root$PREFIX
for f in include/llmmetrics.h include/llmm_common.h lib/libllmmetrics.a lib/libllmmetrics.so \
         lib/libllmmetrics.so.0 lib/pkgconfig/llmmetrics.pc bin/llmmetrics; do
    [ -e "$root/$f" ] || fail "missing after install: $PREFIX/$f"
done

export PKG_CONFIG_PATH="$root/lib/pkgconfig"
export PKG_CONFIG_LIBDIR="$root/lib/pkgconfig" # only the DESTDIR copy, never the system's
export PKG_CONFIG_SYSROOT_DIR="$tmp/root"
cflags=$(pkg-config --cflags llmmetrics) || fail "pkg-config --cflags llmmetrics failed"
libs=$(pkg-config --libs llmmetrics) || fail "pkg-config --libs llmmetrics failed"
slibs=$(pkg-config --static --libs llmmetrics) || fail "pkg-config --static --libs failed"
pcversion=$(pkg-config --modversion llmmetrics)

cat > "$tmp/t.c" <<'PROG'
#include <llmmetrics.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    llmm_bleu *b = NULL;
    llmm_bleu_stats st;
    llmm_bleu_result r;
    llmm_str hyp = {"the cat sat on the mat", 22}, ref = {"the cat sat on the mat", 22};
    int rc;
    if (llmm_version_number() != LLMM_VERSION_NUMBER ||
        strcmp(llmm_version(), LLMM_VERSION_STRING) != 0) {
        printf("version mismatch: library %s (%u), header %s (%u)\n", llmm_version(),
               llmm_version_number(), LLMM_VERSION_STRING, (unsigned)LLMM_VERSION_NUMBER);
        return 1;
    }
    /* one real call, so that the library's own dependencies get linked and run */
    if ((rc = llmm_bleu_create(&b, NULL, NULL)) != LLMM_OK ||
        (rc = llmm_bleu_extract(b, hyp, &ref, 1, &st)) != LLMM_OK ||
        (rc = llmm_bleu_finalize(NULL, &st, &r)) != LLMM_OK) {
        printf("bleu failed: %s\n", llmm_strerror(rc));
        return 1;
    }
    llmm_bleu_free(b);
    printf("%s %u bleu=%.4f\n", llmm_version(), llmm_version_number(), r.score);
    return 0;
}
PROG

# shared, found through the rpath of the DESTDIR copy
# shellcheck disable=SC2086
$CC -std=c99 -Wall -Wextra -Werror -pedantic $cflags "$tmp/t.c" -o "$tmp/t_shared" $libs \
    -Wl,-rpath,"$root/lib" || fail "cannot build against the installed shared library ($cflags $libs)"
out_shared=$("$tmp/t_shared") || fail "shared test program failed: $out_shared"
ldd "$tmp/t_shared" | grep -q "$root/lib/libllmmetrics.so" \
    || fail "the shared test program did not load the DESTDIR copy"

# static: libllmmetrics.a plus the Libs.private dependencies
slibs=$(echo "$slibs" | sed 's/-lllmmetrics/-Wl,-Bstatic -lllmmetrics -Wl,-Bdynamic/')
# shellcheck disable=SC2086
$CC -std=c99 -Wall -Wextra -Werror -pedantic $cflags "$tmp/t.c" -o "$tmp/t_static" $slibs \
    || fail "cannot build against the installed static library ($cflags $slibs)"
out_static=$("$tmp/t_static") || fail "static test program failed: $out_static"
if ldd "$tmp/t_static" | grep -q libllmmetrics; then
    fail "the static test program still needs libllmmetrics.so"
fi

want=$(sed -n 's/^#define LLMM_VERSION_STRING "\(.*\)"/\1/p' include/llmm_common.h)
[ "$pcversion" = "$want" ] || fail "llmmetrics.pc says version $pcversion, the header $want"
echo "install-test: passed (DESTDIR install; pkg-config:" $cflags $libs";" \
    "shared: $out_shared; static: $out_static)"
