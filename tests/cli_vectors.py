"""cli_vectors.py - runs the BLEU reference vectors through the `llmmetrics` command line.

Every bleu case of VECTORS/bleu.jsonl whose inputs a file can carry (file cases, and
inline cases without "\n" or None references) is written to files and
scored by the tool: corpus cases with -f json -w 13 (plus --effective-order when the
case uses it), sentence expectations with -sl -b -w 13 when the case uses effective order
(the command line always does at sentence level, like sacrebleu's). Scores must match to
the vectors' tolerance. Usage: python3 tests/cli_vectors.py BIN VECTORS_DIR
"""

import json
import os
import subprocess
import sys
import tempfile


def close(got, want):
    # -w 13 rounds to 1e-13; the vectors' tolerance is rel 1e-9, abs 1e-12.
    return abs(got - want) <= max(1e-12 + 1e-13, 1e-9 * abs(want))


def option_args(opts):
    args = []
    if "tokenize" in opts:
        args += ["-tok", opts["tokenize"]]
    if opts.get("lowercase"):
        args.append("-lc")
    if "smooth_method" in opts:
        args += ["-s", opts["smooth_method"]]
    if opts.get("smooth_value") is not None:
        args += ["-sv", repr(float(opts["smooth_value"]))]
    return args


def main():
    binary, vectors = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.abspath(vectors))
    path = os.path.join(vectors, "bleu.jsonl")
    if not os.path.exists(path):
        print(f"cli_vectors: {path} not found, skipped")
        return 0
    checked = failed = skipped = 0
    tmp = tempfile.mkdtemp()

    def write(name, lines):
        p = os.path.join(tmp, name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write("".join(line + "\n" for line in lines))
        return p

    def run(args):
        return subprocess.run([binary, "bleu"] + args, capture_output=True, text=True,
                              check=True).stdout

    for line in open(path, encoding="utf-8"):
        case = json.loads(line)
        opts, expected = case["options"], case["expected"]
        known = {"tokenize", "lowercase", "smooth_method", "smooth_value", "effective_order"}
        if "error" in expected or set(opts) - known:
            skipped += 1
            continue
        if "hyp_file" in case:
            refs = [os.path.join(root, f) for f in case["ref_files"]]
            hyp = os.path.join(root, case["hyp_file"])
        else:
            texts = case["hyps"] + [r for s in case["refs"] for r in s]
            if (not case["hyps"] or any(t is None or "\n" in t for t in texts)
                    or any(len(s) != len(case["hyps"]) for s in case["refs"])):
                skipped += 1  # not representable as one line per segment
                continue
            refs = [write(f"ref{i}", s) for i, s in enumerate(case["refs"])]
            hyp = write("hyp", case["hyps"])
        base = refs + ["-i", hyp, "-w", "13"] + option_args(opts)
        if case["level"] == "corpus":
            extra = ["--effective-order"] if opts.get("effective_order") else []
            got = json.loads(run(base + extra))["score"]
            checked += 1
            if not close(got, expected["score"]):
                failed += 1
                print(f"  FAIL {case['id']} score: expected {expected['score']!r}, got {got!r}")
        if opts.get("effective_order") and "sentences" in expected:
            scores = run(base + ["-sl", "-b"]).split()
            for i, (got, want) in enumerate(zip(scores, expected["sentences"])):
                checked += 1
                if not close(float(got), want["score"]):
                    failed += 1
                    print(f"  FAIL {case['id']} sentences[{i}].score: expected "
                          f"{want['score']!r}, got {got}")
    print(f"cli_vectors: {checked - failed} passed, {failed} failed "
          f"({skipped} cases not expressible as files skipped)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
