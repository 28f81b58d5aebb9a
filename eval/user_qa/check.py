"""Static checker for the user_qa eval set (checks items against the source texts only).

Usage: python eval/user_qa/check.py [file.jsonl ...]
       (defaults to dev*.jsonl, test*.jsonl and offtopic_*.jsonl; ids and
        question+history pairs must be unique across all files checked together)

Checks per item:
  * exact key set (related_evidence optional), valid kind, history shape
  * answerable items: doc resolves to a source file; every evidence string is 8-30 chars,
    has no line break and occurs verbatim in that file; for a single-document item all
    evidence strings sit close together (one passage, <= 400 chars apart); every answer
    string occurs in the file (after removing whitespace and mapping full-width ％ to %)
  * unanswerable items: doc null, empty section/evidence/answer, non-empty missing;
    every related_evidence string occurs verbatim in some source file
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
KINDS = {"citizen", "enterprise", "target", "compare", "followup", "english", "external", "unanswerable", "offtopic"}
UNANSWERED = {"unanswerable", "offtopic"}  # offtopic: questions no text treats at all (offtopic_*.jsonl)
KEYS = {"id", "kind", "question", "history", "doc", "section", "evidence", "answer", "missing", "note"}

SOURCES = {
    "达州": os.path.join(ROOT, "corpus", "dazhou-2021-kjcx.txt"),
    "利州": os.path.join(ROOT, "corpus", "lizhou-2021-kjcx-zscq.txt"),
}
for p in glob.glob(os.path.join(ROOT, "tests", "data", "external", "*.txt")):
    with open(p, encoding="utf-8") as f:
        head = f.read(600)
    for key in ("工业互联网", "RCEP", "包头", "阿坝", "数据专区"):
        if key in head:
            SOURCES[key] = p

TEXT = {k: open(v, encoding="utf-8").read() for k, v in SOURCES.items()}


def norm(s):
    return "".join(s.split()).replace("％", "%")


def files_for(doc):
    if doc == "both":
        return ["达州", "利州"]
    return [doc] if doc in TEXT else []


def check_item(it):
    errs = []
    keys = set(it)
    extra = keys - KEYS - {"related_evidence"}
    if KEYS - keys or extra:
        errs.append("keys: missing %s extra %s" % (KEYS - keys, extra))
        return errs
    if it["kind"] not in KINDS:
        errs.append("bad kind")
    h = it["history"]
    if not isinstance(h, list) or any(not (isinstance(t, list) and len(t) == 2) for t in h):
        errs.append("bad history")
    if it["kind"] == "followup" and not h:
        errs.append("followup without history")
    if it["kind"] in UNANSWERED:
        if it["doc"] is not None or it["answer"] or it["evidence"] or it["section"]:
            errs.append(f"{it['kind']} must have null doc and empty answer/evidence/section")
        if not it["missing"]:
            errs.append("unanswerable without missing")
        for r in it.get("related_evidence", []):
            if not any(r in t for t in TEXT.values()):
                errs.append("related_evidence not found: %r" % r)
        return errs
    if it["missing"] is not None:
        errs.append("answerable item with missing set")
    docs = files_for(it["doc"])
    if not docs:
        errs.append("unknown doc %r" % it["doc"])
        return errs
    if not it["section"]:
        errs.append("empty section")
    if not it["evidence"] or not it["answer"]:
        errs.append("empty evidence/answer")
    for e in it["evidence"]:
        if not (8 <= len(e) <= 30):
            errs.append("evidence length %d: %r" % (len(e), e))
        if "\n" in e or "\r" in e:
            errs.append("evidence spans line: %r" % e)
        if not any(e in TEXT[d] for d in docs):
            errs.append("evidence not found: %r" % e)
    if it["doc"] != "both" and len(it["evidence"]) > 1:
        t = TEXT[docs[0]]
        pos = [t.find(e) for e in it["evidence"]]
        if min(pos) >= 0 and max(pos) - min(pos) > 400:
            errs.append("evidence strings far apart (%d chars)" % (max(pos) - min(pos)))
    ntexts = [norm(TEXT[d]) for d in docs]
    for g in it["answer"]:
        if not g:
            errs.append("empty answer group")
        for a in g:
            if not any(norm(a) in t for t in ntexts):
                errs.append("answer string not in source: %r" % a)
    return errs


# first set (u001-u192) and second set (u201-u350)
DEFAULT_FILES = [
    "dev.jsonl",
    "test.jsonl",
    "dev2.jsonl",
    "test2.jsonl",
    "test3.jsonl",
    "test4.jsonl",
    "dev6.jsonl",
    "test5.jsonl",
    "dev7.jsonl",
    "test6.jsonl",
    "dev3.jsonl",
    "dev4.jsonl",
    "dev5.jsonl",
    "offtopic_dev.jsonl",
    "offtopic_dev2.jsonl",
    "offtopic_test.jsonl",
    "dev8.jsonl",
    "test7.jsonl",
    "offtopic_dev3.jsonl",
    "offtopic_test2.jsonl",
    "dev9.jsonl",
    "test8.jsonl",
    "offtopic_dev4.jsonl",
    "offtopic_test3.jsonl",
    "test9.jsonl",
    "offtopic_test4.jsonl",
    "dev10.jsonl",
    "test10.jsonl",
    "offtopic_dev5.jsonl",
    "offtopic_test5.jsonl",
    "dev11.jsonl",
    "test11.jsonl",
    "offtopic_dev6.jsonl",
    "offtopic_test6.jsonl",
    "dev12.jsonl",
    "test12.jsonl",
    "offtopic_dev7.jsonl",
    "offtopic_test7.jsonl",
    "dev13.jsonl",
    "test13.jsonl",
    "offtopic_dev8.jsonl",
    "offtopic_test8.jsonl",
    "dev14.jsonl",
    "test14.jsonl",
    "offtopic_dev9.jsonl",
    "offtopic_test9.jsonl",
    "dev15.jsonl",
    "test15.jsonl",
    "offtopic_dev10.jsonl",
    "offtopic_test10.jsonl",
    "dev16.jsonl",
    "test16.jsonl",
    "offtopic_dev11.jsonl",
    "offtopic_test11.jsonl",
    "dev17.jsonl",
    "test17.jsonl",
    "offtopic_dev12.jsonl",
    "offtopic_test12.jsonl",
    "dev18.jsonl",
    "test18.jsonl",
    "offtopic_dev13.jsonl",
    "offtopic_test13.jsonl",
    "dev19.jsonl",
    "test19.jsonl",
    "offtopic_dev14.jsonl",
    "offtopic_test14.jsonl",
    "dev20.jsonl",
    "test20.jsonl",
    "offtopic_dev15.jsonl",
    "offtopic_test15.jsonl",
    "dev21.jsonl",
    "test21.jsonl",
    "offtopic_dev16.jsonl",
    "offtopic_test16.jsonl",
    "dev22.jsonl",
    "test22.jsonl",
    "offtopic_dev17.jsonl",
    "offtopic_test17.jsonl",
    "dev23.jsonl",
    "test23.jsonl",
    "offtopic_dev18.jsonl",
    "offtopic_test18.jsonl",
    "dev24.jsonl",
    "test24.jsonl",
    "offtopic_dev19.jsonl",
    "offtopic_test19.jsonl",
    "dev25.jsonl",
    "test25.jsonl",
    "offtopic_dev20.jsonl",
    "offtopic_test20.jsonl",
    "dev26.jsonl",
    "test26.jsonl",
    "offtopic_dev21.jsonl",
    "offtopic_test21.jsonl",
    "dev27.jsonl",
    "test27.jsonl",
    "offtopic_dev22.jsonl",
    "offtopic_test22.jsonl",
    "dev28.jsonl",
    "test28.jsonl",
    "offtopic_dev23.jsonl",
    "offtopic_test23.jsonl",
    "dev29.jsonl",
    "test29.jsonl",
    "offtopic_dev24.jsonl",
    "offtopic_test24.jsonl",
    "dev30.jsonl",
    "test30.jsonl",
    "offtopic_dev25.jsonl",
    "offtopic_test25.jsonl",
    "dev31.jsonl",
    "test31.jsonl",
    "offtopic_dev26.jsonl",
    "offtopic_test26.jsonl",
    "dev32.jsonl",
    "test32.jsonl",
    "offtopic_dev27.jsonl",
    "offtopic_test27.jsonl",
    "dev33.jsonl",
    "test33.jsonl",
    "offtopic_dev28.jsonl",
    "offtopic_test28.jsonl",
    "dev34.jsonl",
    "test34.jsonl",
    "offtopic_dev29.jsonl",
    "offtopic_test29.jsonl",
    "dev35.jsonl",
    "test35.jsonl",
    "offtopic_dev30.jsonl",
    "offtopic_test30.jsonl",
    "dev36.jsonl",
    "test36.jsonl",
    "offtopic_dev31.jsonl",
    "offtopic_test31.jsonl",
    "dev37.jsonl",
    "test37.jsonl",
    "offtopic_dev32.jsonl",
    "offtopic_test32.jsonl",
    "dev38.jsonl",
    "test38.jsonl",
    "offtopic_dev33.jsonl",
    "offtopic_test33.jsonl",
    "dev39.jsonl",
    "test39.jsonl",
    "offtopic_dev34.jsonl",
    "offtopic_test34.jsonl",
    "dev40.jsonl",
    "test40.jsonl",
    "offtopic_dev35.jsonl",
    "offtopic_test35.jsonl",
    "dev41.jsonl",
    "test41.jsonl",
    "offtopic_dev36.jsonl",
    "offtopic_test36.jsonl",
]


def main(paths):
    total = bad = 0
    ids, qs = set(), set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                it = json.loads(line)
                total += 1
                errs = check_item(it)
                key = (it.get("question"), json.dumps(it.get("history"), ensure_ascii=False))
                if it.get("id") in ids:
                    errs.append("duplicate id")
                if key in qs:
                    errs.append("duplicate question+history")
                ids.add(it.get("id"))
                qs.add(key)
                if errs:
                    bad += 1
                    print("%s:%d %s %s" % (os.path.basename(p), ln, it.get("id"), "; ".join(errs)))
    print("checked %d items, %d with problems" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    args = sys.argv[1:] or [os.path.join(HERE, n) for n in DEFAULT_FILES]
    sys.exit(main(args))
