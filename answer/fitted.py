"""Model files fitted offline for one embedder (answer/adapter.py, answer/topic.py): named numpy arrays and a JSON
record of how they were fitted, which names the embedder; written through a temporary file and replaced atomically.
A missing or unreadable file is a ModelUnavailable that names the file, how to refit it and how to switch it off."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from errors import ModelUnavailable

log = logging.getLogger(__name__)


def save_fitted(path: Path, arrays: dict[str, np.ndarray], embedder_id: str, meta: dict) -> None:
    record = json.dumps({**meta, "embedder_id": embedder_id}, ensure_ascii=False, sort_keys=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays, meta=np.array(record))
    tmp.replace(path)


def load_fitted(
    path: Path, names: tuple[str, ...], what: str, refit: str, switch: str
) -> tuple[dict[str, np.ndarray], str, dict]:
    """The arrays `names` of the file at `path`, the embedder id and the rest of its metadata. `what` names the
    model in errors, `refit` is the command that fits it again, `switch` the setting that turns it off."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in names}
            meta = json.loads(str(f["meta"]))
    except FileNotFoundError:
        raise ModelUnavailable(f"The {what} {path} is missing; reinstall, or set {switch}=false.") from None
    except (OSError, KeyError, ValueError) as e:
        raise ModelUnavailable(
            f"The {what} {path} cannot be read ({e}); refit it with `{refit}`, or set {switch}=false."
        ) from e
    return arrays, meta.pop("embedder_id", ""), meta


def serves(what: str, fitted_for: str, embedder_id: str) -> bool:
    """Whether a model fitted on `fitted_for`'s vectors serves `embedder_id` (the same id: model, quantisation,
    version); another embedder's vectors live in another space."""
    if fitted_for != embedder_id:
        log.info("%s fitted for %s, not %s: not used", what, fitted_for, embedder_id)
        return False
    return True
