"""What every operation of the JSON API (/api/v1/) shares: the one error body, the statuses an
operation declares with it, bounded ids and pages, and Chinese messages for malformed requests
(issue 18 §7, ADR 0016).

Each app's `api.py` declares its operations as `response={200: Out, **errors(401, 404, 422)}` so
/api/v1/openapi.json lists every status an operation returns; `tests/test_api_contract.py` fuzzes
the document with schemathesis and fails on any status or body it does not declare."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# Ids are BigAutoField (signed 64-bit); a larger number in a path or query is malformed (422),
# never a database overflow (500).
MAX_ID = 2**63 - 1
# Pages: at most this many rows per request, whatever the operation.
MAX_LIMIT = 500
# An offset past this is refused rather than asking the database to skip millions of rows.
MAX_OFFSET = 1_000_000

RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="记录编号（正整数）")]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    # pydantic's lax mode reads 0 or "0" as 1970-01-01; the document promises an ISO date.
    if isinstance(value, date):
        return value
    if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        raise PydanticCustomError("date_parsing", "Input should be a date in the form YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]

# No NUL character: PostgreSQL cannot store or compare one (it would be a 500, not a refusal).
NO_NUL = r"^[^\x00]*$"


def text(max_length: int = 200, description: str | None = None, *, min_length: int | None = None,
         title: str | None = None) -> Any:
    """A free-text parameter or body field: at most `max_length` characters (the column's length,
    so PostgreSQL never sees a longer value) and no NUL character."""
    return Annotated[str, Field(max_length=max_length, min_length=min_length, pattern=NO_NUL, description=description,
                                title=title)]


def text_query(max_length: int = 200, description: str | None = None, default: str | None = "",
               title: str | None = None) -> Any:
    """The same bounds for an optional query parameter (`q: str = text_query()`); `title` is the
    Chinese label that 422 messages name."""
    return Query(default, max_length=max_length, pattern=NO_NUL, description=description, title=title)


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(description="出错的位置，例如 [\"query\", \"limit\"]")
    msg: str = Field(description="中文说明")
    type: str = Field(description="错误类型（供程序判断）")


class ErrorOut(Schema):
    """The one error body of the API: `detail` in Chinese says what is wrong and how to fix it."""

    detail: str = Field(description="错误说明（中文）")
    code: str | None = Field(None, description="业务规则拒绝时的错误代码")
    field: str | None = Field(None, description="业务规则拒绝时出错的字段")
    errors: list[ErrorItemOut] | None = Field(None, description="格式错误（422）时逐项列出")


_DESCRIPTIONS = {
    400: "业务规则不允许（例如身份证号校验位不对、该年度数据尚未汇总），或请求正文不是有效的 JSON",
    401: "未登录或会话已过期",
    403: "无权进行此操作，或缺少 CSRF 令牌（修改类请求需带 X-CSRFToken 请求头）",
    404: "记录不存在，或不在您的权限范围内",
    409: "与已有记录冲突",
    422: "请求参数或正文格式不符合接口说明",
}


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation returns, each with the shared body, for `response={...}`."""
    unknown = set(codes) - set(_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"no description for HTTP status {sorted(unknown)}")
    return dict.fromkeys(codes, ErrorOut)


def error_descriptions() -> dict[int, str]:
    return dict(_DESCRIPTIONS)


def _choices(ctx: dict[str, Any]) -> str:
    # pydantic says "'a', 'b' or 'c'"; a Chinese list reads "'a'、'b'、'c'"
    return str(ctx.get("expected", "")).replace(" or ", ", ").replace(", ", "、")


# Chinese for the pydantic error types a request can produce (R9: messages a clerk understands).
def _message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": _("必须填写"),
        "greater_than_equal": _("应不小于 %(v)s") % {"v": ctx.get("ge")},
        "greater_than": _("应大于 %(v)s") % {"v": ctx.get("gt")},
        "less_than_equal": _("应不大于 %(v)s") % {"v": ctx.get("le")},
        "less_than": _("应小于 %(v)s") % {"v": ctx.get("lt")},
        "int_parsing": _("应为整数"),
        "int_type": _("应为整数"),
        "int_from_float": _("应为整数，不能带小数"),
        "float_parsing": _("应为数字"),
        "float_type": _("应为数字"),
        "decimal_parsing": _("应为数字"),
        "bool_parsing": _("应为 true 或 false"),
        "bool_type": _("应为 true 或 false"),
        "string_type": _("应为文字"),
        "string_too_short": _("至少 %(v)s 个字符") % {"v": ctx.get("min_length")},
        "string_too_long": _("最多 %(v)s 个字符") % {"v": ctx.get("max_length")},
        "string_pattern_mismatch": _("格式不正确"),
        "date_parsing": _("应为日期，格式如 2025-07-01"),
        "date_from_datetime_parsing": _("应为日期，格式如 2025-07-01"),
        "date_type": _("应为日期，格式如 2025-07-01"),
        "literal_error": _("只能是以下之一：%(v)s") % {"v": _choices(ctx)},
        "enum": _("只能是以下之一：%(v)s") % {"v": _choices(ctx)},
        "model_type": _("应为一个 JSON 对象"),
        "model_attributes_type": _("应为一个 JSON 对象"),
        "dict_type": _("应为一个 JSON 对象"),
        "list_type": _("应为列表"),
        "too_short": _("项数太少"),
        "too_long": _("项数太多"),
        "extra_forbidden": _("不认识这个参数"),
        "value_error": _("取值不正确"),
    }
    return messages.get(kind, _("取值不正确"))


def field_title(models: list[Any], loc: tuple | list) -> str | None:
    """The `title` (the Chinese label) of the parameter or body field at `loc`
    (e.g. ("query", "subsidy_ends") or ("body", "payload", "name")), if one of `models` declares it."""
    for model in models:
        title, current = None, model
        for part in loc[1:]:
            fields = getattr(current, "model_fields", None)
            if not isinstance(part, str) or not fields or part not in fields:
                break
            info = fields[part]
            title = info.title or title
            current = info.annotation
        if title:
            return title
    return None


def validation_errors_in_chinese(errors_: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """(summary, items) for a 422 body: each item keeps `loc` and `type` and says in Chinese what is
    wrong; the summary names the first few fields with their label where the operation gives one,
    e.g. "岗位补贴到期年份（subsidy_ends）：应不小于 2000"."""
    items = []
    for error in errors_:
        loc = [part for part in error.get("loc", ()) if isinstance(part, str | int)]
        items.append({"loc": loc, "msg": _message(error), "type": str(error.get("type", "value_error")),
                      "label": error.get("label")})
    parts = []
    for item in items[:3]:
        where = ".".join(str(p) for p in item["loc"][1:]) or _("请求")
        label = item.pop("label")
        parts.append(f"{label}（{where}）：{item['msg']}" if label else f"{where}：{item['msg']}")
    for item in items[3:]:
        item.pop("label")
    more = _("等 %(n)s 处") % {"n": len(items)} if len(items) > 3 else ""
    summary = _("提交的数据格式不正确（%(parts)s%(more)s），请按接口说明修改后重试") % {
        "parts": "；".join(parts), "more": more}
    return summary, items
