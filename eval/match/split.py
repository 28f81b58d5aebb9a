# Deterministic dev/test split of profiles.jsonl: random.Random(7), ~40% dev / 60% test.
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rows = [json.loads(l) for l in open(os.path.join(HERE, "profiles.jsonl"), encoding="utf-8") if l.strip()]
ids = sorted(r["id"] for r in rows)
rng = random.Random(7)
rng.shuffle(ids)
n_dev = round(len(ids) * 0.4)
dev = set(ids[:n_dev])
for name, keep in (("dev.jsonl", lambda i: i in dev), ("test.jsonl", lambda i: i not in dev)):
    sel = [r for r in rows if keep(r["id"])]
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for r in sel:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    docs = {}
    for r in sel:
        for it in r["expected"]:
            docs[it["doc"]] = docs.get(it["doc"], 0) + 1
    print(
        name,
        len(sel),
        "profiles;",
        sum(len(r["expected"]) for r in sel),
        "expected;",
        sum(len(r["not_expected"]) for r in sel),
        "not_expected; expected by doc",
        docs,
        "ids",
        " ".join(r["id"] for r in sel),
    )
