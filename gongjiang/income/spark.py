"""The wage price level table on Spark (issue 18 §5, ADR 0015): the cells of `analysis.wage_table`
from the same yearly Parquet snapshot, for a province or the nation where one machine is not enough.

Spark does the heavy work over every worker-year — reading, filtering, grouping into cells, ranking
pay within each cell (the order statistics of the type-7 quantiles, the weighted inverse CDF of
survey cells, the Zhejiang tails by monthly pay without overtime), exact sums, counts and
enterprise counts — with built-in functions only: no Python UDF, so executors run no Python and
need nothing of ours. What comes back is one small row per cell. The last arithmetic on those rows
(interpolating between the two order statistics, dividing sums, the RSE) runs through the same
`stats.py` functions as the numpy path, and total lines, primary and secondary suppression through
the same `analysis.table_assemble`, so both engines publish and hide exactly the same cells.

It reads only plain columns of the snapshot (codes as strings, pay, base monthly pay, weight,
survey flag, enterprise), not the numpy layout's derived columns, so any Parquet with those columns
works (e.g. snapshots rewritten with `partitionBy("year")` on HDFS or object storage).
"""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F  # noqa: N812 (the PySpark convention)

from gongjiang.income import stats
from gongjiang.income.analysis import BY_CHOICES, CellStats, CellTable, table_assemble

COLUMNS = ("occupation_code", "grade", "district_code", "industry_code", "enterprise", "pay", "base_monthly",
           "weight", "survey")
# No console progress bar in command output.
DEFAULT_CONF = {"spark.ui.showConsoleProgress": "false"}


def under_spark_submit() -> bool:
    """True when this Python process was started by spark-submit (which then owns master and conf)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(*, master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """The Spark session: the active one if any (spark-submit, a test's), else a new one.

    `master` as Spark spells it (local[4], spark://host:7077, yarn, k8s://…); by default what
    spark-submit or spark-defaults.conf say, or local[*] when run directly."""
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("gongjiang-wages")
    if master or not under_spark_submit():
        builder = builder.master(master or "local[*]")
    for key, value in {**DEFAULT_CONF, **(conf or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _frame(spark: SparkSession, source: str, *, by, level, occupation_prefix, district, industry, grades) -> DataFrame:
    """The rows kept by the filters, with the cell columns: occ (at `level`), grade, grp."""
    df = spark.read.parquet(source).select(*COLUMNS)
    code = F.col("occupation_code")
    if occupation_prefix:  # the code itself and its subtree, dash-aware (analysis.occupation_range)
        df = df.where((code == occupation_prefix) | code.startswith(occupation_prefix + "-"))
    if district:
        df = df.where(F.col("district_code") == district)
    if industry:
        df = df.where(F.col("industry_code") == industry)
    if grades:
        df = df.where(F.col("grade").isin([int(g) for g in grades]))
    if level:  # analysis.occupation_at_level: the first `level` parts of the code; "" stays ""
        code = F.when(code == "", code).otherwise(F.array_join(F.slice(F.split(code, "-"), 1, level), "-"))
    group = F.col(f"{by}_code") if by else F.lit("")
    return df.select(code.alias("occ"), F.col("grade").cast("int").alias("grade"), group.alias("grp"),
                     "enterprise", "pay", "base_monthly", "weight", F.col("survey").cast("int").alias("survey"))


def _cell_aggregates(df: DataFrame, keys: list[str]) -> DataFrame:
    """One row per cell of `keys`: what the numpy statistics need, computed over all the cell's rows.

    Each expression mirrors one in `stats.py` in the same IEEE doubles (floor((n−1)p) for the
    quantile ranks, max(1, ceil(0.1n − 1e-9)) for the tail size, p·Σw − 1e-9·max(1, p·Σw) for the
    weighted quantile's threshold)."""
    by_pay = Window.partitionBy(*keys).orderBy("pay")
    whole = by_pay.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    by_base = Window.partitionBy(*keys).orderBy("base_monthly")
    ranked = (df.withColumn("n", F.count(F.lit(1)).over(whole))
              .withColumn("tw", F.sum("weight").over(whole))
              .withColumn("r", F.row_number().over(by_pay) - 1)
              .withColumn("cw", F.sum("weight").over(by_pay.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
              .withColumn("rb", F.row_number().over(by_base) - 1))
    n, r, pay, w = F.col("n"), F.col("r"), F.col("pay"), F.col("weight")
    aggs = [F.count(F.lit(1)).alias("count"), F.sum(pay).alias("sums")]
    for j, p in enumerate(stats.PERCENTILES):
        lower = F.floor((n - 1) * F.lit(p))
        aggs.append(F.max(F.when(r == lower, pay)).alias(f"lower{j}"))
        aggs.append(F.max(F.when(r == F.least(lower + 1, n - 1), pay)).alias(f"upper{j}"))
        target = F.col("tw") * F.lit(p)
        reached = F.col("cw") >= target - F.lit(1e-9) * F.greatest(F.lit(1.0), F.abs(target))
        aggs.append(F.coalesce(F.min(F.when(reached, pay)), F.max(pay)).alias(f"weighted{j}"))
    k = F.greatest(F.lit(1), F.ceil(n * F.lit(stats.TAIL_SHARE) - F.lit(1e-9)))
    base, rb = F.col("base_monthly"), F.col("rb")
    aggs += [F.sum(F.when(rb < k, base)).alias("low_sum"), F.sum(F.when(rb >= n - k, base)).alias("high_sum"),
             F.max("survey").alias("any_survey"), F.sum(w).alias("sw"), F.sum(w * pay).alias("swy"),
             F.sum(w * w).alias("sw2"), F.sum(w * w * pay).alias("sw2y"), F.sum(w * w * pay * pay).alias("sw2y2")]
    # survey rows only (issue 11 §4: the census rows of a mixed cell have no sampling error)
    s = F.col("survey") == 1
    ws = F.when(s, w).otherwise(F.lit(0.0))
    aggs[-3:] = [F.sum(ws * ws).alias("sw2"), F.sum(ws * ws * pay).alias("sw2y"),
                 F.sum(ws * ws * pay * pay).alias("sw2y2"), F.sum(F.col("survey")).alias("survey_n"),
                 F.sum(ws).alias("survey_sw"), F.sum(ws * pay).alias("survey_swy")]
    cells = ranked.groupBy(*keys).agg(*aggs)
    top_two = F.slice(F.sort_array(F.collect_list("ent_pay"), asc=False), 1, 2)
    enterprises = (df.groupBy(*keys, "enterprise").agg(F.count(F.lit(1)).alias("rows"), F.sum(pay).alias("ent_pay"))
                   .groupBy(*keys).agg(F.count(F.lit(1)).alias("enterprises"), F.max("rows").alias("max_rows"),
                                       top_two.alias("top_two"))
                   .withColumn("top_pay", F.element_at("top_two", 1))
                   .withColumn("second_pay", F.coalesce(F.try_element_at("top_two", F.lit(2)), F.lit(0).cast("long")))
                   .drop("top_two"))
    return cells.join(enterprises, on=keys)


def _cell_stats(cells: pa.Table, occupation_codes: list[str], group_codes: list[str]) -> CellStats:
    """The collected per-cell rows as `CellStats`, finished by the numpy path's own functions."""
    def index(codes: list[str], values) -> np.ndarray:
        position = {code: i for i, code in enumerate(codes)}
        return np.fromiter((position[v] for v in values), dtype=np.int64, count=len(values))

    occ, group = index(occupation_codes, cells["occ"].to_pylist()), index(group_codes, cells["grp"].to_pylist())
    grade = cells["grade"].to_numpy().astype(np.int64)
    order = np.lexsort((group, grade, occ))
    occ, grade, group = occ[order], grade[order], group[order]

    def col(name, dtype=np.int64):
        return cells[name].to_numpy().astype(dtype)[order]

    counts = col("count")
    sums = col("sums")
    quantiles = np.empty((len(counts), len(stats.PERCENTILES)), dtype=np.float64)
    for j, p in enumerate(stats.PERCENTILES):
        quantiles[:, j] = stats.interpolate(col(f"lower{j}"), col(f"upper{j}"), counts, p)
    mean = sums / np.maximum(counts, 1)
    k = stats.tail_size(counts)
    zj_low, zj_high = col("low_sum") / k, col("high_sum") / k
    rse = np.full(len(counts), np.nan)
    any_survey = col("any_survey") > 0
    if any_survey.any():  # as analysis._cell_stats: a cell holding any survey record is weighted
        weighted = np.column_stack([col(f"weighted{j}") for j in range(len(stats.PERCENTILES))]).astype(np.float64)
        wmean, wrse = stats.weighted_mean_rse_from_sums(
            *(col(c, np.float64) for c in ("sw", "swy", "sw2", "sw2y", "sw2y2")), counts,
            survey_n=col("survey_n"), survey_sw=col("survey_sw", np.float64), survey_swy=col("survey_swy", np.float64))
        quantiles[any_survey] = weighted[any_survey]
        mean = np.where(any_survey, wmean, mean)
        rse = np.where(any_survey, wrse, np.nan)
    return CellStats(occ, grade, group, counts, sums, mean, quantiles, zj_low, zj_high, col("enterprises"),
                     col("max_rows"), rse, col("top_pay"), col("second_pay"))


def base_cells(source: str, *, spark: SparkSession | None = None):
    """The non-empty (occupation, grade, district, industry) combinations (`protection.BaseCells`),
    for the cross-table suppression of the year's published tables (issue 11 §2)."""
    from gongjiang.income.protection import BaseCells

    spark = spark or session()
    rows = (spark.read.parquet(source).select("occupation_code", F.col("grade").cast("int").alias("grade"),
                                              "district_code", "industry_code").distinct().toArrow())
    return BaseCells(np.asarray(rows["occupation_code"].to_pylist(), dtype=object),
                     rows["grade"].to_numpy().astype(np.int64),
                     np.asarray(rows["district_code"].to_pylist(), dtype=object),
                     np.asarray(rows["industry_code"].to_pylist(), dtype=object))


def wage_table(source: str, *, by: str | None = None, level: int | None = None, occupation_prefix: str = "",
               district: str = "", industry: str = "", grades=None, spark: SparkSession | None = None) -> CellTable:
    """`analysis.wage_table` computed by Spark from the Parquet at `source` (a file or folder: a
    local path, file://, hdfs://, s3a://…). Same arguments, same cells, same disclosure status."""
    if by not in (None, *BY_CHOICES):
        raise ValueError(by)
    spark = spark or session()
    df = _frame(spark, source, by=by, level=level, occupation_prefix=occupation_prefix, district=district,
                industry=industry, grades=grades)
    cells = _cell_aggregates(df, ["occ", "grade", "grp"]).toArrow()
    lines = None
    if not by:  # the all-grades line of each occupation
        lines = _cell_aggregates(df.withColumn("grade", F.lit(0)).withColumn("grp", F.lit("")),
                                 ["occ", "grade", "grp"]).toArrow()
    occupation_codes = sorted(set(cells["occ"].to_pylist()) | set(lines["occ"].to_pylist() if lines is not None else []))
    group_codes = sorted(set(cells["grp"].to_pylist())) if by else [""]
    return table_assemble(_cell_stats(cells, occupation_codes, group_codes), by=by,
                          occupation_codes=occupation_codes, group_codes=group_codes,
                          occupation_lines=_cell_stats(lines, occupation_codes, [""]) if lines is not None else None)
