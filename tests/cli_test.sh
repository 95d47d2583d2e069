#!/bin/sh
# cli_test.sh - tests of the `llmmetrics` command-line tool: output formats, sacrebleu's
# file-reading rules, exit codes and error messages. Run by `make cli-test`.
# Usage: sh tests/cli_test.sh [path/to/llmmetrics]   (PYTHON may name the interpreter)
set -u
BIN=${1:-build/llmmetrics}
PY=${PYTHON:-python3}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset LLMMETRICS_FORMAT SACREBLEU_FORMAT
cd "$T" || exit 1
fails=0
n=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# run NAME EXPECTED_RC CMD...: runs CMD, stdout in out, stderr in err.
run() {
    name=$1; want=$2; shift 2; n=$((n + 1))
    "$@" >out 2>err
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$name: exit $rc, expected $want (stderr: $(cat err))"
}
out_is() { [ "$(cat out)" = "$1" ] || fail "$name: stdout is [$(cat out)], expected [$1]"; }
err_has() { grep -qF -- "$1" err || fail "$name: stderr [$(cat err)] lacks [$1]"; }
err_empty() { [ ! -s err ] || fail "$name: stderr not empty: $(cat err)"; }

SIG='nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0'
# Segment 1 matches its reference exactly (6 tokens); "a dog" vs "a dog ran" matches
# [2,1,0,0]. Corpus precisions are all 100, sys_len 8 < ref_len 9:
# BLEU = 100 * exp(1 - 9/8) = 88.2497, BP 0.882, ratio 8/9 = 0.889.
printf 'the cat sat on the mat\na dog\n' > hyp.txt
printf 'the cat sat on the mat\na dog ran\n' > ref.txt
LINE="BLEU|$SIG = 88.2 100.0/100.0/100.0/100.0 (BP = 0.882 ratio = 0.889 hyp_len = 8 ref_len = 9)"

# ---- basics --------------------------------------------------------------------------
run version 0 "$BIN" --version;        grep -Eq '^llmmetrics [0-9]+\.[0-9]+\.[0-9]+$' out || fail "version: $(cat out)"
run help 0 "$BIN" --help;              grep -q 'bleu' out || fail "help lacks bleu"
run bleu-help 0 "$BIN" bleu --help;    grep -q -- '--tokenize' out || fail "bleu help lacks --tokenize"
run no-args 2 "$BIN"
run bad-command 2 "$BIN" frobnicate;   err_has "unknown command 'frobnicate'"

# ---- output formats ------------------------------------------------------------------
run text 0 "$BIN" bleu ref.txt -i hyp.txt -f text;       out_is "$LINE"; err_empty
run stdin 0 sh -c "'$BIN' bleu ref.txt -f text < hyp.txt"; out_is "$LINE"
run stdin-dash 0 sh -c "'$BIN' bleu ref.txt -i - -f text < hyp.txt"; out_is "$LINE"
run latex-is-text 0 "$BIN" bleu ref.txt -i hyp.txt -f latex; out_is "$LINE"
run long-options 0 "$BIN" bleu ref.txt --input=hyp.txt --format text; out_is "$LINE"
run prefix-option 0 "$BIN" bleu ref.txt -i hyp.txt --form text; out_is "$LINE"
run score-only 0 "$BIN" bleu ref.txt -i hyp.txt -b;      out_is "88.2"
run width 0 "$BIN" bleu ref.txt -i hyp.txt -b -w 4;      out_is "88.2497"
run short 0 "$BIN" bleu ref.txt -i hyp.txt -f text -sh
out_is "BLEU|#:1|c:mixed|e:no|tok:13a|s:exp|v:2.6.0 = 88.2 100.0/100.0/100.0/100.0 (BP = 0.882 ratio = 0.889 hyp_len = 8 ref_len = 9)"
run env-format 0 env SACREBLEU_FORMAT=text "$BIN" bleu ref.txt -i hyp.txt; out_is "$LINE"
run env-format-own 0 env SACREBLEU_FORMAT=json LLMMETRICS_FORMAT=text "$BIN" bleu ref.txt -i hyp.txt; out_is "$LINE"

# JSON (the default, as in sacrebleu 2.x): json.dumps(indent=1) of sacrebleu's dict.
run json 0 "$BIN" bleu ref.txt -i hyp.txt -w 3
"$PY" - "$SIG" <<'PYEOF' || fail "json: bad object: $(cat out)"
import json, sys
text = open("out", encoding="utf-8").read()
d = json.loads(text)
assert list(d) == ["name", "score", "signature", "verbose_score", "nrefs", "case", "eff",
                   "tok", "smooth", "version"], list(d)
assert d["name"] == "BLEU" and d["score"] == 88.25 and d["signature"] == sys.argv[1], d
assert d["verbose_score"] == ("100.0/100.0/100.0/100.0 (BP = 0.882 ratio = 0.889 "
                              "hyp_len = 8 ref_len = 9)"), d
assert d["nrefs"] == "1" and d["tok"] == "13a" and d["version"] == "2.6.0", d
assert text == json.dumps(d, indent=1, ensure_ascii=False) + "\n", "layout differs"
PYEOF
run json-short-ignored 0 "$BIN" bleu ref.txt -i hyp.txt -sh   # JSON keeps the long signature
grep -q '"signature": "nrefs:1|' out || fail "json-short-ignored: $(cat out)"

# Sentence level: always effective order; "a dog" vs "a dog ran" has orders 1-2 only:
# BLEU = BP * 100 = 100 * exp(1 - 3/2) = 60.65.
run sentence 0 "$BIN" bleu ref.txt -i hyp.txt -sl
out_is "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 100.0 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)
BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 60.7 100.0/100.0/0.0/0.0 (BP = 0.607 ratio = 0.667 hyp_len = 2 ref_len = 3)"
run sentence-json-is-text 0 "$BIN" bleu ref.txt -i hyp.txt -sl -b -f json; out_is "100.0
60.7"

# ---- options ---------------------------------------------------------------------------
printf 'The Cat sat on the mat.\n' > case_h.txt
printf 'the cat sat on the mat .\n' > case_r.txt
run lowercase 0 "$BIN" bleu case_r.txt -i case_h.txt -lc -f text
out_is "BLEU|nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0 = 100.0 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)"
# tok none: "mat." is one token, "mat ." two; 5 of 6 unigrams match, then 4/5, 3/4, 2/3.
run tok-none 0 "$BIN" bleu case_r.txt -i case_h.txt -lc -tok none -b -w 6
"$PY" -c "import math,sys; v=float(open('out').read()); e=100*math.exp(sum(map(math.log,[5/6,4/5,3/4,2/3]))/4)*math.exp(1-7/6); sys.exit(abs(v-e)>1e-6)" \
    || fail "tok-none: $(cat out)"
run smooth-floor 0 "$BIN" bleu ref.txt -i hyp.txt -s floor -sv 0.2 -f text
grep -qF 'smooth:floor[0.20]' out || fail "smooth-floor: $(cat out)"
run effective-order 0 "$BIN" bleu ref.txt -i hyp.txt --effective-order -f text
grep -qF '|eff:yes|' out || fail "effective-order: $(cat out)"
run metrics-bleu 0 "$BIN" bleu ref.txt -m bleu -i hyp.txt -f text; out_is "$LINE"
run encoding-utf8 0 "$BIN" bleu ref.txt -i hyp.txt -e UTF8 -f text; out_is "$LINE"

# Two reference files, or one file with -nr tab-separated references.
printf 'the cat is on the mat\na dog\n' > ref2.txt
printf 'the cat sat on the mat\tthe cat is on the mat\na dog ran\ta dog\n' > tabs.txt
run two-refs 0 "$BIN" bleu ref.txt ref2.txt -i hyp.txt -f text
grep -qF 'BLEU|nrefs:2|' out || fail "two-refs: $(cat out)"
cp out two_refs.out
run num-refs 0 "$BIN" bleu tabs.txt -nr 2 -i hyp.txt -f text
cmp -s out two_refs.out || fail "num-refs: $(cat out) differs from $(cat two_refs.out)"

# ---- sacrebleu's reading rules -------------------------------------------------------------
# Files split on "\n" only and rstrip() each line: CRLF and trailing blanks are harmless.
printf 'the cat sat on the mat  \r\na dog\t\r\n' > crlf.txt
run crlf 0 "$BIN" bleu ref.txt -i crlf.txt -f text; out_is "$LINE"
# No final newline: still two lines.
printf 'the cat sat on the mat\na dog' > nofinal.txt
run no-final-newline 0 "$BIN" bleu ref.txt -i nofinal.txt -f text; out_is "$LINE"
# A lone "\r" inside a file line does not end it ...
printf 'the cat sat\ron the mat\na dog\n' > cr.txt
run file-lone-cr 0 "$BIN" bleu ref.txt -i cr.txt -f text
grep -qF 'hyp_len = 8 ref_len = 9' out || fail "file-lone-cr: $(cat out)"
# ... but standard input uses universal newlines ("\r" ends a line).
printf 'the cat sat on the mat\ra dog' > stdin_cr.txt
run stdin-lone-cr 0 sh -c "'$BIN' bleu ref.txt -f text < stdin_cr.txt"; out_is "$LINE"
# U+00A0 and U+3000 at the end of a line are Python whitespace (rstrip).
printf 'the cat sat on the mat\302\240\343\200\200\na dog\n' > uniws.txt
run unicode-rstrip 0 "$BIN" bleu ref.txt -i uniws.txt -f text; out_is "$LINE"

# ---- errors ------------------------------------------------------------------------------
printf 'the cat sat on the mat\n' > short.txt
run length-mismatch 1 "$BIN" bleu ref.txt -i short.txt
err_has "System and reference streams have different lengths."; err_has "short.txt"
printf 'the cat sat on the mat\na \377dog\n' > badhyp.txt
run utf8-hyp 1 "$BIN" bleu ref.txt -i badhyp.txt; err_has "badhyp.txt:2: invalid UTF-8"
printf 'ok\n\355\240\200 surrogate\n' > badref.txt
run utf8-ref 1 "$BIN" bleu badref.txt -i hyp.txt; err_has "badref.txt:2: invalid UTF-8"
run utf8-stdin 1 sh -c "'$BIN' bleu ref.txt < badhyp.txt"; err_has "<stdin>:2: invalid UTF-8"
run missing-file 1 "$BIN" bleu ref.txt -i nope.txt; err_has "cannot open nope.txt"
run missing-ref 1 "$BIN" bleu nope_ref.txt -i hyp.txt; err_has "nope_ref.txt"
run directory 1 "$BIN" bleu ref.txt -i .; err_has "cannot read ."
: > empty.txt
run empty-hyp 1 "$BIN" bleu ref.txt -i empty.txt; err_has "empty.txt contains no sentence"
run no-refs 1 "$BIN" bleu -i hyp.txt; err_has "no reference files"
run bad-tokenizer 2 "$BIN" bleu ref.txt -i hyp.txt -tok foo; err_has "invalid choice: 'foo'"
run mecab-tokenizer 2 "$BIN" bleu ref.txt -i hyp.txt -tok ja-mecab; err_has "not supported"
run bad-smooth 2 "$BIN" bleu ref.txt -i hyp.txt -s bogus; err_has "invalid choice: 'bogus'"
run bad-width 2 "$BIN" bleu ref.txt -i hyp.txt -w x; err_has "invalid int value: 'x'"
run bad-encoding 2 "$BIN" bleu ref.txt -i hyp.txt -e latin-1; err_has "unsupported encoding"
run missing-value 2 "$BIN" bleu ref.txt -i hyp.txt -tok; err_has "expected one argument"
run unknown-option 2 "$BIN" bleu ref.txt -i hyp.txt --bogus; err_has "unrecognized arguments: --bogus"
run nan-smooth 2 "$BIN" bleu ref.txt -i hyp.txt -s floor -sv nan
run two-systems-same-name 1 "$BIN" bleu ref.txt -i hyp.txt hyp.txt; err_has "'hyp.txt' already used to name a system."
printf 'the cat sat on the mat\na\tdog\n' > tabhyp.txt
run stdin-tab-fields 17 sh -c "'$BIN' bleu ref.txt < tabhyp.txt"; err_has "FATAL: the number of tab-delimited fields"
run num-refs-missing-field 17 "$BIN" bleu ref.txt -nr 2 -i hyp.txt; err_has "FATAL: line 1: expected 2 fields, but found 1."
run num-refs-with-two-files 1 "$BIN" bleu ref.txt ref2.txt -nr 2 -i hyp.txt
if [ -w /dev/full ]; then
    run write-error 1 sh -c "'$BIN' bleu ref.txt -i hyp.txt > /dev/full"; err_has "cannot write"
fi

# ---- statistical tests (values and layout printed by sacrebleu 2.6.0, SACREBLEU_SEED=12345) --
printf 'the cat sat on a mat\na dog ran\n' > hyp2.txt
run paired-bs-json 0 "$BIN" bleu ref.txt -i hyp.txt hyp2.txt --paired-bs -pbsn 50
out_is '[
    {
        "system": "Baseline: hyp.txt",
        "BLEU": {
            "score": 88.24969025845958,
            "p_value": null,
            "mean": 66.82986371372222,
            "ci": 50.00000000000002
        }
    },
    {
        "system": "hyp2.txt",
        "BLEU": {
            "score": 59.6949179201965,
            "p_value": 0.0196078431372549,
            "mean": 41.30974293041605,
            "ci": 29.84745896009825
        }
    }
]'
run paired-ar-text 0 "$BIN" bleu ref.txt -i hyp.txt hyp2.txt --paired-ar -parn 50 -f text
head -n 7 out > table.txt
[ "$(cat table.txt)" = '╒═══════════════════╤══════════════╕
│            System │     BLEU     │
╞═══════════════════╪══════════════╡
│ Baseline: hyp.txt │     88.2     │
├───────────────────┼──────────────┤
│          hyp2.txt │     59.7     │
│                   │ (p = 0.4510) │' ] || fail "paired-ar-text: table [$(cat table.txt)]"
grep -qxF 'Paired approximate randomization test with 50 trials' out || fail "paired-ar-text: header"
grep -qxF ' - BLEU       nrefs:1|ar:50|seed:12345|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0' out \
    || fail "paired-ar-text: signature"
run confidence-text 0 "$BIN" bleu ref.txt -i hyp.txt --confidence -cin 20 -f text
out_is "BLEU|nrefs:1|bs:20|seed:12345|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 88.2 (μ = 68.5 ± 50.0) 100.0/100.0/100.0/100.0 (BP = 0.882 ratio = 0.889 hyp_len = 8 ref_len = 9)"
run confidence-seed 0 "$BIN" bleu ref.txt -i hyp.txt --confidence -cin 20 -f text -sh --seed 7
grep -qF '|bs:20|rs:7|' out || fail "confidence-seed: $(cat out)"
run systems-table 0 "$BIN" bleu ref.txt -i hyp.txt hyp2.txt -f latex
out_is '\begin{tabular}{rc}
\toprule
   System &  BLEU  \\
\midrule
  hyp.txt &  88.2  \\
 hyp2.txt &  59.7  \\
\bottomrule
\end{tabular}

-----------------
Metric signatures
-----------------
 - BLEU       nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0'
run paired-one-system 1 "$BIN" bleu ref.txt -i hyp.txt --paired-bs; err_has "Paired tests require multiple input systems"
run confidence-systems 1 "$BIN" bleu ref.txt -i hyp.txt hyp2.txt --confidence; err_has "Use paired tests"
run paired-sentence 1 "$BIN" bleu ref.txt -i hyp.txt -sl --confidence; err_has "unavailable in sentence-level mode"
run paired-both 2 "$BIN" bleu ref.txt -i hyp.txt hyp2.txt --paired-bs --paired-ar; err_has "not allowed with argument"
run bad-seed 2 "$BIN" bleu ref.txt -i hyp.txt --confidence --seed -1; err_has "argument --seed"

# ---- long input: no progress output when stderr is not a terminal ------------------------
"$PY" -c "
import sys
with open('big_h.txt', 'w') as h, open('big_r.txt', 'w') as r:
    for i in range(150000):
        h.write(f'segment {i} of the big test .\n'); r.write(f'segment {i} of a big test .\n')"
run big 0 "$BIN" bleu big_r.txt -i big_h.txt -f text --force; err_empty
grep -qF 'hyp_len = 1050000 ref_len = 1050000' out || fail "big: $(cat out)"
run big-warning 0 "$BIN" bleu big_r.txt -i big_h.txt -b; err_has "tokenized period"

# ---- serving: vLLM-style summary of a request log (values as tests/unit/test_serve.c) ----
cat > req.jsonl <<'JEOF'
{"start": 0.0, "token_times": [0.120, 0.150, 0.185, 0.215, 0.260], "input_tokens": 100, "output_tokens": 5, "cache_hit": false}
{"start": 0.05, "token_times": [0.300, 0.340, 0.372], "input_tokens": 250, "output_tokens": 3, "cache_hit": true}
{"start": 0.10, "first_token": 0.210, "end": 0.210, "input_tokens": 80, "output_tokens": 1, "extra": {"a": [1, null]}}
{"start": 0.20, "input_tokens": 40, "status": "timeout"}
{"start": 0.25, "token_times": [0.410, 0.452, 0.493, 0.537, 0.580, 0.655, 0.700], "input_tokens": 512, "output_tokens": 7}
{"start": 0.30, "token_times": [0.520, 0.560], "input_tokens": 64, "output_tokens": 2, "status": 200}
JEOF
run serving-help 0 "$BIN" serving --help;  grep -q -- '--goodput' out || fail "serving help lacks --goodput"
run serving-table 0 "$BIN" serving req.jsonl --percentiles 50,90,99 --goodput ttft:200 --goodput tpot:40 --duration 0.7
grep -q '^Request goodput (req/s):                 2.86 ' out || fail "serving-table goodput: $(cat out)"
grep -q '^P99 ITL (ms):                            71.40 ' out || fail "serving-table p99 itl: $(cat out)"
grep -q '^Error rate timeout (%):                  16.67 ' out || fail "serving-table errors: $(cat out)"
grep -q '^Cache hit rate (%):                      50.00 ' out || fail "serving-table cache: $(cat out)"
run serving-json 0 "$BIN" serving req.jsonl --json --percentiles 99 --plot lat.svg --plot-metric itl
"$PY" -c "
import json
d = json.load(open('out'))
assert d['p99_itl_ms'] == 71.40000000000003 and d['mean_ttft_ms'] == 172.0, d
assert d['completed'] == 5 and d['failed'] == 1 and d['duration'] == 0.7, d" || fail "serving-json: $(cat out)"
grep -q 'p99 = 71.4' lat.svg || fail "serving-plot: $(head -c 300 lat.svg)"
printf '{"start": 1, "end": 2\n' > bad.jsonl
run serving-bad-line 1 "$BIN" serving bad.jsonl; err_has "bad.jsonl:1: expected ',' or '}'"
run serving-bad-option 2 "$BIN" serving req.jsonl --goodput ttfx:5; err_has "key must be ttft, tpot or e2el"
# ---- squad ---------------------------------------------------------------------------------
# EM 1 + 0 over 2 questions; F1 1.0 and 0.8 ("in 1990" vs gold "in the year 1990" =
# "in year 1990": P 2/2, R 2/3).
printf '{"prediction": "The Eiffel Tower!", "answers": ["eiffel tower"]}\n\n{"prediction": "in 1990", "answers": ["nineteen ninety", "in the year 1990"]}\n' > squad.jsonl
run squad 0 "$BIN" squad squad.jsonl; err_empty; out_is '{"exact_match": 50.0, "f1": 90.0}'
run squad-stdin 0 sh -c "\"$BIN\" squad < squad.jsonl"; out_is '{"exact_match": 50.0, "f1": 90.0}'
run squad-per-example 0 "$BIN" squad --per-example squad.jsonl
out_is '{"exact_match": 1.0, "f1": 1.0, "normalized_prediction": "eiffel tower"}
{"exact_match": 0.0, "f1": 0.8, "normalized_prediction": "in 1990"}
{"exact_match": 50.0, "f1": 90.0}'
run squad-help 0 "$BIN" squad --help; grep -q 'exact match' out || fail "squad help"
printf '{"prediction": "x", "answers": []}\n' > squad_empty.jsonl
run squad-no-gold 1 "$BIN" squad squad_empty.jsonl; err_has "squad_empty.jsonl:1: no gold answers"
printf '{"prediction": "x", "answers": ["y"]\n' > squad_bad.jsonl
run squad-bad-json 1 "$BIN" squad squad_bad.jsonl; err_has "squad_bad.jsonl:1:"
run squad-bad-option 2 "$BIN" squad --nope

# ---- calibration / fairness --------------------------------------------------------------
# torchmetrics' multiclass_calibration_error docstring (n_bins=3): 0.2000 / 0.2082 / 0.2333.
printf '{"probs": [0.25,0.20,0.55], "label": 0}\n{"probs": [0.55,0.05,0.40], "label": 1}\n{"probs": [0.10,0.30,0.60], "label": 2}\n{"probs": [0.90,0.05,0.05], "label": 0}\n' > mc.jsonl
run calib-json 0 "$BIN" calibration mc.jsonl --bins 3 -f json --plot rel.svg; err_empty
"$PY" -c "
import json
d = json.load(open('out'))
assert d['n'] == 4 and abs(d['ece'] - 0.2) < 1e-12 and abs(d['mce'] - 0.23333333333333345) < 1e-12, d
assert abs(d['rmsce'] - 0.20816659994661338) < 1e-12 and len(d['bins']) == 4, d" || fail "calib-json: $(cat out)"
grep -q 'ECE = 0.2000 (n = 4, 3 bins)' rel.svg || fail "calib-plot: $(head -c 300 rel.svg)"
printf '{"confidence": 0.9, "correct": true}\n{"confidence": 1.0, "correct": 0}\n' > pairs.jsonl
run calib-text 0 "$BIN" calibration pairs.jsonl --bins 10; grep -q 'ECE (l1)   = 0.550000' out || fail "calib-text: $(cat out)"
grep -q '^>= 1.0000 .* 1 ' out || fail "calib-text extra bin: $(cat out)"
printf '{"confidence": 0.9, "correct": true}\n{"probs": [0.5, 0.5], "label": 0}\n' > mixed.jsonl
run calib-mixed 1 "$BIN" calibration mixed.jsonl; err_has "mixed.jsonl:2:"
printf '{"confidence": 1.5, "correct": true}\n' > bad.jsonl
run calib-range 1 "$BIN" calibration bad.jsonl; err_has "bad.jsonl:1: value outside the domain"
run calib-bins 2 "$BIN" calibration pairs.jsonl --bins 0
# fairness.jsonl int_groups_3: DP difference 1/3, ratio 0.5, four-fifths fail
"$PY" -c "
import json
yt=[1,1,0,0,1,0,1,0,1]; yp=[1,0,0,1,1,0,1,1,0]; g=[0,0,0,1,1,1,2,2,2]
open('fair.jsonl','w').write(''.join(json.dumps({'group': a, 'label': b, 'prediction': c}) + '\\n' for a, b, c in zip(g, yt, yp)))"
run fair-json 0 "$BIN" fairness fair.jsonl -f json; err_empty
"$PY" -c "
import json
d = json.load(open('out'))
assert abs(d['demographic_parity_difference_between_groups'] - 1/3) < 1e-12, d
assert d['equalized_odds_ratio_between_groups_mean'] == 0.25 and d['four_fifths_rule_pass'] is False, d
assert list(d['metric_frame']['by_group']) == ['0', '1', '2'], d" || fail "fair-json: $(cat out)"
run fair-text 0 "$BIN" fairness fair.jsonl; grep -q 'four-fifths rule FAIL' out || fail "fair-text: $(cat out)"
printf '{"group": "a", "label": 2, "prediction": 0}\n' > badf.jsonl
run fair-bad-label 1 "$BIN" fairness badf.jsonl; err_has "badf.jsonl:1: label and prediction must be 0 or 1"

# ---- perplexity: API log-probabilities in JSON lines (docs/cross_entropy.md) -----------
# Chat shape (bytes arrays), completions shape (null first token, tokens[]), bare list:
# NLL sum 0.5 + 1.25 + 2.0 + 0.1 + 0.2 = 4.05 over 5 tokens; bytes 8 + 1 (the skipped
# null token does not count), unknown on line 3.
cat > ppl.jsonl <<'JEOF'
{"choices":[{"logprobs":{"content":[{"token":"Hi","logprob":-0.5,"bytes":[72,105]},{"token":" there","logprob":-1.25,"bytes":[32,116,104,101,114,101]}]}}]}
{"choices":[{"text":"x","logprobs":{"tokens":["A","b"],"token_logprobs":[null,-2.0]}}]}

{"logprobs":[-0.1,-0.2]}
JEOF
run perplexity 0 "$BIN" perplexity ppl.jsonl
grep -q '^tokens: *5$' out || fail "perplexity: $(cat out)"
grep -q '^perplexity: *2.247908$' out || fail "perplexity value: $(cat out)"
run perplexity-json 0 sh -c "'$BIN' perplexity --json < ppl.jsonl"
"$PY" -c "import json, math; d = json.load(open('out'))
assert d['n_tokens'] == 5 and abs(d['nll_sum_nats'] - 4.05) < 1e-12, d
assert abs(d['perplexity'] - math.exp(0.81)) < 1e-12 and d['bits_per_byte'] is None, d" \
    || fail "perplexity-json: $(cat out)"
head -2 ppl.jsonl > ppl2.jsonl
run perplexity-bytes 0 "$BIN" perplexity --json ppl2.jsonl
"$PY" -c "import json, math; d = json.load(open('out'))
assert d['n_bytes'] == 9 and abs(d['bits_per_byte'] - 3.75 / (9 * math.log(2))) < 1e-12, d" \
    || fail "perplexity-bytes: $(cat out)"
run perplexity-per-line 0 "$BIN" perplexity --per-line ppl.jsonl
[ "$(head -1 out)" = "$(printf '0\t2\t0.875000\t2.3989')" ] || fail "perplexity-per-line: $(cat out)"
printf '{"x": 1}\n' > none.jsonl
run perplexity-none 1 "$BIN" perplexity none.jsonl; err_has "none.jsonl:1: no log-probabilities found"
printf '{"logprobs": [-1.0, 0.5]}\n' > pos.jsonl
run perplexity-positive 1 "$BIN" perplexity pos.jsonl; err_has "pos.jsonl:1: token 1"
printf 'nope\n' > bad.jsonl
run perplexity-bad-json 1 "$BIN" perplexity bad.jsonl; err_has "bad.jsonl:1: invalid JSON"
run perplexity-bad-option 2 "$BIN" perplexity --frob ppl.jsonl; err_has "unknown option '--frob'"

# ---- chrf / ter (expected lines from sacrebleu 2.6.0's command line) ---------------------
printf 'The cat sat on the mat.\nthe dog\n' > ref2.txt
CSIG='nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0'
TSIG='nrefs:2|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0'
run chrf-help 0 "$BIN" chrf --help;     grep -q -- '--chrf-word-order' out || fail "chrf help lacks --chrf-word-order"
run ter-help 0 "$BIN" ter --help;       grep -q -- '--ter-normalized' out || fail "ter help lacks --ter-normalized"
run chrf-text 0 "$BIN" chrf ref.txt ref2.txt -i hyp.txt -f text; out_is "chrF2|$CSIG = 87.5"; err_empty
run chrfpp-short 0 "$BIN" chrf ref.txt ref2.txt -i hyp.txt -cw 2 -f text -sh
out_is 'chrF2++|#:2|c:mixed|e:yes|nc:6|nw:2|s:no|v:2.6.0 = 88.0'
run ter-text 0 "$BIN" ter ref.txt ref2.txt -i hyp.txt -f text; out_is "TER|$TSIG = 11.8"
run ter-options 0 "$BIN" ter ref.txt ref2.txt -i hyp.txt --ter-case-sensitive --ter-normalized -f text
out_is 'TER|nrefs:2|case:mixed|tok:tercom|norm:yes|punct:yes|asian:no|version:2.6.0 = 11.1'
run ter-sentence 0 "$BIN" ter ref.txt ref2.txt -i hyp.txt -sl -b -w 3; out_is "$(printf '0.000\n40.000')"
run chrf-ter-text 0 "$BIN" chrf ref.txt ref2.txt -i hyp.txt -m chrf ter -f text -w 2
out_is "$(printf '      chrF2|%s = 87.51\nTER|%s = 11.76' "$CSIG" "$TSIG")"
run chrf-ter-json 0 "$BIN" ter ref.txt ref2.txt -i hyp.txt -m chrf ter
"$PY" - "$CSIG" "$TSIG" <<'PYEOF' || fail "chrf-ter-json: bad list: $(cat out)"
import json, sys
d = json.load(open("out"))
assert [x["name"] for x in d] == ["chrF2", "TER"], d
assert d[0]["score"] == 87.5 and d[1]["score"] == 11.8, d
assert d[0]["signature"] == sys.argv[1] and d[1]["signature"] == sys.argv[2], d
assert d[1]["tok"] == "tercom" and d[0]["nc"] == "6", d
PYEOF
run chrf-ter-sentence 1 "$BIN" chrf ref.txt -i hyp.txt -m chrf ter -sl
err_has 'Only one metric can be used in sentence-level mode.'
run chrf-bad-order 2 "$BIN" chrf ref.txt -i hyp.txt -cc 13; err_has "out of the supported range"
run bleu-chrf-ter 0 "$BIN" bleu ref.txt ref2.txt -i hyp.txt -m bleu chrf ter -f text -w 2
out_is "$(printf '        BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 8 ref_len = 8)\n      chrF2|%s = 87.51\nTER|%s = 11.76' "$CSIG" "$TSIG")"
run chrf-bad-metric 2 "$BIN" chrf ref.txt -i hyp.txt -m meteor; err_has "invalid choice: 'meteor'"
printf 'the cat\n' > one.txt
run ter-lengths 1 "$BIN" ter one.txt -i hyp.txt; err_has "System and reference streams have different lengths."
printf 'ok\n\377\n' > badutf.txt
run chrf-utf8 1 "$BIN" chrf ref.txt -i badutf.txt; err_has "badutf.txt:2: invalid UTF-8"

if [ "$fails" -ne 0 ]; then
    echo "cli_test: $fails of $n checks failed"
    exit 1
fi
echo "cli_test: $n commands checked, all passed"
