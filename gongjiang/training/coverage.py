"""The training map's coverage (R3.3; `001` (十六), `003` 二(一)6 "30分钟职业技能培训圈"): each
乡镇/街道 is covered by the 15- or 30-minute circle when a site of an admitted institution lies
within the straight-line distance a trainee travels in that time at `SPEED_KMH`.

Straight-line distance (haversine) × one average speed is the issue's stated simplification: it
ignores roads and ferries (金塘镇 is an island), so it overstates coverage across water.

The township centroids below are approximate (read off public maps to about 1 km), enough for a
circle chart; replace them with the surveying office's points when the bureau has them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

#: Average door-to-door travel speed, km/h (urban and island roads by bus or e-bike).
SPEED_KMH = Decimal("30")
MINUTES = (15, 30)

# 定海区 (330902) 乡镇、街道: name, longitude, latitude (approximate centroids).
TOWNSHIPS: list[tuple[str, float, float]] = [
    ("解放街道", 122.103, 30.018), ("昌国街道", 122.115, 30.010), ("环南街道", 122.098, 30.005),
    ("城东街道", 122.130, 30.022), ("盐仓街道", 122.060, 30.030), ("临城街道", 122.200, 30.000),
    ("千岛街道", 122.230, 29.990), ("马岙街道", 122.150, 30.090), ("双桥街道", 122.040, 30.060),
    ("岑港街道", 121.980, 30.080), ("小沙街道", 122.030, 30.110), ("白泉镇", 122.260, 30.060),
    ("干览镇", 122.200, 30.100), ("金塘镇", 121.880, 30.030),
]


def radius_km(minutes: int) -> Decimal:
    return SPEED_KMH * minutes / 60


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine, mean earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@dataclass
class TownshipCoverage:
    name: str
    longitude: float
    latitude: float
    nearest_site: str
    nearest_km: float | None
    within: int | None  # 15, 30 or None (not covered)


def coverage(sites: list[tuple[str, float, float]]) -> list[TownshipCoverage]:
    """Each township with its nearest site and the smallest circle that covers it."""
    result = []
    for name, lon, lat in TOWNSHIPS:
        best = min(((distance_km(lon, lat, s_lon, s_lat), s_name) for s_name, s_lon, s_lat in sites), default=None)
        within = None
        if best is not None:
            within = next((m for m in MINUTES if best[0] <= float(radius_km(m))), None)
        result.append(TownshipCoverage(name, lon, lat, best[1] if best else "", round(best[0], 1) if best else None,
                                       within))
    return result
