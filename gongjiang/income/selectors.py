"""Reads of income monitoring (R7.2–R7.4). Only aggregates leave this module — never one person's
pay — and only to the statistics office (bureau roles for now, `services.require_statistics_office`)."""

from __future__ import annotations

import math
import threading
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from gongjiang.core.errors import DomainError
from gongjiang.income import analysis, disclosure, distribution, evaluation, protection, rounding
from gongjiang.income.services import grade_label, require_statistics_office
from gongjiang.income.store import LAYOUT_VERSION, Snapshot, snapshot_load, snapshot_path, snapshot_years
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.registry.models import Enterprise

CONVENTIONS = ("shanghai", "zhejiang")
ENGINES = ("numpy", "spark")


def income_years(*, actor: Any) -> list[int]:
    """Years with a built snapshot, newest first."""
    require_statistics_office(actor)
    return sorted(snapshot_years(), reverse=True)


def _snapshot(year: int) -> Snapshot:
    snap = snapshot_load(year)
    if snap is None:
        raise DomainError(_("%(y)s 年的收入数据尚未汇总。请先导入收入记录，再运行 gongjiang wages build --year %(y)s。")
                          % {"y": year}, field="year")
    if snap.layout < LAYOUT_VERSION:  # built before the annual-pay rule and the pay-share columns
        raise DomainError(_("%(y)s 年的收入汇总是旧版本生成的，请重新运行 gongjiang wages build --year %(y)s。")
                          % {"y": year}, field="year")
    return snap


def _yuan(fen: float, *, per: int = 1, quantile: bool = False) -> Decimal | None:
    """Whole yuan, half up, from the exact figure (issue 11 §4, `rounding.py`)."""
    return rounding.yuan_from_fen(fen, per=per, quantile=quantile)


def _names(model, codes) -> dict[str, str]:
    codes = {c for c in codes if c}
    return dict(model.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def _spark_wage_table(year: int, source: str | None, **filters) -> analysis.CellTable:
    """The table computed by Spark (issue 18 §5, ADR 0015) from `source` (default: the year's
    snapshot file here); the caller has started the Spark session (`spark.session`)."""
    from pyspark.errors import AnalysisException

    from gongjiang.income import spark

    if source is None:
        source = str(snapshot_path(year))
        _snapshot(year)  # a year not yet built: the same message as the default engine
    try:
        return spark.wage_table(source, **filters)
    except AnalysisException as exc:
        if "PATH_NOT_FOUND" not in str(exc.getCondition() or ""):
            raise
        raise DomainError(_("Spark 在 %(src)s 找不到 %(y)s 年的收入快照。请先运行 gongjiang wages build --year %(y)s，"
                            "再把快照文件放到 Spark 各节点都能读到的位置（共享目录、HDFS 或对象存储），"
                            "并用 --source 指明。") % {"src": source, "y": year}, field="source") from exc


def _published_by(by: str | None, *, district: str, industry: str) -> str | None:
    """The published table a filter selects from (issue 11 §2): a district filter selects rows of the
    by-district table, an industry filter rows of the by-industry table; their cross is not published."""
    if district and industry:
        raise DomainError(_("区县和行业不能同时筛选：工资价位分区县或分行业发布，不发布区县与行业交叉的数据。"),
                          field="industry")
    if (district and by == "industry") or (industry and by == "district"):
        raise DomainError(_("按区县筛选时只能分区县显示，按行业筛选时只能分行业显示（不发布区县与行业交叉的数据）。"),
                          field="by")
    return "district" if district else "industry" if industry else by


def _protected_table(year: int, *, by: str | None, level: int | None, engine: str,
                     source: str | None) -> analysis.CellTable:
    """The table (level, by) of the year's published family, protected together with every other
    table of the year (`protection.py`)."""
    if engine == "spark":
        from gongjiang.income import spark

        tables = protection.family_compute(lambda **kw: _spark_wage_table(year, source, **kw))
        base = spark.base_cells(source or str(snapshot_path(year)))
        return protection.protect(tables, base)[(level, by)]
    return protection.protected_table(_snapshot(year), snapshot_path(year), level=level, by=by)


def _rows_select(table: analysis.CellTable, *, occupation_prefix: str, district: str,
                 industry: str) -> analysis.CellTable:
    """Rows of a published table: the occupation's subtree and its ancestors' lines, one group."""
    keep = np.ones(len(table), dtype=bool)
    if occupation_prefix:  # decided once per distinct code, not per row
        prefix = occupation_prefix
        inverse, codes = _factorized(table, "occupation")
        match = np.asarray([c == prefix or c.startswith(prefix + "-") or (c != "" and prefix.startswith(c + "-"))
                            for c in codes], dtype=bool)
        keep &= match[inverse] if len(inverse) else keep
    group = district or industry
    if group:
        inverse, codes = _factorized(table, "group")
        keep &= (inverse == (codes.index(group) if group in codes else -2)) & ~table.is_total
    if keep.all():
        return table
    return analysis.CellTable(**{name: (value[keep] if isinstance(value, np.ndarray) else value)
                                 for name, value in table.__dict__.items() if name != "extra"})


def _factorized(table: analysis.CellTable, column: str) -> tuple[np.ndarray, list[str]]:
    """Codes of a column as (index per row, distinct codes), kept with the (cached) table."""
    key = f"factorized_{column}"
    if key not in table.extra:
        inverse, codes = pd.factorize(getattr(table, column))
        table.extra[key] = (inverse, [str(c) for c in codes])
    return table.extra[key]


def wage_levels(*, actor: Any, year: int, by: str | None = None, level: int | None = None,
                occupation_prefix: str = "", district: str = "", industry: str = "", engine: str = "numpy",
                source: str | None = None) -> list[dict]:
    """The wage price level table (工资价位, `001` (十三), `004` 十二) of `year`: one row per cell with
    P10–P90 and the mean of annual pay incl. overtime (Shanghai), the Zhejiang tails (monthly, excl.
    overtime), the disclosure status; hidden cells carry no figures. Refuses non-statistics actors,
    an unknown `by` and a year not yet built.

    `engine="spark"` computes the same table on Spark (issue 18 §5) from `source` (a path or URL
    of the snapshot; default the year's file here), in the session the caller started."""
    require_statistics_office(actor)
    return _wage_rows(year=year, by=by, level=level, occupation_prefix=occupation_prefix, district=district,
                      industry=industry, engine=engine, source=source)


def _wage_rows(*, year: int, by: str | None, level: int | None, occupation_prefix: str, district: str,
               industry: str, engine: str = "numpy", source: str | None = None) -> list[dict]:
    """The rows of one published table (no one's pay, hidden cells without figures); callers check who asks."""
    if by not in (None, "", *analysis.BY_CHOICES):
        raise DomainError(_("分组只能是 district（区县）或 industry（行业）。"), field="by")
    if level is not None and level not in (1, 2, 3, 4):
        raise DomainError(_("职业层级应为1（大类）到4（职业）。"), field="level")
    if engine not in ENGINES:
        raise DomainError(_("计算方式只能是 numpy（本机，默认）或 spark（集群）。"), field="engine")
    by = _published_by(by or None, district=district, industry=industry)
    full = _protected_table(year, by=by, level=level, engine=engine, source=source)
    table = _rows_select(full, occupation_prefix=occupation_prefix, district=district, industry=industry)
    occupation_names = _names(Occupation, table.occupation)
    group_model = Industry if by == "industry" else Division
    group_names = _names(group_model, table.group)
    rows = []
    for i in range(len(table)):
        code = str(table.status[i])
        hidden = disclosure.is_hidden(code)
        q = table.quantiles[i]

        def fig(v, hidden=hidden, per=1, quantile=False):
            return None if hidden else _yuan(v, per=per, quantile=quantile)

        admin_mean = table.sums is not None and math.isnan(table.rse[i]) and table.count[i] > 0

        def mean(per=1, hidden=hidden, i=i, admin_mean=admin_mean):
            if hidden:
                return None
            if admin_mean:  # sum ÷ count of integer fen: exact
                return rounding.yuan_mean_from_sums(int(table.sums[i]), int(table.count[i]), per=per)
            return _yuan(table.mean[i], per=per)

        row = {
            "occupation": table.occupation[i], "occupation_name": occupation_names.get(table.occupation[i],
                                                                                        table.occupation[i] or _("未填职业")),
            "grade": int(table.grade[i]),
            "grade_label": _("全部等级") if (table.is_total[i] and not by) else grade_label(int(table.grade[i])),
            "group": table.group[i],
            "group_name": (_("合计") if table.is_total[i] and by else group_names.get(table.group[i], table.group[i])),
            "is_total": bool(table.is_total[i]),
            "status": code, "status_label": disclosure.STATUS_LABELS[code],
            "p10": fig(q[0], quantile=True), "p25": fig(q[1], quantile=True), "p50": fig(q[2], quantile=True),
            "p75": fig(q[3], quantile=True), "p90": fig(q[4], quantile=True),
            "mean": mean(),
            "zj_low": fig(table.zj_low[i]), "zj_high": fig(table.zj_high[i]),
            "rse": None if hidden or math.isnan(table.rse[i]) else round(float(table.rse[i]), 3),
        }
        # monthly figures from the exact annual value, not from the rounded one
        row["p10_month"], row["p50_month"], row["p90_month"] = (fig(q[j], per=12, quantile=True) for j in (0, 2, 4))
        row["mean_month"] = mean(per=12)
        rows.append(row)
    rows.sort(key=lambda r: (r["occupation"], 0 if (r["is_total"] and not by) else 1, r["grade"], r["is_total"],
                             r["group"]))
    return rows


def wage_levels_published_years() -> list[int]:
    """Years whose wage price levels are published (a snapshot built and protected), newest first.
    Public: the published table is public information (R7.2, R9.2)."""
    return sorted(snapshot_years(), reverse=True)


def wage_levels_published(*, year: int, district: str = "", occupation_prefix: str = "",
                          level: int | None = None) -> dict:
    """The published wage price level table of `year` for anyone (the public portal, ADR 0026): the
    city-wide table, or the by-district table's rows of `district`, protected with the year's whole
    family exactly as the statistics office sees it; hidden cells carry no figures and no head
    counts are shown. Cached per published edition (the snapshot file's mtime and size).
    Returns {"rows", "notes", "stamp"}; refuses a year not built and a bad level."""
    from gongjiang.core.public_cache import published_cached

    if year not in snapshot_years():
        raise DomainError(_("%(y)s 年的工资价位尚未发布。") % {"y": year}, field="year")
    if level is not None and level not in (1, 2, 3, 4):
        raise DomainError(_("职业层级应为1（大类）到4（职业）。"), field="level")
    path = snapshot_path(year)
    protected = protection.protection_path(path)
    stamp = (year, path.stat().st_mtime_ns, path.stat().st_size,
             protected.stat().st_mtime_ns if protected.exists() else 0, district, occupation_prefix, level)

    def build() -> dict:
        rows = _wage_rows(year=year, by="district" if district else None, level=level,
                          occupation_prefix=occupation_prefix, district=district, industry="")
        public = ("occupation", "occupation_name", "grade_label", "group_name", "is_total", "status_label",
                  "p10", "p50", "p90", "mean", "p50_month", "zj_high", "zj_low")
        snap = snapshot_load(year)
        from gongjiang.income.publication import notes

        return {"rows": [{k: (str(r[k]) if k.endswith(("_name", "_label")) else r[k]) for k in public} for r in rows],
                "notes": [str(n) for n in notes(dict(snap.annual_rule) if snap else None)]}

    return published_cached("income.wage_levels", stamp, build)


def wage_levels_published_districts(*, year: int) -> list[dict]:
    """The districts the by-district table of `year` has rows for: [{"code", "name"}]."""
    snap = snapshot_load(year)
    codes = [c for c in (snap.district_codes if snap else []) if c]
    names = _names(Division, codes)
    return [{"code": c, "name": names.get(c, c)} for c in sorted(codes)]


def wage_levels_annual_rule(*, actor: Any, year: int) -> dict:
    """Who counts in the year's annual figures, as the snapshot was built (for the published notes)."""
    require_statistics_office(actor)
    snap = snapshot_load(year)
    return dict(snap.annual_rule) if snap is not None else {}


def income_distribution(*, actor: Any, year: int, population: str = "all", by: str | None = None) -> list[dict]:
    """Distribution of annual pay (R7.3): middle-income share, Gini, deciles, histogram and growth."""
    require_statistics_office(actor)
    if population not in distribution.POPULATIONS:
        raise DomainError(_("人群只能是 all、skilled 或 high_skilled。"), field="population")
    previous = snapshot_load(year - 1)
    rows = distribution.distribution(_snapshot(year), population=population, by=by or None, previous=previous)
    names = _names(Industry if by == "industry" else Division, [r["group"] for r in rows])
    for row in rows:
        row["group_name"] = names.get(row["group"], row["group"]) if row["group"] else _("全部")
    return rows


def soe_pay_gap_list(*, actor: Any, year: int) -> list[dict]:
    """State-owned enterprises where high-skilled average pay grew slower than managers' pay from
    `year`−1 to `year` (`001` (十三)). Growth rates only; no pay level is shown."""
    require_statistics_office(actor)
    previous = snapshot_load(year - 1)
    if previous is None:
        return []
    rows = distribution.soe_pay_gap(_snapshot(year), previous)
    names = dict(Enterprise.objects.filter(pk__in=[r["enterprise_id"] for r in rows]).values_list("pk", "name"))
    for row in rows:
        row["enterprise_name"] = names.get(row["enterprise_id"], "")
    return rows


def soe_pay_gap_summary(*, actor: Any, year: int) -> dict:
    """The SOE comparison of `year` with what the page must say when the list is empty: whether
    `year`−1 was built (`has_previous`) and how many enterprises had high-skilled workers and
    managers in both years (`compared`); `rows` as `soe_pay_gap_list`."""
    require_statistics_office(actor)
    previous = snapshot_load(year - 1)
    if previous is None:
        return {"has_previous": False, "compared": 0, "rows": []}
    compared = len(distribution.soe_growth(_snapshot(year), previous))
    return {"has_previous": True, "compared": compared, "rows": soe_pay_gap_list(actor=actor, year=year)}


#: Fewer workers than this in either group and no growth rate is given: one person's pay change
#: would show through (ADR 0024; the same spirit as the wage tables' small-cell rule).
PAY_GROWTH_MIN_GROUP = 3


def enterprise_pay_growth(*, actor: Any, enterprise_id: int, year: int | None = None) -> dict | None:
    """R6.5 for one enterprise (`001` (十三), `004` 十二: 高技能人才人均收入增幅不低于管理人员): the
    growth of high-skilled workers' and managers' average pay from the latest built year (or
    `year`) over the year before, as rates only, and whether the first is not slower. None when
    no two consecutive years are built; `{"too_few": True, ...}` when a group has fewer than
    `PAY_GROWTH_MIN_GROUP` workers. `actor` None: a system computation (a designation's indicators)."""
    require_statistics_office(actor)
    years = sorted(snapshot_years(), reverse=True)
    for now in ([year] if year else years):
        previous = snapshot_load(now - 1) if now in years else None
        if previous is None:
            continue
        found = distribution.enterprise_pay_growth(_snapshot(now), previous, enterprise_id)
        if found is None:
            return {"year": now, "missing": True}
        if min(found["high_skilled_n"], found["manager_n"]) < PAY_GROWTH_MIN_GROUP:
            return {"year": now, "too_few": True}
        return {"year": now, "high_skilled_growth": round(found["high_skilled_growth"], 4),
                "manager_growth": round(found["manager_growth"], 4),
                "not_slower": found["high_skilled_growth"] >= found["manager_growth"]}
    return None


def income_panel(years: list[int]) -> pd.DataFrame:
    """Worker-year panel across snapshots (internal: for the evaluation, never shown)."""
    frames = []
    for year in years:
        snap = snapshot_load(year)
        if snap is None:
            continue
        cols = snap.columns
        frames.append(pd.DataFrame({
            "worker": cols["worker"], "year": year, "pay": cols["pay"] / 100.0, "grade": cols["grade"],
            "occupation": np.asarray(snap.occupation_codes, dtype=object)[cols["occ_idx"]],
            "district": np.asarray(snap.district_codes, dtype=object)[cols["district_idx"]],
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def policy_effect(*, actor: Any, incentive: str = "grade_upgrade", occupation_prefix: str = "",
                  district: str = "", treated_years: dict[int, int] | None = None) -> evaluation.EventStudy | None:
    """Effect of an incentive on recipients' pay by stacked DiD event study (R7.4, `000` 三(四)3).

    `incentive="grade_upgrade"`: the first year a worker's grade rose. `incentive="recipients"`:
    the caller gives `treated_years` (worker id → first year received), e.g. the first payment
    year of the post subsidy from the incentives ledger. Returns None without comparable
    recipients and non-recipients; refuses any other incentive."""
    require_statistics_office(actor)
    if incentive not in ("grade_upgrade", "recipients") or (incentive == "recipients" and not treated_years):
        raise DomainError(_("目前可评估的激励措施：grade_upgrade（技能等级晋升），或给出受益人及首次受益年度的 recipients。"),
                          field="incentive")
    years = snapshot_years()
    key = (tuple((str(snapshot_path(y)), snapshot_path(y).stat().st_mtime_ns) for y in years), incentive, occupation_prefix, district,
           tuple(sorted((treated_years or {}).items())))
    with _EFFECT_LOCK:
        if key in _EFFECTS:
            return _EFFECTS[key]
    result = _policy_effect_compute(years, incentive=incentive, occupation_prefix=occupation_prefix,
                                    district=district, treated_years=treated_years)
    with _EFFECT_LOCK:
        while len(_EFFECTS) >= 32:
            _EFFECTS.pop(next(iter(_EFFECTS)))
        _EFFECTS[key] = result
    return result


# The event study takes about a second (two PanelOLS fits): kept per process for the same snapshot
# files and arguments (issue 10 item 20), dropped when a snapshot is rebuilt (its mtime changes).
_EFFECTS: dict[tuple, evaluation.EventStudy | None] = {}
_EFFECT_LOCK = threading.Lock()


def _policy_effect_compute(years: list[int], *, incentive: str, occupation_prefix: str, district: str,
                           treated_years: dict[int, int] | None) -> evaluation.EventStudy | None:
    panel = income_panel(years)
    if panel.empty:
        return None
    if occupation_prefix:
        codes = panel["occupation"].astype(str)
        panel = panel[(codes == occupation_prefix) | codes.str.startswith(occupation_prefix + "-")]
    if district:
        panel = panel[panel["district"] == district]
    if incentive == "grade_upgrade":
        panel = evaluation.panel_with_grade_upgrades(panel)
    else:
        panel = panel.assign(treated_year=panel["worker"].map(treated_years))
    return evaluation.event_study(panel)


def wage_level_published(*, occupation_code: str, grade: int, year: int | None = None) -> dict | None:
    """The published city-wide wage price level of one occupation × grade (the cell of the table
    `wages publish` and the income pages put out, protected with the rest of its year's family),
    for the latest built year or `year`. Published figures are public (the portal shows them), so
    any caller may read them — but only a cell the disclosure rules let out: a hidden cell, a year
    not built or an occupation not in the table gives None (R1.5 career guidance reads this)."""
    years = [year] if year else sorted(snapshot_years(), reverse=True)
    for candidate in years:
        snap = snapshot_load(candidate)
        if snap is None or snap.layout < LAYOUT_VERSION:
            continue
        for row in wage_levels(actor=None, year=candidate, occupation_prefix=occupation_code):
            if row["occupation"] == occupation_code and row["grade"] == grade and not row["is_total"]:
                if row["p50"] is None:
                    return None  # not published: too few workers, or dominated by a few payers
                return {"year": candidate, "occupation_name": row["occupation_name"], "grade_label": row["grade_label"],
                        "p25": row["p25"], "p50": row["p50"], "p75": row["p75"], "mean": row["mean"],
                        "p50_month": row["p50_month"]}
        return None
    return None
def enterprise_wage_bills(*, enterprise_ids, year: int) -> dict[int, Decimal]:
    """Each enterprise's wage bill (工资总额) for `year` from income monitoring: the sum of gross pay
    (含加班工资和奖金) of the current payroll records (企业工资表) it reported for its workers —
    the enterprise's own source; tax and social-insurance records of the same months would count
    the same pay twice. Enterprises with no payroll record are absent (issue 12, R3.5)."""
    from django.db.models import Sum

    from gongjiang.income.models import IncomeRecord, IncomeSource

    return dict(IncomeRecord.objects.filter(
        enterprise_id__in=list(enterprise_ids), year=year, source=IncomeSource.PAYROLL, superseded_by__isnull=True)
        .values_list("enterprise_id").annotate(total=Sum("gross_pay")).values_list("enterprise_id", "total"))
def occupation_median_pay(*, year: int) -> dict[str, Decimal] | None:
    """The published median annual pay (P50, yuan) of each occupation (level 4, all grades) in the
    year's wage price table, jointly protected like every published table; cells the disclosure
    rules hide are left out. None when the year's snapshot is not built (or is of an old layout).
    These are the published figures of the whole snapshot's area, so no actor is needed: the
    demand domain reads them for the shortage indicator "pay growth" (issue 15; ADR 0023)."""
    snap = snapshot_load(year)
    if snap is None or snap.layout < LAYOUT_VERSION:
        return None
    table = protection.protected_table(snap, snapshot_path(year), level=4, by=None)
    out: dict[str, Decimal] = {}
    for i in np.flatnonzero(table.is_total):
        if disclosure.is_hidden(str(table.status[i])) or not table.occupation[i]:
            continue
        value = _yuan(table.quantiles[i][2], quantile=True)
        if value is not None:
            out[str(table.occupation[i])] = value
    return out
