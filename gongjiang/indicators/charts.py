"""Data for the home page's ECharts (served as JSON in the page; no internet, ECharts vendored)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def home_chart(rows: list, values: list, usage: list) -> dict:
    """Completion against the share of the year gone by, per target; new certificates by grade;
    honour and designation quotas used."""
    targets = [{"name": f"{row.indicator.label}（{row.target.year}）",
                "completion": _float(min(row.completion, 2) * 100) if row.completion is not None else None,
                "expected": _float(min(row.expected / row.target_value, 2) * 100)
                if row.expected is not None and row.target_value else None,
                "link": row.link} for row in rows]
    by_code = {v.code: v for v in values}
    certificates = by_code.get("new_certificates")
    return {
        "targets": targets,
        "labels": {"completion": _("完成率"), "expected": _("按进度应达"), "quota": _("名额"), "used": _("已授予与公示中")},
        "grades": [{"name": name, "value": n} for name, n in (certificates.breakdown if certificates else [])],
        "quotas": [{"name": u["programme"].title, "quota": u["programme"].quota,
                    "used": u["awarded"] + u["in_notice"]} for u in usage],
    }
