"""Income monitoring settings (R7). Each can be overridden in Django settings by the same name.

Thresholds follow statistical offices' disclosure practice (issue 6 §3): a cell is not published
with fewer than 30 workers or fewer than 3 enterprises, or when one enterprise holds more than half
of its workers, or when its enterprises' pay fails the p% rule (below); survey-based cells carry a relative-standard-error flag (use with caution 25–50%,
not published above 50%).
"""

from pathlib import Path

from django.conf import settings

DEFAULTS = {
    "INCOME_MIN_WORKERS": 30,
    "INCOME_MIN_ENTERPRISES": 3,
    "INCOME_MAX_ENTERPRISE_SHARE": 0.5,
    # Dominance by pay (issue 11 §3): the p% rule — a cell is not published when the pay of all but
    # its two largest enterprises is less than p of the largest one's, i.e. the second-largest
    # payer could estimate the largest to within p (Hundepool et al., Statistical Disclosure
    # Control, 2012, §4.2.2; τ-ARGUS' p% rule). "nk" switches to the (n, k) rule: the n largest
    # enterprises hold more than k of the cell's pay (n 1 or 2). "" turns the pay rule off (the
    # head-count rule INCOME_MAX_ENTERPRISE_SHARE always applies).
    "INCOME_DOMINANCE_PAY_RULE": "p_percent",
    "INCOME_P_PERCENT": 0.10,
    "INCOME_NK": (2, 0.85),
    # Who counts in an annual figure (issue 11 §1): worker-years paid for fewer months are left out
    # of the annual statistics; with fewer than 12 allowed, pay is annualised (× 12 ÷ months).
    # Applied when the yearly snapshot is built (`gongjiang wages build`): rebuild after a change.
    "INCOME_ANNUAL_MIN_MONTHS": 12,
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
