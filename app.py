"""PlanQA entry point: wiring only. Parse arguments, build Settings, call the Python API, print or serve.

python app.py                      web chat on http://127.0.0.1:7860
python app.py ingest [PATH ...]    (re)build the index from the corpus plus extra files or folders
python app.py ask "问题" [--json] [--llm none] [--history '[["问","答"]]'] | ask --batch IN.jsonl --json
python app.py chunks [--json]      every chunk, one JSON object per line
python app.py eval [--qa FILE]     retrieval and answer metrics on a QA set
python app.py feedback [--export OUT.csv]   readers' 👍/👎 from the web page
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from config import Settings
from errors import PlanQAError


def _settings(args: argparse.Namespace, **overrides) -> Settings:
    if getattr(args, "corpus", None):
        overrides["corpus_dirs"] = [Path(p) for p in args.corpus]
    if getattr(args, "llm", None):
        overrides["llm"] = args.llm
    return Settings(**overrides)


def _report_skipped(skipped) -> None:
    for s in skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)


def cmd_chunks(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    settings = _settings(args)
    corpus = ingest_paths(settings.corpus_dirs, settings.chunk_min_chars, settings.chunk_max_chars)
    _report_skipped(corpus.skipped)
    for d in corpus.documents:
        for c in d.chunks:
            if args.json:
                row = {
                    "chunk_id": c.id,
                    "doc_id": c.doc_id,
                    "doc_title": d.meta.title,
                    "region": d.meta.region,
                    "heading_path": list(c.heading_path),
                    "kind": c.kind,
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                }
                print(json.dumps(row, ensure_ascii=False))
            else:
                print(f"[{c.id}] {d.meta.short_title} › {' › '.join(c.heading_path)}\n{c.text}\n")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.build import StoreConfig, build_index
    from index.embed import make_embedder
    from ingest.pipeline import IngestLimits

    s = _settings(args)
    inputs = [*s.corpus_inputs, *(Path(p) for p in args.paths)]
    embedder = make_embedder(s.embedder, s.embed_threads)
    store = StoreConfig.from_settings(s)
    index = build_index(inputs, embedder, s.data_dir, s.chunk_min_chars, s.chunk_max_chars, store, IngestLimits.of(s))
    _report_skipped(index.skipped)
    print(
        f"indexed {len(index.docs)} document(s), {len(index.chunks)} chunks, {len(index.indicators)} indicators "
        f"({index.embedded} chunks embedded, the rest from the vector cache) into {s.index_dir}"
    )
    return 0


def _history(raw: str | None) -> list[tuple[str, str]]:
    if not raw:
        return []
    try:
        turns = json.loads(raw)
        return [(str(q), str(a)) for q, a in turns]
    except (json.JSONDecodeError, TypeError, ValueError) as e:
        raise PlanQAError(f'--history must be JSON like \'[["问","答"]]\' ({e})') from e


def read_lines(path: Path, what: str) -> list[str]:
    """The lines of a UTF-8 input file, or a PlanQAError naming the file and what is wrong with it."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PlanQAError(f"{what} {path} does not exist") from None
    except IsADirectoryError:
        raise PlanQAError(f"{what} {path} is a folder, not a file") from None
    except UnicodeDecodeError as e:
        raise PlanQAError(f"{what} {path} is not UTF-8 text (byte {e.start}: {e.reason}); save it as UTF-8") from None
    except OSError as e:
        raise PlanQAError(f"{what} {path} cannot be read ({e.strerror})") from None


def cmd_ask(args: argparse.Namespace) -> int:
    from planqa import PlanQA

    if args.batch:
        lines = read_lines(Path(args.batch), "batch file")  # before the index opens: a typo fails at once
    qa = PlanQA.open(_settings(args))
    within = args.within or None
    if args.batch:
        path = Path(args.batch)
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question = item["question"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise PlanQAError(f"{path}:{n}: needs a JSON object with a question ({e})") from e
            try:
                history = [(str(q), str(a)) for q, a in item.get("history") or []]
            except (TypeError, ValueError) as e:
                raise PlanQAError(f"{path}:{n}: history must be a list of [question, answer] pairs ({e})") from e
            answer = qa.ask(question, history, within=within)
            print(json.dumps(answer.to_json(str(item.get("id", n))), ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        raise PlanQAError("ask needs a question (or --batch FILE)")
    answer = qa.ask(args.question, _history(args.history), within=within)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
    else:
        print(answer.text)
        for c in answer.citations:
            print(f"[{c.n}] {c.doc_title} › {' › '.join(c.heading_path)}\n    “{c.quote}”")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.match_eval import evaluate_matching, load_items
    from eval.qa import load_qa
    from eval.run import evaluate
    from planqa import PlanQA

    # both files are read before the index opens: a malformed line fails at once
    items = load_qa(Path(args.qa)) if args.qa != "none" else []
    profiles = load_items(Path(args.match)) if args.match else []
    qa = PlanQA.open(_settings(args))  # the served settings: the figures are what users get
    if items:
        qa.warm_up()  # latencies as the served app has them: embedder, dictionary and the LLM's prompt loaded
        print("\n".join(evaluate(qa, items).lines()))
    if profiles:
        m = evaluate_matching(qa.measures(), profiles)
        s = m.summary()
        print(
            f"matching    profiles={s['profiles']}  precision={s['precision']:.3f}  recall={s['recall']:.3f}  "
            f"strict precision={s['strict_precision']:.3f}  amounts={s['amount_accuracy']:.3f}"
        )
        print("\n".join(f"  ✗ {x}" for x in [*m.misses, *m.wrong]))
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from match import render_markdown
    from planqa import PlanQA

    path = Path(args.profile)
    try:
        profile = json.loads("\n".join(read_lines(path, "profile")))
    except json.JSONDecodeError as e:
        raise PlanQAError(f"profile {path}: not JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if not isinstance(profile, dict):
        raise PlanQAError(f'profile {path}: needs a JSON object like {{"region": "达州市", "rd_ratio": 0.03}}')
    report = PlanQA.open(_settings(args, llm="none")).match(profile)  # rules only: no model is loaded
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(render_markdown(report))
    for w in report.profile.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # government intranets are offline
    from planqa import PlanQA
    from web.admin import launch_kwargs
    from web.app import build_ui, launch

    settings = _settings(args)
    print("opening the index (the first run builds it, about a minute) …", file=sys.stderr)
    qa = PlanQA.open(settings)
    qa.warm_up()  # the embedder loads and the prompt's fixed instructions go into the model's KV cache once
    launch(build_ui(qa), host=settings.host, port=args.port or settings.port, **launch_kwargs(settings))
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from feedback import FeedbackStore

    store = FeedbackStore.in_data_dir(_settings(args).data_dir)
    if args.export:
        n = store.export_csv(Path(args.export))
        print(f"exported {n} feedback row(s) from {store.path} to {args.export}")
        return 0
    rows = store.all()
    up = sum(r.rating == "up" for r in rows)
    print(f"{len(rows)} feedback row(s) in {store.path}: {up} up, {len(rows) - up} down (--export FILE.csv to export)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="app.py", description="PlanQA: answers about 十四五 plans, with citations.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", action="append", metavar="DIR", help="corpus folder or file (repeatable)")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("chunks", parents=[common], help="print every chunk")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_chunks)

    p = sub.add_parser("ingest", parents=[common], help="(re)build the index")
    p.add_argument("paths", nargs="*", help="extra files or folders to index with the corpus")
    p.set_defaults(func=cmd_ingest)

    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument("--llm", choices=["local", "openai", "none"], help="answer generator (default: settings)")

    p = sub.add_parser("ask", parents=[common, llm], help="answer one question, or a batch")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="print the JSON answer object")
    p.add_argument("--history", help='earlier turns as JSON: [["问","答"], ...]')
    p.add_argument("--batch", metavar="IN.jsonl", help="one JSON question per line; prints one JSON answer per line")
    p.add_argument("--within", action="append", metavar="DOC", help="answer only from this plan or region (repeatable)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", parents=[common, llm], help="web chat (the default command)")
    p.add_argument("--port", type=int, help="port (default: settings, 7860)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("feedback", help="readers' feedback from the web page (SQLite under the data dir)")
    p.add_argument("--export", metavar="OUT.csv", help="write every feedback row to this CSV file")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("eval", parents=[common, llm], help="metrics on a QA set")
    p.add_argument("--qa", default=str(Path(__file__).with_name("eval") / "qa.jsonl"), help="QA set (JSONL), or `none`")
    p.add_argument("--match", metavar="PROFILES.jsonl", help="also score policy matching on a labelled profile set")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("match", parents=[common], help="policy matching: which measures apply to an enterprise")
    p.add_argument("--profile", required=True, metavar="FILE.json", help="the enterprise profile (JSON object)")
    p.add_argument("--json", action="store_true", help="print the JSON report")
    p.set_defaults(func=cmd_match)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["serve", *(argv or [])])
    try:
        return args.func(args)
    except PlanQAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
