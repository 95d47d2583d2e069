#!/bin/sh
# parity_selftest.sh - proves the parity runner can pass, fail and skip: runs it on the
# vectors in tests/parity/selftest/ (including cases engineered to fail) and compares
# its whole output and exit status with what they must be.
# Usage: sh tests/parity_selftest.sh [path/to/parity]   (default build/parity)
set -u
PARITY=${1:-build/parity}
DIR=tests/parity/selftest
status=0
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM

# expect NAME WANTED_EXIT ARGS...: runs the runner, checks its exit status.
expect() {
    name=$1 want=$2
    shift 2
    "$PARITY" "$@" > "$out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "parity-selftest: $name: exit status $got, expected $want"
        cat "$out"
        status=1
        return 1
    fi
    return 0
}
# has NAME LINE: the last run printed exactly LINE.
has() {
    if ! grep -qxF -- "$2" "$out"; then
        echo "parity-selftest: $1: missing output line: $2"
        cat "$out"
        status=1
    fi
}

# 1. The whole folder: the exact output, failures included, and exit status 1.
if expect folder 1 "$DIR/vectors"; then
    if ! diff -u "$DIR/expected.txt" "$out"; then
        echo "parity-selftest: folder: output differs from $DIR/expected.txt"
        status=1
    fi
fi
# 2. A single passing file (data paths resolve against the folder's parent): exit 0.
if expect single-file 0 "$DIR/vectors/pass.jsonl"; then
    has single-file "$DIR/vectors/pass.jsonl: 19 passed, 0 failed, 1 skipped"
    has single-file "TOTAL: 19 passed, 0 failed, 1 skipped"
fi
# 3. --only keeps one metric: the failing cases are not run, but malformed lines
#    (whose metric cannot be known) still fail.
if expect only 1 --only parity_selftest_json "$DIR/vectors"; then
    has only "fail.jsonl: 0 passed, 3 failed, 0 skipped"
    has only "pass.jsonl: 0 passed, 0 failed, 0 skipped"
    has only "TOTAL: 79 passed, 3 failed, 0 skipped"
fi
if expect only-pass 0 --only parity_selftest "$DIR/vectors/pass.jsonl"; then
    has only-pass "TOTAL: 19 passed, 0 failed, 0 skipped"
fi
# 4. --verbose lists passing cases.
if expect verbose 0 --verbose "$DIR/vectors/pass.jsonl"; then
    has verbose "  ok selftest-sum-basic"
fi
# 5. A missing path is an I/O error (exit 2), and no path is a usage error.
expect missing-path 2 "$DIR/no-such-folder"
expect no-args 2

if [ "$status" -eq 0 ]; then
    echo "parity-selftest: passed (the runner reports 99 passed, 11 failed, 2 skipped on $DIR/vectors, as expected)"
fi
exit "$status"
