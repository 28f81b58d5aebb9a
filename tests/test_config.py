"""Every setting has a description and is documented in the README under its environment variable."""

from __future__ import annotations

from pathlib import Path

from config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_described_and_documented():
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert f"`PLANQA_{name.upper()}`" in README, name


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANQA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PLANQA_ALPHA", "0.5")
    s = Settings()
    assert s.data_dir == tmp_path
    assert s.alpha == 0.5
    assert s.index_dir == tmp_path / "index"


def test_the_milvus_token_is_a_secret(monkeypatch):
    monkeypatch.setenv("PLANQA_MILVUS_TOKEN", "planqa_user:s3cret")
    s = Settings()
    assert s.milvus_token is not None and s.milvus_token.get_secret_value() == "planqa_user:s3cret"
    assert "s3cret" not in repr(s) and "s3cret" not in s.model_dump_json()
    monkeypatch.delenv("PLANQA_MILVUS_TOKEN")
    assert Settings().milvus_token is None
