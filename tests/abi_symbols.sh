#!/bin/sh
# abi_symbols.sh LIB.so [INCLUDE_DIR] - checks the dynamic symbol table of the shared
# library: every defined symbol is a public llmm_ function (plus the linker's own
# _init/_fini/_edata/_end/__bss_start and version nodes), llmm_version and
# llmm_version_number are there, every function a header marks LLMM_API is exported,
# and the soname is libllmmetrics.so.<major>. Exits non-zero on any violation.
set -u
lib=${1:?usage: abi_symbols.sh LIB.so [INCLUDE_DIR]}
incdir=${2:-include}
status=0
if [ ! -f "$lib" ]; then
    echo "abi: $lib not found"
    exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# "ADDRESS TYPE NAME[@VERSION]" -> "TYPE NAME"
if ! nm -D --defined-only "$lib" > "$tmp/nm"; then
    echo "abi: nm -D failed on $lib"
    exit 1
fi
awk 'NF >= 2 { name = $NF; sub(/@.*/, "", name); print $(NF-1), name }' "$tmp/nm" \
    | sort -u > "$tmp/defined"
total=$(wc -l < "$tmp/defined")

# Anything that is neither llmm_ (a public symbol; llmmi_ is internal) nor linker-made.
grep -v -E '^[A-Za-z] llmm_[A-Za-z0-9_]+$|^[A-Za-z] (_init|_fini|_edata|_end|__bss_start)$|^A [A-Za-z0-9_.]+$' \
    "$tmp/defined" > "$tmp/foreign"
if [ -s "$tmp/foreign" ]; then
    echo "abi: $lib exports symbols outside the llmm_ namespace:"
    sed 's/^/  /' "$tmp/foreign"
    status=1
fi
awk '{ print $2 }' "$tmp/defined" | grep -E '^llmm_' > "$tmp/public"

for s in llmm_version llmm_version_number; do
    if ! grep -qx "$s" "$tmp/public"; then
        echo "abi: $lib does not export $s"
        status=1
    fi
done

# Every LLMM_API function declared in the headers must be exported.
declared=0
if [ -d "$incdir" ]; then
    sed -n 's/^LLMM_API[^(]*[ *]\(llmm_[A-Za-z0-9_]*\) *(.*/\1/p' "$incdir"/*.h | sort -u > "$tmp/declared"
    declared=$(wc -l < "$tmp/declared")
    missing=$(comm -23 "$tmp/declared" "$tmp/public")
    if [ -n "$missing" ]; then
        echo "abi: declared LLMM_API in $incdir/ but not exported by $lib:"
        echo "$missing" | sed 's/^/  /'
        status=1
    fi
fi

soname=$(objdump -p "$lib" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
case "$soname" in
    libllmmetrics.so.[0-9]*) ;;
    *)
        echo "abi: soname of $lib is '$soname', expected libllmmetrics.so.<major>"
        status=1
        ;;
esac

if [ "$status" -eq 0 ]; then
    echo "abi: $lib: $total defined dynamic symbols, $(wc -l < "$tmp/public") public llmm_, none foreign;" \
        "llmm_version and llmm_version_number present; all $declared LLMM_API functions of $incdir/ exported; soname $soname"
fi
exit "$status"
