"""The one place where errors become what a reader sees: a short Chinese message in `gr.Error`, never a stack
trace. Every gradio handler in web/app.py is wrapped by `translated`; the trace goes to the server log.

gradio is imported only when an error is raised, so the pure modules (chat, plans, indicators) can raise
`BadInput` without importing it.
"""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable

from errors import IndexMissing, IndexStale, InvalidProfile, InvalidQuestion, ModelUnavailable, PlanQAError

log = logging.getLogger("planqa.web")


class BadInput(PlanQAError):
    """A request the reader can fix; the message is already Chinese and is shown as it is."""


def user_message(exc: BaseException) -> str:
    """The Chinese message for an error (the English text of domain errors is for logs and the CLI)."""
    from planqa import NotFound

    if isinstance(exc, BadInput):
        return str(exc)
    if isinstance(exc, NotFound):
        return "没有找到这份规划或这一章节，请在「规划」页的目录中重新选择。"
    if isinstance(exc, IndexMissing | IndexStale):
        return "规划索引尚未建好或已过期，请管理员运行 python app.py ingest 后再试。"
    if isinstance(exc, InvalidQuestion):  # the question guard's messages are Chinese and say what to change
        return str(exc)
    if isinstance(exc, InvalidProfile):
        return "企业信息有误，请检查所填内容（研发投入占比填百分数，例如 3 表示 3%）。"
    if isinstance(exc, ModelUnavailable):
        return "回答模型暂时不可用，请稍后再试；如果一直这样，请联系管理员。"
    if isinstance(exc, PlanQAError):
        return "这个请求无法完成，请换个问法或稍后再试。"
    return "出错了，请稍后再试。"


def _raise_for(exc: BaseException, where: str) -> None:
    import gradio as gr

    if isinstance(exc, gr.Error):
        raise exc
    ref = uuid.uuid4().hex[:8]
    if isinstance(exc, PlanQAError):
        log.warning("%s [%s]: %s", where, ref, exc)
    else:
        log.exception("%s [%s] failed", where, ref, exc_info=exc)
    message = user_message(exc)
    if not isinstance(exc, BadInput | PlanQAError):
        message += f"如果一直出现，请把编号 {ref} 告诉管理员。"
    raise gr.Error(message, title="出错了", print_exception=False) from None


def translated(fn: Callable) -> Callable:
    """Wrap a gradio handler (function or generator) so that any error reaches the reader as a Chinese gr.Error.
    The signature is kept (gradio reads it to inject gr.Request and to count inputs)."""
    where = getattr(fn, "__name__", "handler")
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as e:
                _raise_for(e, where)

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            _raise_for(e, where)

    return wrapper
