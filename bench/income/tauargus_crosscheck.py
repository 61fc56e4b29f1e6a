"""Cross-check of the cross-table suppression against τ-ARGUS (issue 11 §2, ADR 0020).

    .venv/bin/python bench/income/tauargus_crosscheck.py      (needs the bench extra: pytauargus)

`piargus` drives the τ-ARGUS *program* (a Windows build; none installs here), so this uses
`pytauargus`, which bundles the τ-ARGUS engine (the same C++ code, with the HiGHS solver) as a
Python wheel. On the attacker test's world (`gongjiang/income/tests/test_protection.py`) it
protects the three-dimensional table occupation × grade × district with all its margins — the
structure that joins our city-wide and by-district tables — with the same primary rule
(FREQ(30): fewer than 30 workers) and τ-ARGUS' modular (HiTaS) and optimal secondary suppression,
then prints, for the cells both publish, how the patterns compare, and whether the linear attacker
of our tests recovers any hidden total from τ-ARGUS' pattern or from ours."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")


def main() -> None:
    import django

    django.setup()
    from django.test import override_settings
    from pytauargus import protect

    from gongjiang.income import analysis, disclosure, protection
    from gongjiang.income.tests.factories import snapshot_make
    from gongjiang.income.tests.test_protection import _world

    world = _world(7)
    frame = pd.DataFrame(world)
    frame["grade"] = frame["grade"].astype(str)
    with tempfile.TemporaryDirectory() as folder, override_settings(INCOME_MIN_ENTERPRISES=1,
                                                                   INCOME_MAX_ENTERPRISE_SHARE=1.0,
                                                                   INCOME_DOMINANCE_PAY_RULE=""):
        snap = snapshot_make(world, path=Path(folder) / "w.parquet")
        tables = protection.family_compute(lambda **kw: analysis.wage_table(snap, **kw), snap.occupation_codes)
        ours = protection.protect(tables, protection.base_cells(snap))
        hidden_ours = {}
        for by in (None, "district"):
            t = ours[(None, by)]
            for i in range(len(t)):
                grade = "Total" if (t.is_total[i] and not by) else str(int(t.grade[i]))
                group = "Total" if (t.is_total[i] or not by) else str(t.group[i])
                hidden_ours[(str(t.occupation[i]), grade, group)] = disclosure.is_hidden(str(t.status[i]))
        report = {}
        for method in ("MOD(1)", "OPT(1)"):
            result = protect(frame, ["occupation", "grade", "district"], response="pay", safety_rules="FREQ(30,0)",
                             suppress=method, workdir=str(Path(folder) / method[:3]))
            cells = result.tables[0].dataframe()
            cells = cells[cells["status"] != "E"]
            theirs = {(str(r.occupation), str(r.grade), str(r.district)): r.status in ("U", "M", "D")
                      for r in cells.itertuples()}
            common = [k for k in theirs if k in hidden_ours]
            report[method] = {
                "cells": len(theirs), "hidden": sum(theirs.values()),
                "cells_we_publish_too": len(common),
                "hidden_by_both": sum(theirs[k] and hidden_ours[k] for k in common),
                "hidden_only_by_tauargus": sum(theirs[k] and not hidden_ours[k] for k in common),
                "hidden_only_by_us": sum(hidden_ours[k] and not theirs[k] for k in common),
                "primary_agree": all(theirs[k] for k in common
                                     if hidden_ours[k] and k[1] != "Total" and frame.query(
                                         "occupation == @k[0] and grade == @k[1]"
                                         + ("" if k[2] == "Total" else " and district == @k[2]")).shape[0] < 30),
            }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
