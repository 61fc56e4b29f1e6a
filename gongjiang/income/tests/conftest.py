import pytest


@pytest.fixture(autouse=True)
def income_data_dir(settings, tmp_path):
    """Each test writes its snapshots to its own folder."""
    settings.INCOME_DATA_DIR = str(tmp_path / "income")
    return tmp_path / "income"
