"""Where the shipped reference data and the national reference files live, and how to read them."""

import csv
import os
from pathlib import Path

# The national reference files: GONGJIANG_SHARED_DATA if set (CI sets it), else ../shared/data next
# to the repository — present on the build machine, absent in a user's fresh clone.
SHARED_DATA = Path(os.environ.get("GONGJIANG_SHARED_DATA")
                   or Path(__file__).resolve().parents[3].parent / "shared" / "data")
SHIPPED_DATA = Path(__file__).resolve().parents[1] / "data"


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
