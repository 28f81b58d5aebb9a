"""The 管理 tab: staff upload plans, read the ingest report, and publish them — behind a login.

The work is done by plain functions and one `Admin` object; gradio appears only in `build_admin_tab`. Credentials
are compared in constant time; sessions live on the server; uploads are staged under
`<data dir>/uploads/staging/<batch>/` with sanitised names; the check runs the ingest pipeline on them without
indexing anything (sections, indicators, notes, and every refused file with its reason, duplicates of live plans
included); publishing moves the checked files to `<data dir>/uploads/published/` with their catalog entries, then
`PlanQA.ingest()` builds the new index next to the live one and swaps it in (the chat keeps answering from the old
index meanwhile). `Settings.corpus_inputs` includes the published folder, so published plans stay in every later
build and after a restart.

Uploaded files are only ever read as data by the ingest readers: never executed, never served back, written 0644.
`build_admin_tab(qa, settings)` wires this to gradio inside an existing gr.Blocks. While PLANQA_ADMIN_PASSWORD is
unset it creates nothing at all: no tab, no endpoint. Every write endpoint checks the session itself, so the HTTP
API (gradio_client, curl) is held to the same login as the page.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from config import Settings
from errors import PlanQAError
from ingest.catalog import doc_id_for, load_catalog
from ingest.pipeline import CATALOG, IngestLimits, content_key, ingest_paths
from ingest.readers import SUPPORTED_SUFFIXES
from planqa import PlanQA
from web.errors import BadInput

log = logging.getLogger("planqa.admin")

SESSION_S = 8 * 3600  # a working day; the session ends earlier on 退出
MAX_FAILURES = 5  # failed logins from one address …
FAILURE_WINDOW_S = 15 * 60  # … within this window lock that address out for the rest of it
STAGING_TTL_S = 24 * 3600  # staged uploads nobody published are removed after a day
MAX_NAME_CHARS = 80  # of a sanitised file name's stem
_BATCH = re.compile(r"^[0-9a-f]{32}$")
# A file name keeps letters and digits of any script (Chinese included), and . _ - （ ） ( ); anything else — path
# separators, quotes, angle brackets, spaces, control characters — becomes "_".
_NAME_UNSAFE = re.compile(r"[^\w.\-（）()]+")
_FIELDS = ("title", "short_title", "region", "aliases", "level", "period", "issuer")


# ---- credentials and sessions ----


def admin_enabled(settings: Settings) -> bool:
    return bool(settings.admin_password and settings.admin_password.get_secret_value())


def credentials_ok(settings: Settings, user: str, password: str) -> bool:
    """Both compared in constant time, both always (the time taken says nothing about which one was wrong)."""
    if not admin_enabled(settings):
        return False
    want_pw = settings.admin_password.get_secret_value().encode("utf-8")
    user_ok = hmac.compare_digest((user or "").encode("utf-8"), settings.admin_user.encode("utf-8"))
    pw_ok = hmac.compare_digest((password or "").encode("utf-8"), want_pw)
    return user_ok and pw_ok


@dataclass
class LoginThrottle:
    """After MAX_FAILURES failed logins from one address within FAILURE_WINDOW_S, that address is refused until the
    window has passed. Behind a reverse proxy every request comes from the proxy: the lock is then global, which
    still caps guessing at a few passwords per quarter hour (the proxy should rate-limit per client as well)."""

    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)

    def locked_for(self, who: str) -> float:
        """Seconds until `who` may try again (0: now)."""
        recent = self._recent(who)
        if len(recent) < MAX_FAILURES:
            return 0.0
        return max(0.0, recent[0] + FAILURE_WINDOW_S - self.clock())

    def failed(self, who: str) -> None:
        self.failures[who] = [*self._recent(who), self.clock()]

    def succeeded(self, who: str) -> None:
        self.failures.pop(who, None)

    def _recent(self, who: str) -> list[float]:
        now = self.clock()
        return [t for t in self.failures.get(who, []) if now - t < FAILURE_WINDOW_S]


# ---- upload names ----


def safe_name(name: str, allowed: Sequence[str]) -> str:
    """A file name that is safe to create under the uploads folder, or BadInput when its type is not allowed.

    `"../../etc/达州 规划<v2>.TXT"` -> `"达州_规划_v2.txt"`; `".bashrc.txt"` -> `"bashrc.txt"`;
    `"plan.txt.exe"` is refused.
    """
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in allowed or suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise BadInput(f"「{base or name}」：不接受 {shown} 文件，只接受 {'、'.join(allowed)}。")
    stem = _NAME_UNSAFE.sub("_", stem).strip("._-")[:MAX_NAME_CHARS] or "plan"
    if stem.upper() == "README":  # the corpus reader passes README.md by as documentation
        stem = "readme-plan"
    return stem + suffix


# ---- catalog fields ----


@dataclass(frozen=True, slots=True)
class PlanFields:
    """The catalog entry typed into the form; all optional (the reader infers title and region from the text)."""

    title: str = ""
    short_title: str = ""
    region: str = ""
    aliases: str = ""  # comma- or 、-separated
    level: str = ""
    period: str = ""
    issuer: str = ""

    def cleaned(self) -> PlanFields:
        return PlanFields(**{f: _field_text(getattr(self, f)) for f in _FIELDS})

    def given(self) -> bool:
        return any(getattr(self, f) for f in _FIELDS)

    def entry(self, doc_id: str) -> dict:
        """The catalog.toml entry (ingest/catalog.py's keys)."""
        out: dict = {"doc_id": doc_id, "title": self.title, "region": self.region}
        if self.short_title:
            out["short_title"] = self.short_title
        aliases = [a.strip() for a in re.split(r"[,，、;；]", self.aliases) if a.strip()]
        if aliases:
            out["aliases"] = [self.region, *(a for a in aliases if a != self.region)]
        for f in ("level", "period", "issuer"):
            if getattr(self, f):
                out[f] = getattr(self, f)
        return out


def _field_text(value: str | None) -> str:
    """One line of at most 200 characters: `"青川\x00县\n规划"` -> `"青川县 规划"`."""
    text = "".join(
        " " if ch.isspace() else ch for ch in str(value or "") if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(text.split())[:200]


def catalog_toml(entries: dict[str, dict]) -> str:
    """catalog.toml text for {file name: entry}. JSON string escapes are valid TOML basic-string escapes."""
    out = []
    for name, entry in sorted(entries.items()):
        out.append(f"[{json.dumps(name, ensure_ascii=False)}]")
        for key, value in entry.items():
            out.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)


# ---- reports ----


@dataclass(frozen=True, slots=True)
class FileReport:
    name: str
    doc_id: str
    title: str
    region: str
    sections: int
    indicators: int
    chunks: int
    notes: tuple[str, ...]
    replaces: bool = False  # a published file of the same name is updated


@dataclass(frozen=True, slots=True)
class CheckReport:
    batch: str
    ok: tuple[FileReport, ...]
    refused: tuple[tuple[str, str], ...]  # (file name, reason)


@dataclass(frozen=True, slots=True)
class PublishReport:
    published: tuple[FileReport, ...]
    refused: tuple[tuple[str, str], ...]
    documents: int  # in the live index now
    chunks: int


def report_markdown(report: CheckReport | PublishReport) -> str:
    """The report as Markdown; every name and reason is escaped (they come from uploaded files)."""
    if isinstance(report, PublishReport):
        lines = [f"**已发布 {len(report.published)} 份规划**，现在可以检索（索引共 {report.documents} 份规划、"]
        lines[0] += f"{report.chunks} 个段落）。"
        files = report.published
    else:
        lines = [f"**检查结果：可发布 {len(report.ok)} 份，不能发布 {len(report.refused)} 份。**"]
        files = report.ok
    for f in files:
        extra = "（更新已发布的同名文件）" if f.replaces else ""
        lines.append(
            f"- ✅ {_md(f.name)}{extra}：《{_md(f.title)}》，{_md(f.region)}；{f.sections} 个章节，"
            f"{f.indicators} 条指标，{f.chunks} 个段落" + "".join(f"\n  - 注意：{_md(n)}" for n in f.notes)
        )
    for name, reason in report.refused:
        lines.append(f"- ❌ {_md(name)}：{_md(reason)}")
    if isinstance(report, CheckReport) and report.ok:
        lines.append("\n确认无误后点击「发布」。")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text shown as itself in Markdown: HTML escaped, Markdown punctuation backslashed."""
    import html

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~])", r"\\\1", html.escape(str(text), quote=True))


# ---- the work ----


class Admin:
    """Sessions, staging, checking and publishing for one PlanQA instance."""

    def __init__(self, qa: PlanQA, settings: Settings, clock: Callable[[], float] = time.monotonic):
        self.qa = qa
        self.settings = settings
        self.clock = clock
        self.throttle = LoginThrottle(clock)
        self._sessions: dict[str, tuple[str, float]] = {}  # token -> (user, expires)
        self._batches: dict[str, str] = {}  # batch -> token that staged it
        self._lock = threading.Lock()  # one publish at a time (PlanQA.ingest has its own lock too)
        self.uploads = settings.data_dir / "uploads"
        self.staging = self.uploads / "staging"
        self.published = settings.published_dir

    # ---- login ----

    def login(self, user: str, password: str, who: str = "") -> str:
        """A session token, or BadInput saying why not."""
        wait = self.throttle.locked_for(who)
        if wait:
            raise BadInput(f"登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试。")
        if not credentials_ok(self.settings, user, password):
            self.throttle.failed(who)
            log.warning("admin login failed from %s", who or "?")
            raise BadInput("用户名或密码不对。")
        self.throttle.succeeded(who)
        token = secrets.token_urlsafe(32)
        self._sessions[token] = (user, self.clock() + SESSION_S)
        log.info("admin %s logged in from %s", user, who or "?")
        return token

    def logout(self, token: str) -> None:
        self._sessions.pop(token or "", None)

    def user(self, token: str) -> str:
        """The logged-in user of `token`, or BadInput: every write goes through here first."""
        found = self._sessions.get(token or "")
        if found is None or found[1] < self.clock():
            self._sessions.pop(token or "", None)
            raise BadInput("请先登录管理页。")
        return found[0]

    # ---- upload and check ----

    def stage(self, token: str, files: Sequence[str | Path], fields: PlanFields = PlanFields()) -> CheckReport:
        """Copy uploads into a new staging batch (names sanitised, type and size checked) and check them."""
        self.user(token)
        files = [Path(f) for f in files or () if f]
        if not files:
            raise BadInput("请先选择要上传的文件。")
        fields = fields.cleaned()
        if fields.given() and len(files) > 1:
            raise BadInput("目录信息（标题、地区……）描述一份规划：填写时请一次只上传一个文件。")
        if fields.given() and not (fields.title and fields.region):
            raise BadInput("填写目录信息时，标题和地区必须填写。")
        self._clean_staging()
        batch = secrets.token_hex(16)
        folder = self.staging / batch
        folder.mkdir(parents=True)
        refused: list[tuple[str, str]] = []
        names: list[str] = []
        limit = int(self.settings.upload_max_mb * 2**20)
        for f in files:
            original = f.name
            try:
                name = safe_name(original, self.settings.upload_types)
                size = f.stat().st_size
                if size > limit:
                    mb = self.settings.upload_max_mb
                    raise BadInput(f"{size / 2**20:.1f} MB，超过上传上限 {mb:g} MB（PLANQA_UPLOAD_MAX_MB）。")
                if name in names:
                    raise BadInput(f"与本次上传的另一个文件同名（{name}）。")
            except BadInput as e:
                refused.append((original, str(e)))
                continue
            except OSError as e:
                refused.append((original, f"无法读取上传的文件（{e.strerror or e}）。"))
                continue
            shutil.copyfile(f, folder / name)  # contents only: no permission bits or metadata from the upload
            os.chmod(folder / name, 0o644)
            names.append(name)
        if fields.given() and names:
            entry = fields.entry(doc_id_for(Path(names[0])))
            (folder / CATALOG).write_text(catalog_toml({names[0]: entry}), encoding="utf-8")
        self._batches[batch] = token
        report = self._check(batch, folder)
        return CheckReport(batch, report.ok, (*refused, *report.refused))

    def _check(self, batch: str, folder: Path) -> CheckReport:
        """Ingest the staged files (nothing is embedded or indexed) and hold them against the live plans."""
        limits = IngestLimits.of(self.settings)
        s = self.settings
        corpus = ingest_paths([folder], s.chunk_min_chars, s.chunk_max_chars, limits)
        refused = [(sk.path.name, _reason(sk.path.name, sk.reason)) for sk in corpus.skipped]
        live = {d.doc_id: d for d in self.qa.documents()}
        live_keys = {d: content_key(self.qa.document_text(d)) for d in live}
        replaced = {p.name for p in self.published.iterdir()} if self.published.is_dir() else set()
        ok = []
        for doc in corpus.documents:
            name = Path(doc.meta.source).name
            replaces = name in replaced
            same_file = {d for d, info in live.items() if replaces and Path(info.source).name == name}
            key = content_key(doc.cleaned)
            twin = next((d for d, k in live_keys.items() if k == key and d not in same_file), None)
            if twin:
                refused.append((name, f"与已发布的《{live[twin].title}》内容相同，不重复收录。"))
                continue
            if doc.meta.doc_id in live and doc.meta.doc_id not in same_file:
                other = live[doc.meta.doc_id].title
                refused.append((name, f"编号 {doc.meta.doc_id} 已被《{other}》使用，请换一个文件名。"))
                continue
            ok.append(
                FileReport(
                    name=name,
                    doc_id=doc.meta.doc_id,
                    title=doc.meta.title,
                    region=doc.meta.region,
                    sections=len(doc.sections),
                    indicators=len(doc.indicators),
                    chunks=len(doc.chunks),
                    notes=doc.notes,
                    replaces=replaces,
                )
            )
        return CheckReport(batch, tuple(ok), tuple(refused))

    # ---- publish ----

    def publish(self, token: str, batch: str) -> PublishReport:
        """Move the checked files of `batch` into the published folder and rebuild the index (atomic swap)."""
        user = self.user(token)
        if not batch or not _BATCH.match(batch) or self._batches.get(batch) != token:
            raise BadInput("没有待发布的文件：请先上传并检查。")
        folder = self.staging / batch
        with self._lock:
            report = self._check(batch, folder)  # again: the live index may have changed since the check
            if not report.ok:
                raise BadInput("没有可以发布的文件：" + "；".join(f"{n}：{r}" for n, r in report.refused))
            staged_catalog = load_catalog(folder / CATALOG)
            backup = self._snapshot([f.name for f in report.ok])
            try:
                self.published.mkdir(parents=True, exist_ok=True)
                catalog = load_catalog(self.published / CATALOG)
                entries = {name: _entry_of(meta) for name, meta in catalog.items()}
                for f in report.ok:
                    shutil.copyfile(folder / f.name, self.published / f.name)
                    os.chmod(self.published / f.name, 0o644)
                    entries.pop(f.name, None)
                    if f.name in staged_catalog:
                        entries[f.name] = _entry_of(staged_catalog[f.name])
                _write_atomic(self.published / CATALOG, catalog_toml(entries))
                ingest = self.qa.ingest()
            except BaseException:
                self._restore(backup)
                raise
            shutil.rmtree(folder, ignore_errors=True)
            self._batches.pop(batch, None)
        log.info("admin %s published %s", user, ", ".join(f.name for f in report.ok))
        live = {d.doc_id for d in self.qa.documents()}
        published = tuple(f for f in report.ok if f.doc_id in live)
        lost = [(f.name, "发布时未能收录，见服务器日志。") for f in report.ok if f.doc_id not in live]
        return PublishReport(published, (*report.refused, *lost), ingest.documents, ingest.chunks)

    def _snapshot(self, names: Sequence[str]) -> dict[str, bytes | None]:
        """The published files a publish may overwrite (None: did not exist), to put back if it fails."""
        out: dict[str, bytes | None] = {}
        for name in [*names, CATALOG]:
            path = self.published / name
            out[name] = path.read_bytes() if path.is_file() else None
        return out

    def _restore(self, backup: dict[str, bytes | None]) -> None:
        for name, data in backup.items():
            path = self.published / name
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        if self.published.is_dir() and not any(self.published.iterdir()):
            self.published.rmdir()  # no published plans: the corpus inputs are as they were

    def _clean_staging(self) -> None:
        if not self.staging.is_dir():
            return
        cutoff = time.time() - STAGING_TTL_S
        for old in self.staging.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)


def _reason(name: str, reason: str) -> str:
    """The pipeline's reason without the file name it starts with (the report shows the name already)."""
    return reason.removeprefix(f"{name}: ")


def _entry_of(meta) -> dict:
    out = {"doc_id": meta.doc_id, "title": meta.title, "region": meta.region, "short_title": meta.short_title}
    if meta.aliases:
        out["aliases"] = list(meta.aliases)
    for f in ("level", "province", "period", "issuer"):
        if getattr(meta, f):
            out[f] = getattr(meta, f)
    return out


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---- gradio ----


def build_admin_tab(qa: PlanQA, settings: Settings):
    """The 管理 tab, created inside the enclosing gr.Blocks (and gr.Tabs); None, and nothing created, while no
    admin password is set. Endpoints: /admin_login, /admin_check, /admin_publish, /admin_logout."""
    if not admin_enabled(settings):
        return None
    from web.errors import translated

    admin = Admin(qa, settings)
    types = "、".join(settings.upload_types)

    with gr.Tab("管理", id="admin") as tab:
        token = gr.State("")
        batch = gr.State("")
        with gr.Column(visible=True) as login_box:
            gr.Markdown("### 管理员登录\n登录后可以上传新的规划文件、查看检查结果并发布。")
            user = gr.Textbox(label="用户名", max_length=200)
            password = gr.Textbox(label="密码", type="password", max_length=200)
            login_btn = gr.Button("登录", variant="primary")
        with gr.Column(visible=False) as work_box:
            gr.Markdown(
                f"### 上传规划\n接受 {types}，每个文件不超过 {settings.upload_max_mb:g} MB。"
                "目录信息可不填（从正文首行识别标题和地区）；填写时一次上传一个文件。"
            )
            files = gr.File(label="规划文件", file_count="multiple", file_types=list(settings.upload_types))
            with gr.Row():
                title = gr.Textbox(label="标题", max_length=200)
                short_title = gr.Textbox(label="简称", max_length=200)
                region = gr.Textbox(label="地区", max_length=200)
            with gr.Row():
                aliases = gr.Textbox(label="地区别名（逗号分隔）", max_length=200)
                level = gr.Textbox(label="层级（市、区县……）", max_length=200)
                period = gr.Textbox(label="规划期（如 2021-2025）", max_length=200)
                issuer = gr.Textbox(label="发文机关", max_length=200)
            check_btn = gr.Button("上传并检查")
            report = gr.Markdown()
            publish_btn = gr.Button("发布", variant="primary")
            result = gr.Markdown()
            logout_btn = gr.Button("退出", size="sm")

        @translated
        def on_login(u: str, p: str, request: gr.Request):
            who = request.client.host if request is not None and request.client else ""
            t = admin.login(u, p, who)
            return t, gr.update(visible=False), gr.update(visible=True), ""

        @translated
        def on_check(t: str, uploads, *values):
            paths = [getattr(u, "name", u) for u in (uploads or [])]
            checked = admin.stage(t, paths, PlanFields(*values))
            return checked.batch if checked.ok else "", report_markdown(checked)

        @translated
        def on_publish(t: str, b: str):
            try:
                done = admin.publish(t, b)
            except BadInput:
                raise
            except PlanQAError as e:  # a build that failed (disk full …): staff need the reason, not a generic line
                raise BadInput(f"发布失败，现有索引没有改变，已上传的文件可以再次发布。原因：{e}") from e
            return "", report_markdown(done)

        def on_logout(t: str):
            admin.logout(t)
            return "", "", gr.update(visible=True), gr.update(visible=False)

        field_inputs = [title, short_title, region, aliases, level, period, issuer]
        login_btn.click(on_login, [user, password], [token, login_box, work_box, password], api_name="admin_login")
        check_btn.click(on_check, [token, files, *field_inputs], [batch, report], api_name="admin_check")
        publish_btn.click(on_publish, [token, batch], [batch, result], api_name="admin_publish")
        logout_btn.click(on_logout, [token], [token, batch, login_box, work_box], api_name="admin_logout")
    return tab


def launch_kwargs(settings: Settings) -> dict:
    """What `launch()` needs: the server refuses larger uploads before they reach any handler. (gradio's upload route
    accepts files into its own temp cache for every page; nothing reaches the data dir without a login.)"""
    return {"max_file_size": f"{settings.upload_max_mb:g}mb"}
