# Checks every evidence string occurs exactly once in its source file (grep -F -c),
# is 10-40 chars, and that each profile has 2-5 expected and 1-4 not_expected items.
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FILES = {
    "达州": "corpus/dazhou-2021-kjcx.txt",
    "利州": "corpus/lizhou-2021-kjcx-zscq.txt",
    "工业互联网": "tests/data/external/anhui-province_2021_industrial-internet-policies-and-action-plan-2021-2023_pkulaw-CLI.12.4638041.txt",
}
LEVELS = {"适用", "可能适用", "不适用"}
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "profiles.jsonl")
errors, checked, seen = [], 0, {}
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
for r in rows:
    pid = r["id"]
    ne, nn = len(r["expected"]), len(r["not_expected"])
    if not 2 <= ne <= 5:
        errors.append(f"{pid}: {ne} expected items")
    if not 1 <= nn <= 4:
        errors.append(f"{pid}: {nn} not_expected items")
    keys = [(i["doc"], i["evidence"]) for i in r["expected"] + r["not_expected"]]
    if len(set(keys)) != len(keys):
        errors.append(f"{pid}: duplicate evidence within profile")
    for kind, items in (("expected", r["expected"]), ("not_expected", r["not_expected"])):
        for it in items:
            if kind == "expected" and it["level"] not in LEVELS:
                errors.append(f"{pid}: bad level {it['level']}")
            ev, doc = it["evidence"], it["doc"]
            if not 10 <= len(ev) <= 40:
                errors.append(f"{pid}: evidence length {len(ev)}: {ev}")
            k = (doc, ev)
            if k not in seen:
                out = subprocess.run(
                    ["grep", "-F", "-c", ev, os.path.join(ROOT, FILES[doc])], capture_output=True, text=True
                ).stdout.strip()
                occ = open(os.path.join(ROOT, FILES[doc]), encoding="utf-8").read().count(ev)
                seen[k] = (out, occ)
            out, occ = seen[k]
            checked += 1
            if out != "1" or occ != 1:
                errors.append(f"{pid}: [{doc}] grep -c={out} occurrences={occ}: {ev}")
lv = {}
for r in rows:
    for it in r["expected"]:
        lv[it["level"]] = lv.get(it["level"], 0) + 1
print(
    f"profiles={len(rows)} evidence_refs={checked} distinct_evidence={len(seen)} "
    f"expected={sum(len(r['expected']) for r in rows)} not_expected={sum(len(r['not_expected']) for r in rows)} levels={lv}"
)
for (doc, ev), (out, occ) in sorted(seen.items()):
    print(f"  grep-c={out} [{doc}] {ev}")
print("ERRORS:" if errors else "OK: all evidence strings occur exactly once; item counts within bounds")
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
