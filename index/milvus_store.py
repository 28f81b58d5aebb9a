"""The `milvus` store: sentence-unit BM25 and chunk vectors in Milvus (milvus-lite in-process, or a server).

Two collections per name N (`PLANQA_MILVUS_COLLECTION`):
    N_units   one row per sentence unit (index.store.units_of): pk `<chunk id>#<i>`, chunk_id, doc_id, doc_hash,
              `text` (the unit as PlanQA's BM25 tokens, space-separated: see `unit_text`; a VARCHAR analysed by
              a server's jieba tokenizer with index/plan_terms.txt as its dictionary and index/stopwords.txt as a
              stop filter, or by milvus-lite's `standard` tokenizer over escaped tokens: see `analyzer_params`)
              and `sparse`, which a BM25 function (k1 0.8, b 0.5, as the local store) fills from `text`.
    N_chunks  one row per chunk: pk chunk_id, doc_id, doc_hash, `head` (true on a plan's first chunk) and `vector`.

Search: `lexical` is BM25 over N_units grouped by chunk_id (a chunk scores as its best unit; at most k distinct
chunks), the query's token weights written as counts (`weighted_text`); `dense` is inner product (FLAT) over
N_chunks. A doc filter is a Milvus filter expression on doc_id, so it runs in Milvus. Fusion stays PlanQA's
(index/retriever.py). Measured on eval/qa.jsonl, both stores give the same hit@1 (BENCHMARKS.md, "Stores").

Ingest (`sync`) is incremental and idempotent. Each plan has a `doc_hash` over its chunk ids and the texts searched.
A plan whose hash Milvus already holds is skipped; a changed plan is embedded again (through the vector cache, so
only text not seen before reaches the embedder), its rows are upserted and the old version's rows deleted; a plan no
longer in the corpus is deleted. Running it twice changes nothing: no row is embedded, written or deleted, and
nothing is flushed (tests/test_milvus_ingest.py counts the client's write calls). Into a collection created by this
sync the rows are inserted, not upserted (an upsert first looks each key up, in every segment in milvus-lite). A
plan's head row is written last, so a plan whose sync was interrupted has no head row of its new hash and is redone
next time.

The collections carry a fingerprint (schema version, vector size, embedder, tokenizer files, analyzer, BM25 k1/b) as
a collection property; a collection with another fingerprint is dropped and rebuilt rather than searched.

Pitfalls met with milvus-lite 3.2.2 + pymilvus 3.0.2, each handled here:
- lite rejects the `chinese` analyzer type, so the jieba tokenizer is given in dict form (with `_default_` in its
  dictionary: on a server a custom `dict` replaces jieba's own dictionary unless it names it);
- lite's jieba analyzer is Python jieba, run over every unit written (a third of the CPU time of a cold ingest of 50
  plans) and adding the plan terms to the process' global jieba: lite gets its `standard` tokenizer instead (see
  `analyzer_params`);
- lite returns BM25 hits as negative distances, the server as positive scores: `abs()` covers both;
- both indexes need explicit parameters: FLAT/IP for the vectors, SPARSE_INVERTED_INDEX/BM25 (k1, b) for the text,
  and lite reads k1/b only from a JSON `params` pair, not from the flat pairs pymilvus 3.0 sends (both are sent);
- create_collection(index_params=…) waits on AllocTimestamp, which lite does not implement: the index is created
  apart, without waiting;
- lite does not take filter templates (`doc_id in {ids}` with filter_params), so doc ids are written into the
  expression as JSON strings;
- lite scores BM25 with each segment's own statistics (a TODO in its engine): a full build is one segment, but
  after an incremental ingest the changed plans sit in a segment of their own until lite compacts (four segments
  of a size). The server keeps the statistics for the whole collection.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import SecretStr

from errors import IndexStale, PlanQAError
from index.manifest import tokenizer_version
from index.sparse import PLAN_TERMS, STOPWORDS, _data_lines, jieba_tokenize
from index.store import UNIT_B, UNIT_K1, LexicalQuery, Unit
from ingest.schema import Chunk

log = logging.getLogger(__name__)

SCHEMA = "planqa-milvus-2"
FINGERPRINT = "planqa.fingerprint"  # collection property holding the fingerprint
STATE_FILE = "milvus.json"  # in the build folder: which collection and which plan versions the build searches
BATCH = 1000  # rows per upsert request
DOCS_PER_ROUND = 64  # plans embedded and written together (one vector-cache update per round)
MAX_TEXT = 65535  # VARCHAR max_length (bytes)
MAX_ID = 512
QUERY_LIMIT = 16384  # Milvus' cap on offset + limit of one query
QUERY_SCALE = 20  # query token weights are written as counts: weight 1.0 -> 20 occurrences (see weighted_text)

Embed = Callable[[list[Chunk]], np.ndarray]


class StoreUnavailable(PlanQAError):
    """The Milvus named by the settings cannot be reached or opened; the message says which and why."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one `MilvusStore.sync` changed in Milvus."""

    added: tuple[str, ...]  # doc ids new to the collection
    replaced: tuple[str, ...]  # doc ids whose rows were replaced (content changed)
    removed: tuple[str, ...]  # doc ids deleted (no longer in the corpus)
    unchanged: int  # plans already in Milvus at this version: not embedded, not written
    chunk_rows: int  # chunk rows written (upserted)
    unit_rows: int  # sentence-unit rows written (upserted)
    embedded: int  # chunks that went to the embedder (the rest came from the vector cache)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


LITE_ANALYZER = {"tokenizer": "standard"}
_WORD = re.compile(r"[^\W_]+")  # what milvus-lite's standard tokenizer (`\w+`) keeps as a word, but the underscore
LITE_TOKENS = "lite_token-1"  # how tokens are written for milvus-lite (part of the fingerprint)


def analyzer_params(server: bool = True) -> dict:
    r"""A server: Milvus' jieba tokenizer with the plan terms as its dictionary, in exact mode, then the stop words.
    milvus-lite: its `standard` tokenizer (`\w+`, lowercase), with the tokens written by `lite_token`.

    Exact mode, because the text Milvus receives is already PlanQA's tokens (see `unit_text`): cutting a single
    token in exact mode gives it back. The stop filter and `removepunct` matter only for raw text sent by other
    clients of the collection. On the 769 units of the real plans, lite's jieba gives other tokens than PlanQA for
    39 units (HMM words that exact mode cuts in two) and takes 0.83 s; the standard tokenizer over escaped tokens
    gives PlanQA's tokens for all of them (tests/test_store_contract.py) in 0.04 s."""
    if not server:
        return dict(LITE_ANALYZER)
    terms = [line.split()[0] for line in _data_lines(PLAN_TERMS)]
    return {
        "tokenizer": {"type": "jieba", "dict": ["_default_", *terms], "mode": "exact", "hmm": True},
        "filter": ["removepunct", {"type": "stop", "stop_words": sorted(_data_lines(STOPWORDS))}],
    }


def unit_text(text: str) -> str:
    """A sentence unit as Milvus stores it: PlanQA's BM25 tokens (index.sparse.jieba_tokenize), space-separated.

    Sent as raw text, the units were cut by Milvus' jieba, which takes dictionary words without PlanQA's
    frequencies (they decide where 提高企业 splits) and lacks PlanQA's four-character sub-words (知识价值 inside
    知识价值信用担保贷款): 380 of the 769 units got other tokens, and hit@1 on eval/qa.jsonl fell from 0.94 to 0.88
    (BENCHMARKS.md). Pre-cut, 39 units differ (HMM words such as 高性 that exact mode cuts in two), and Milvus' BM25
    scores match the local store's.
    """
    return " ".join(jieba_tokenize(text))


def lite_token(token: str) -> str:
    r"""A token as one `\w+` word: each other character (and `_`) written as `_<hex>_`. `r&d` -> `r_26_d`,
    `1.5%` -> `1_2e_5_25_`; a token of letters and digits only, as most are, stays as it is. One-to-one, so
    milvus-lite's standard tokenizer gives back exactly PlanQA's tokens, escaped."""
    if _WORD.fullmatch(token):
        return token
    return "".join(ch if _WORD.match(ch) else f"_{ord(ch):x}_" for ch in token)


def weighted_text(weights: Mapping[str, float], scale: int = QUERY_SCALE, lite: bool = False) -> str:
    """The weighted lexical query as text for Milvus, whose query weights are term counts.

    PlanQA weighs a question's tokens (index.sparse.query_weights: a compound's sub-tokens share one unit, a short
    key word keeps its own), and a BM25 score is linear in those weights; Milvus takes text, and counts each token
    of the analysed query once per occurrence. So each token is written `round(weight · scale)` times:
    `{孵化: 1.29, 孵化器: 0.29, 奖励: 1.0}` -> 孵化 26 times, 孵化器 6 times, 奖励 20 times. The scale trades
    the rounding against the time Milvus takes to analyse the query: on the 54 questions of eval/qa.jsonl, BM25
    top-1 equals the local store's for all 54 at 10, 20, 50 and 100 and the top-5 order for 47, 47, 53 and 51 of
    them, at 8 ms a query for 20 and 56 ms for 100 (milvus-lite when it analysed with its Python jieba; its
    standard tokenizer, used since, is about twenty times faster). Without the weights
    e09 (孵化器 … 奖励 … 评) lost its first hit, as it did locally before query_weights existed.
    """
    parts: list[str] = []
    for token, w in sorted(weights.items()):
        parts += [lite_token(token) if lite else token] * max(1, round(w * scale)) if w > 0 else []
    return " ".join(parts)


def doc_hashes(chunks: Sequence[Chunk], units: Sequence[Unit]) -> dict[str, str]:
    """doc id -> sha256 over the plan's chunk ids, searched texts and sentence units, in order."""
    digests: dict[str, hashlib._Hash] = {}
    for c in chunks:
        h = digests.setdefault(c.doc_id, hashlib.sha256(SCHEMA.encode()))
        h.update(f"\x1ec\x1f{c.id}\x1f{c.search_text()}".encode())
    for u in units:
        digests[u.doc_id].update(f"\x1eu\x1f{u.chunk_id}\x1f{u.text}".encode())
    return {d: h.hexdigest() for d, h in digests.items()}


def _is_server(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "tcp://", "unix:"))


def _quote(values: Collection[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in sorted(values)) + "]"


class MilvusStore:
    kind = "milvus"

    def __init__(self, uri: str, collection: str, dim: int, embedder_id: str, token: SecretStr | str | None = None):
        """`token`: `user:password` or an API key for a Milvus server with authentication (PLANQA_MILVUS_TOKEN).
        It goes to the client and nowhere else: not into `spec`, the build folder, a message or the log."""
        self.uri = uri
        self.collection = collection
        self.dim = dim
        self.embedder_id = embedder_id
        self.server = _is_server(uri)
        self.analyzer = analyzer_params(self.server)
        self.units_name = f"{collection}_units"
        self.chunks_name = f"{collection}_chunks"
        analyzed = {**self.analyzer, "tokens": "plain" if self.server else LITE_TOKENS}
        analyzer = hashlib.sha256(json.dumps(analyzed, sort_keys=True).encode()).hexdigest()[:16]
        self.fingerprint = (
            f"{SCHEMA};dim={dim};embedder={embedder_id};tokenizer={tokenizer_version()};analyzer={analyzer};"
            f"k1={UNIT_K1};b={UNIT_B}"
        )
        self.hashes: dict[str, str] = {}  # doc id -> doc hash of the plans this store serves
        self.last_sync: SyncReport | None = None
        self._known: frozenset[str] | None = None  # chunk ids of the build this store serves
        self._token = token if isinstance(token, SecretStr) else SecretStr(token or "")  # masked in any repr
        self._client = self._connect()

    @property
    def spec(self) -> str:
        return f"milvus:{self.uri}#{self.collection}"

    def _scrub(self, message: object) -> str:
        """A message from the client without the token, in case the client repeats what it was given."""
        token = self._token.get_secret_value()
        return str(message).replace(token, "***") if token else str(message)

    def _connect(self):
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException

        if not _is_server(self.uri):
            if not self.uri.endswith(".db"):
                raise StoreUnavailable(
                    f"PLANQA_MILVUS_URI={self.uri!r}: use a file path ending in .db (milvus-lite) "
                    "or http://host:19530 (a Milvus server)"
                )
            Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
            import jieba  # milvus-lite analyses with the global jieba, which logs its start-up at DEBUG

            jieba.setLogLevel(logging.WARNING)
        try:
            return MilvusClient(uri=self.uri, token=self._token.get_secret_value())
        except (MilvusException, OSError) as e:
            where = "milvus-lite at" if not _is_server(self.uri) else "the Milvus server at"
            raise StoreUnavailable(f"cannot open {where} {self.uri} ({self._scrub(e)})") from None

    # ---- collections ----

    def _current(self) -> bool:
        """True when both collections exist with this store's fingerprint; they are then loaded (searchable)."""
        c = self._client
        for name in (self.units_name, self.chunks_name):
            if not c.has_collection(name):
                return False
            if c.describe_collection(name).get("properties", {}).get(FINGERPRINT) != self.fingerprint:
                return False
        for name in (self.units_name, self.chunks_name):
            c.load_collection(name)  # a collection is released when its Milvus (or milvus-lite) restarts
        return True

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        c = self._client
        for name in (self.units_name, self.chunks_name):
            if c.has_collection(name):
                log.warning("dropping Milvus collection %s: built for other settings", name)
                c.drop_collection(name)

        s = c.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=MAX_ID)
        s.add_field("chunk_id", DataType.VARCHAR, max_length=MAX_ID)
        s.add_field("doc_id", DataType.VARCHAR, max_length=MAX_ID)
        s.add_field("doc_hash", DataType.VARCHAR, max_length=64)
        s.add_field("text", DataType.VARCHAR, max_length=MAX_TEXT, enable_analyzer=True, analyzer_params=self.analyzer)
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        s.add_function(
            Function(
                name="bm25", function_type=FunctionType.BM25, input_field_names=["text"], output_field_names=["sparse"]
            )
        )
        idx = c.prepare_index_params()
        bm25 = {"bm25_k1": UNIT_K1, "bm25_b": UNIT_B}
        # pymilvus 3.0 sends index params as flat key-value pairs, which the server reads; milvus-lite reads only a
        # JSON `params` pair and would silently score with its defaults (k1 1.5, b 0.75): send both forms
        idx.add_index(
            field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={**bm25, "params": bm25}
        )
        self._create_one(self.units_name, s, idx)

        s = c.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("chunk_id", DataType.VARCHAR, is_primary=True, max_length=MAX_ID)
        s.add_field("doc_id", DataType.VARCHAR, max_length=MAX_ID)
        s.add_field("doc_hash", DataType.VARCHAR, max_length=64)
        s.add_field("head", DataType.BOOL)
        s.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        idx = c.prepare_index_params()
        idx.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        self._create_one(self.chunks_name, s, idx)

    def _create_one(self, name: str, schema, index_params) -> None:
        # The index is created apart and without waiting: create_collection(index_params=…) waits through
        # AllocTimestamp, which milvus-lite does not implement (it logs an error and sleeps). Indexing an empty
        # collection is immediate; load_collection makes it searchable.
        c = self._client
        c.create_collection(name, schema=schema, properties={FINGERPRINT: self.fingerprint})
        c.create_index(name, index_params, sync=False)
        c.load_collection(name)

    def stored_hashes(self) -> dict[str, str]:
        """doc id -> doc hash of every plan completely written to Milvus (the head rows)."""
        fields = ["doc_id", "doc_hash"]
        rows = self._client.query(self.chunks_name, filter="head == true", output_fields=fields, limit=QUERY_LIMIT)
        if len(rows) == QUERY_LIMIT:  # more plans than one query may return: page through them
            rows = []
            it = self._client.query_iterator(
                self.chunks_name, batch_size=1000, filter="head == true", output_fields=fields
            )
            try:
                while batch := it.next():
                    rows += batch
            finally:
                it.close()
        return {r["doc_id"]: r["doc_hash"] for r in rows}

    def count(self) -> tuple[int, int]:
        """(chunk rows, unit rows) in Milvus."""
        c = self._client
        return (
            int(c.get_collection_stats(self.chunks_name)["row_count"]),
            int(c.get_collection_stats(self.units_name)["row_count"]),
        )

    # ---- ingest ----

    def sync(
        self,
        chunks: Sequence[Chunk],
        units: Sequence[Unit],
        embed: Embed,
        tokens: Sequence[Sequence[str] | None] | None = None,
    ) -> SyncReport:
        """Make Milvus hold exactly these plans: write what changed, delete what is gone (see the module doc).

        `embed(chunks) -> (vectors, how many were embedded)`; `tokens`: each unit's BM25 tokens when the caller
        has them already (else, or where an entry is None, they are computed for the units written)."""
        fresh = not self._current()  # a collection created now holds no row: insert, no key to look up first
        if fresh:
            self._create()
        want = doc_hashes(chunks, units)
        have = self.stored_hashes()
        removed = sorted(set(have) - set(want))
        todo = [d for d in want if have.get(d) != want[d]]
        by_doc: dict[str, list[Chunk]] = defaultdict(list)
        for c in chunks:
            by_doc[c.doc_id].append(c)
        units_by_doc: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
        for i, u in enumerate(units):
            units_by_doc[u.doc_id].append((i, u))
        c = self._client
        if removed:
            expr = f"doc_id in {_quote(removed)}"
            c.delete(self.units_name, filter=expr)
            c.delete(self.chunks_name, filter=expr)
        chunk_rows = unit_rows = embedded = 0
        for start in range(0, len(todo), DOCS_PER_ROUND):
            docs = todo[start : start + DOCS_PER_ROUND]
            todo_chunks = [ch for d in docs for ch in by_doc[d]]
            vectors, n = embed(todo_chunks)
            embedded += n
            unit_rows_, heads, rest = [], [], []
            for d in docs:
                seen: dict[str, int] = defaultdict(int)
                for i, u in units_by_doc[d]:
                    known = tokens[i] if tokens is not None else None
                    text = self._unit_text(known if known is not None else jieba_tokenize(u.text))
                    row = {"id": f"{u.chunk_id}#{seen[u.chunk_id]}", "chunk_id": u.chunk_id, "doc_id": d}
                    unit_rows_.append({**row, "doc_hash": want[d], "text": text})
                    seen[u.chunk_id] += 1
            for i, (ch, v) in enumerate(zip(todo_chunks, vectors, strict=True)):
                head = i == 0 or todo_chunks[i - 1].doc_id != ch.doc_id
                row = {"chunk_id": ch.id, "doc_id": ch.doc_id, "doc_hash": want[ch.doc_id], "head": head}
                (heads if head else rest).append({**row, "vector": v.tolist()})
            self._write(self.units_name, unit_rows_, fresh)
            self._write(self.chunks_name, rest, fresh)
            # the rows of these plans' old versions, then the head rows: a plan is complete once its head is in
            if not fresh:
                stale = f"doc_id in {_quote(docs)} and doc_hash not in {_quote({want[d] for d in docs})}"
                c.delete(self.units_name, filter=stale)
                c.delete(self.chunks_name, filter=stale)
            self._write(self.chunks_name, heads, fresh)
            unit_rows += len(unit_rows_)
            chunk_rows += len(heads) + len(rest)
        report = SyncReport(
            added=tuple(d for d in todo if d not in have),
            replaced=tuple(d for d in todo if d in have),
            removed=tuple(removed),
            unchanged=len(want) - len(todo),
            chunk_rows=chunk_rows,
            unit_rows=unit_rows,
            embedded=embedded,
        )
        if report.changed:
            c.flush(self.units_name)
            c.flush(self.chunks_name)
        self.serve(want, [ch.id for ch in chunks])
        self.last_sync = report
        return report

    def _write(self, name: str, rows: list[dict], fresh: bool) -> None:
        write = self._client.insert if fresh else self._client.upsert
        for i in range(0, len(rows), BATCH):
            write(name, rows[i : i + BATCH])

    def _unit_text(self, tokens: Sequence[str]) -> str:
        """A unit's BM25 tokens as the `text` this Milvus analyses (see `analyzer_params`)."""
        return " ".join(tokens if self.server else map(lite_token, tokens))

    # ---- the build folder ----

    def serve(self, hashes: dict[str, str], chunk_ids: Collection[str]) -> None:
        """Answer for these plan versions only: hits on chunks outside `chunk_ids` are dropped (another process
        sharing the collection may have changed it since this build)."""
        self.hashes = dict(hashes)
        self._known = frozenset(chunk_ids)

    def save(self, folder: Path) -> None:
        state = {"uri": self.uri, "collection": self.collection, "fingerprint": self.fingerprint, "docs": self.hashes}
        (folder / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(
        cls,
        folder: Path,
        uri: str,
        collection: str,
        dim: int,
        embedder_id: str,
        chunk_ids: Sequence[str],
        token: SecretStr | str | None = None,
    ):
        """The store a build folder searches; IndexStale when Milvus no longer holds those plan versions."""
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        if (state["uri"], state["collection"]) != (uri, collection):
            raise IndexStale(f"index was built in Milvus {state['uri']}#{state['collection']}, not {uri}#{collection}")
        store = cls(uri, collection, dim, embedder_id, token)
        if not store._current():
            raise IndexStale(
                f"Milvus collections {collection}_units/_chunks at {uri} are missing or were built for other settings"
            )
        stored = store.stored_hashes()
        differ = sorted(d for d in set(stored) | set(state["docs"]) if stored.get(d) != state["docs"].get(d))
        if differ:
            raise IndexStale(
                f"Milvus at {uri} holds other versions of {len(differ)} plan(s) than this index: {differ[:5]}"
            )
        store.serve(state["docs"], chunk_ids)
        return store

    # ---- search ----

    def _filter(self, doc_ids: Collection[str] | None) -> str:
        return "" if doc_ids is None else f"doc_id in {_quote(doc_ids)}"

    def _keep(self, hits, k: int, scale: float = 1.0) -> list[tuple[str, float]]:
        """(chunk id, score) of the hits on chunks this build knows; BM25 distances are negative in milvus-lite."""
        out = []
        for hit in hits:
            cid = hit["entity"]["chunk_id"]
            if self._known is None or cid in self._known:
                out.append((cid, abs(float(hit["distance"])) / scale))
        return out[:k]

    def lexical(self, query: LexicalQuery, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        text = weighted_text(query.weights, lite=not self.server)
        if k <= 0 or not text or (doc_ids is not None and not doc_ids):
            return []
        res = self._client.search(
            self.units_name,
            data=[text],
            anns_field="sparse",
            limit=k,
            filter=self._filter(doc_ids),
            output_fields=["chunk_id"],
            group_by_field="chunk_id",
            search_params={"metric_type": "BM25"},
        )
        return self._keep(res[0], k, QUERY_SCALE)  # back to the scale of index.sparse's BM25

    def dense(self, vector: np.ndarray, k: int, doc_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        if k <= 0 or (doc_ids is not None and not doc_ids):
            return []
        res = self._client.search(
            self.chunks_name,
            data=[np.asarray(vector, dtype=np.float32).tolist()],
            anns_field="vector",
            limit=k,
            filter=self._filter(doc_ids),
            output_fields=["chunk_id"],
            search_params={"metric_type": "IP"},
        )
        return self._keep(res[0], k)

    def problems(self) -> list[str]:
        """Why searches may fail or differ from this build (for PlanQA.health): unreachable, or changed since."""
        try:
            stored = self.stored_hashes()
        except Exception as e:
            return [f"Milvus at {self.uri} is not reachable ({self._scrub(e)})"]
        differ = [d for d in set(stored) | set(self.hashes) if stored.get(d) != self.hashes.get(d)]
        if differ:
            return [f"Milvus at {self.uri} holds other versions of {len(differ)} plan(s) than this index: re-ingest"]
        return []

    def close(self) -> None:
        self._client.close()
