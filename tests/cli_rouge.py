"""cli_rouge.py - tests of `llmmetrics rouge`: every case of VECTORS/rouge.jsonl through
the command line (JSON Lines input, and line files for single-reference cases without
"\n" in the texts), plus exit codes and messages of bad input.
Usage: python3 tests/cli_rouge.py BIN [VECTORS_DIR]   (run by `make cli-test`)
"""

import json
import os
import subprocess
import sys
import tempfile


def close(got, want):
    return abs(got - want) <= max(1e-12, 1e-9 * abs(want))


FIELDS = ("precision", "recall", "fmeasure")


def main():
    binary = sys.argv[1]
    vectors = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp()
    checked = failed = 0

    def path(name):
        return os.path.join(tmp, name)

    def write(name, lines):
        with open(path(name), "w", encoding="utf-8", newline="") as f:
            f.write("".join(line + "\n" for line in lines))
        return path(name)

    def run(args, stdin=None):
        return subprocess.run([binary, "rouge"] + args, capture_output=True, text=True,
                              input=stdin)

    def fail(msg):
        nonlocal failed
        failed += 1
        print("FAIL", msg)

    def compare(case_id, what, got, want):
        for k, e in want.items():
            for f in FIELDS:
                if k not in got or not close(got[k][f], e[f]):
                    fail(f"{case_id} {what} {k}.{f}: {got.get(k)} != {e}")
                    return

    # ---- bad input ---------------------------------------------------------------------
    write("p.txt", ["a b", "c"])
    write("r1.txt", ["a"])
    cases = [
        (["-r", path("r1.txt"), "-i", path("p.txt")], None, 1, "has 2 lines"),
        (["-t", "rougeX", "-i", path("p.txt"), "-r", path("p.txt")], None, 2,
         "Invalid rouge type: rougeX"),
        (["--split-summaries"], '{"prediction": "a", "references": ["a"]}\n', 2,
         "not supported"),
        ([], '{"prediction": "a", "references": []}\n', 1, "<stdin>:1: no references"),
        ([], '{"prediction": "a"}\n', 1, "need \"prediction\""),
        ([], '{"prediction": "a", "references": ["a"]} x\n', 1, "trailing characters"),
        ([], "", 1, "contains no prediction"),
        (["--bogus"], "", 2, "unrecognized argument"),
        (["--confidence", "2"], "", 2, "--confidence"),
    ]
    for args, stdin, rc, msg in cases:
        checked += 1
        r = run(args, stdin)
        if r.returncode != rc or msg not in r.stderr:
            fail(f"{args}: exit {r.returncode} (want {rc}), stderr {r.stderr!r} (want {msg!r})")
    checked += 1
    r = run(["--help"])
    if r.returncode != 0 or "--use-stemmer" not in r.stdout:
        fail("--help")
    # text output, split_summaries without rougeLsum (no effect, as in rouge-score)
    checked += 1
    r = run(["-t", "rouge1", "--split-summaries", "-w", "3"],
            '{"prediction": "a b", "references": ["a", "x"], "other": [1, {"y": null}]}\n')
    if r.returncode != 0 or not r.stdout.startswith("rouge1     P 0.500  R 1.000  F 0.667"):
        fail(f"text output: {r.stdout!r} {r.stderr!r}")

    # ---- vectors -------------------------------------------------------------------------
    vpath = os.path.join(vectors, "rouge.jsonl") if vectors else None
    n_cases = 0
    if vpath and os.path.exists(vpath):
        for line in open(vpath, encoding="utf-8"):
            case = json.loads(line)
            opts, exp = case["options"], case["expected"]
            args = ["-t", ",".join(opts["rouge_types"])]
            if opts["use_stemmer"]:
                args.append("-s")
            if opts["split_summaries"]:
                args.append("--split-summaries")
            refs = case["references"]
            if case["call"] == "score":
                refs = [r[:1] for r in refs]
            records = [json.dumps({"prediction": h, "references": r}, ensure_ascii=False)
                       for h, r in zip(case["hyps"], refs)]
            src = write("case.jsonl", records)
            n_cases += 1
            checked += 1
            if "error" in exp:
                r = run(args + ["-i", src])
                if r.returncode == 0:
                    fail(f"{case['id']}: expected an error ({exp['error']})")
                continue
            r = run(args + ["-i", src, "-f", "json", "-sl"])
            if r.returncode != 0:
                fail(f"{case['id']}: exit {r.returncode}: {r.stderr}")
                continue
            per = [json.loads(x) for x in r.stdout.splitlines()]
            for i, e in enumerate(exp["per_example"]):
                compare(case["id"], f"per_example[{i}]", per[i], e)
            r = run(args + ["-i", src, "-f", "json"])
            compare(case["id"], "mean", json.loads(r.stdout)["scores"], exp["mean"])
            # the same through line files when each text is one line
            texts = case["hyps"] + [t for rr in refs for t in rr]
            if case["call"] == "score" and not any("\n" in t or "\r" in t for t in texts):
                checked += 1
                p = write("pred.txt", case["hyps"])
                rf = write("ref.txt", [rr[0] for rr in refs])
                r = run(args + ["-r", rf, "-i", p, "-f", "json"])
                compare(case["id"], "mean (line files)", json.loads(r.stdout)["scores"],
                        exp["mean"])
    if failed:
        print(f"cli_rouge: {failed} of {checked} checks failed")
        return 1
    print(f"cli_rouge: {checked} checks passed ({n_cases} rouge vector cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
