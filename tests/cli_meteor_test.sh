#!/bin/sh
# cli_meteor_test.sh - tests of `llmmetrics meteor`: values computed with NLTK 3.8
# meteor_score on str.split() tokens and Debian's WordNet 3.0, output formats, the saved
# index, exit codes. Run by `make cli-test`. Needs /usr/share/wordnet (wordnet-base) or
# LLMMETRICS_WORDNET_DIR.
# Usage: sh tests/cli_meteor_test.sh [path/to/llmmetrics]
set -u
BIN=${1:-build/llmmetrics}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() {
    name=$1; want=$2; shift 2; n=$((n + 1))
    "$@" >out 2>err
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$name: exit $rc, expected $want (stderr: $(cat err))"
}
out_is() { [ "$(cat out)" = "$1" ] || fail "$name: stdout is [$(cat out)], expected [$1]"; }
out_has() { grep -qF -- "$1" out || fail "$name: stdout [$(cat out)] lacks [$1]"; }
err_has() { grep -qF -- "$1" err || fail "$name: stderr [$(cat err)] lacks [$1]"; }

WN=${LLMMETRICS_WORDNET_DIR:-/usr/share/wordnet}
if [ ! -f "$WN/index.noun" ]; then
    echo "FAIL: no WordNet database in $WN (apt-get install wordnet-base)"
    exit 1
fi

printf 'the dog is quick and happy\nthe cat sat on the mat\n' > hyp.txt
printf 'a hound was fast and glad\nthe cat sat on a mat\n' > ref1.txt
printf 'x\nthe cat is on the mat\n' > ref2.txt

# NLTK: meteor_score([r1, r2], h) per line = 0.42592592592592593, 0.8066666666666668
run two-refs 0 "$BIN" meteor -r ref1.txt ref2.txt -i hyp.txt
out_has '"score": 0.6162962962962963,'; out_has '"segments": 2,'; out_has '"references": 2,'
run repeated-r 0 "$BIN" meteor -r ref1.txt -r ref2.txt -i hyp.txt; out_has '"score": 0.6162962962962963,'
run sentence 0 "$BIN" meteor -r ref1.txt ref2.txt -i hyp.txt -sl
out_is "0.42592592592592593
0.8066666666666668"
run stdin 0 sh -c "'$BIN' meteor -r ref1.txt ref2.txt -sl < hyp.txt"
out_is "0.42592592592592593
0.8066666666666668"
run text 0 "$BIN" meteor -r ref1.txt ref2.txt -i hyp.txt -f text -w 6
out_is "METEOR = 0.616296 (segments = 2, references = 2, alpha = 0.9, beta = 3, gamma = 0.5, wordnet = $WN)"
# alpha/beta/gamma: NLTK 0.2233676265554817 for the first line
run params 0 "$BIN" meteor -r ref1.txt -i hyp.txt -sl --alpha 0.85 --beta=0.2 --gamma 0.6
out_has "0.2233676265554817"
# without WordNet: "dog is quick and happy" vs "hound was fast and glad" keeps only "and"
run no-wordnet 0 "$BIN" meteor -r ref1.txt -i hyp.txt -sl --no-wordnet
out_is "0.08333333333333333
0.7433333333333335"
run explicit-dir 0 "$BIN" meteor -r ref1.txt -i hyp.txt -sl --wordnet "$WN"
out_has "0.42592592592592593"
# the saved index gives the same scores
run save-only 0 "$BIN" meteor --wordnet "$WN" --save-index wn.idx
[ -s wn.idx ] || fail "save-only: no index written"
run load-index 0 "$BIN" meteor -r ref1.txt -i hyp.txt -sl --wordnet-index wn.idx
out_is "0.42592592592592593
0.7433333333333335"

# ---- errors ------------------------------------------------------------------------------
run help 0 "$BIN" meteor --help;                 out_has "--wordnet DIR"
run no-refs 2 "$BIN" meteor -i hyp.txt;          err_has "no reference file"
run bad-number 2 "$BIN" meteor -r ref1.txt -i hyp.txt --alpha x; err_has "invalid number"
run nan-alpha 2 "$BIN" meteor -r ref1.txt -i hyp.txt --alpha nan
run two-sources 2 "$BIN" meteor -r ref1.txt -i hyp.txt --no-wordnet --wordnet "$WN"
run missing-wordnet 1 "$BIN" meteor -r ref1.txt -i hyp.txt --wordnet "$T/none"; err_has "wordnet-base"
printf 'garbage' > bad.idx
run bad-index 1 "$BIN" meteor -r ref1.txt -i hyp.txt --wordnet-index bad.idx; err_has "not a usable WordNet index"
printf 'one line\n' > short.txt
run length-mismatch 1 "$BIN" meteor -r short.txt -i hyp.txt; err_has "has 1 lines but"
printf 'ok\n\377\n' > badutf8.txt
run bad-utf8 1 "$BIN" meteor -r badutf8.txt -i hyp.txt --no-wordnet
run unknown-option 2 "$BIN" meteor -r ref1.txt --frobnicate 1; err_has "unknown option"

echo "cli_meteor_test: $n tests, $fails failed"
[ "$fails" -eq 0 ]
