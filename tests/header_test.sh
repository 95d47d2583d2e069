#!/bin/sh
# header_test.sh - every public header compiles on its own, twice in one unit
# (include guards), as C99 and as C++ (extern "C"), with warnings as errors.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for h in include/*.h; do
    name=$(basename "$h")
    printf '#include "%s"\n#include "%s"\nint main(void) { return 0; }\n' "$name" "$name" > "$tmp/t.c"
    cc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -c "$tmp/t.c" -o "$tmp/t.o"
    c++ -x c++ -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -c "$tmp/t.c" -o "$tmp/t.o"
    n=$((n + 1))
done
echo "header_test: $n public headers compile alone, twice, as C99 and C++11"
