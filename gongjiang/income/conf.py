"""Income monitoring settings (R7). Each can be overridden in Django settings by the same name.

Thresholds follow statistical offices' disclosure practice (issue 6 §3): a cell is not published
with fewer than 30 workers or fewer than 3 enterprises, or when one enterprise holds more than half
of its workers; survey-based cells carry a relative-standard-error flag (use with caution 25–50%,
not published above 50%).
"""

from pathlib import Path

from django.conf import settings

DEFAULTS = {
    "INCOME_MIN_WORKERS": 30,
    "INCOME_MIN_ENTERPRISES": 3,
    "INCOME_MAX_ENTERPRISE_SHARE": 0.5,
    "INCOME_RSE_CAUTION": 0.25,
    "INCOME_RSE_SUPPRESS": 0.50,
    # National Bureau of Statistics' middle-income band for a household of three: 100,000–500,000
    # yuan a year (国家统计局, 2018/2019 中等收入群体口径). Per earner the platform divides by the
    # household size below — a documented default that statistics offices can change.
    "INCOME_MIDDLE_BAND_HOUSEHOLD": (100_000, 500_000),
    "INCOME_MIDDLE_BAND_HOUSEHOLD_SIZE": 3,
    "INCOME_MIDDLE_BAND_EARNERS": 1.5,
}


def setting(name: str):
    """The value of an income setting (Django settings override the defaults above)."""
    return getattr(settings, name, DEFAULTS[name])


def data_dir() -> Path:
    """Where the yearly columnar snapshots live: INCOME_DATA_DIR if set; else, snapshots belonging
    to the database they were built from, beside an SQLite file (<its folder>/income/<its name>/)
    or under var/income/<database name>/ for PostgreSQL."""
    configured = getattr(settings, "INCOME_DATA_DIR", None)
    if configured:
        return Path(configured)
    database = settings.DATABASES["default"]
    name = Path(str(database["NAME"]))
    if "sqlite" in database["ENGINE"] and name.is_absolute():
        return name.parent / "income" / name.stem
    return Path(settings.BASE_DIR).parent / "var" / "income" / (name.stem or "default")


def middle_band_per_earner() -> tuple[float, float]:
    """Annual pay band per earner equivalent to the household band: band × (earners / size)⁻¹.

    Default: a household of three with 1.5 earners → 66,667–333,333 yuan per earner a year."""
    low, high = setting("INCOME_MIDDLE_BAND_HOUSEHOLD")
    earners = setting("INCOME_MIDDLE_BAND_EARNERS")
    return (low / earners, high / earners)
