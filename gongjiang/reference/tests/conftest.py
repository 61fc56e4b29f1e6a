from pathlib import Path

import pytest

from gongjiang.reference.tests import datafiles


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip: a user's fresh clone has no ../shared to check against."""
    if not datafiles.SHARED_DATA.is_dir():
        pytest.skip(
            f"reference folder {datafiles.SHARED_DATA} is absent (fresh clone): cannot cross-check shipped data"
        )
    return datafiles.SHARED_DATA


@pytest.fixture
def shipped() -> dict[str, list[dict[str, str]]]:
    """The CSVs shipped in gongjiang/reference/data/, by file stem."""
    return {
        name: datafiles.csv_rows(datafiles.SHIPPED_DATA / f"{name}.csv")
        for name in ("occupations", "occupation_aliases", "divisions", "division_neighbours", "industries")
    }
