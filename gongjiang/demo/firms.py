"""The demo district's enterprises: how many, how big, in which industry, owned by whom.

The district is a scaled model of the real one. Each generated employee stands for
`scale = max(1, employed / workers)` real employees (`employed` from the seed, e.g. Dinghai's
317,143). Real firm headcounts follow a truncated Zipf law (`calibration.FIRM_SIZE_EXPONENT`); a
firm of real headcount S enters the demo with max(MIN_EMPLOYEES, S / scale) employees, with a
probability that keeps the expected employment right. The size class (大/中/小/微) is classified from
the real headcount S with the 2017 statistical rule, so the demo has the real mix of size classes
and a few large firms (the profile's anchors first) employ a large share of everyone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from gongjiang.demo import calibration as cal
from gongjiang.demo.names import BRAND_CHARS, COMPANY_SUFFIXES, ROADS, SOCIAL_SUFFIXES
from gongjiang.demo.numbers import landline_make, uscc_make
from gongjiang.demo.sampling import Pick, pareto_size, pick_uniform

MIN_WORKERS = 100

# Industry division (GB/T 4754) -> size rule key of 国统字〔2017〕213号.
_SIZE_RULE_BY_DIVISION = {
    **{f"{code:02d}": "industrial" for code in range(6, 51)},
    "51": "wholesale", "52": "retail",
    **dict.fromkeys(("53", "54", "55", "56", "57", "58", "60"), "transport"),
    "59": "warehousing", "61": "hospitality", "62": "hospitality", "63": "telecom", "64": "telecom",
    "65": "software", "70": "property", "71": "business", "72": "business",
}

# Share of firms registered since the 2015 reform (new-style "MA" organisation codes), by size.
_NEW_STYLE_SHARE = {"large": 0.15, "medium": 0.35, "small": 0.55, "micro": 0.7}
_CITY_REGISTERED = {"central_soe", "municipal_soe", "foreign", "hmt"}


@dataclass
class Firm:
    """An enterprise of the demo district as the generator keeps it (pk once saved)."""

    index: int
    sector: cal.Sector
    name: str
    uscc: str
    size: str
    ownership: str
    headcount: int  # real-world headcount it stands for
    employees: int  # employees generated in the registry
    industry_id: int | None
    address: str
    contact_name: str
    contact_phone: str
    evaluator_site: str = ""  # filed as a self-evaluating employer (用人单位自主评价) when set
    # The 乡镇/街道 of the address; the code is the district's code and the street's place in the
    # profile's list (demo codes, not the statistics bureau's).
    township_code: str = ""
    township_name: str = ""
    second_account: bool = False
    pk: int | None = None


def size_class(division: str, headcount: int) -> str:
    large, medium, small = cal.SIZE_BOUNDS[_SIZE_RULE_BY_DIVISION.get(division, "other")]
    if headcount >= large:
        return "large"
    if headcount >= medium:
        return "medium"
    return "small" if headcount >= small else "micro"


def _quotas(profile: cal.Profile, remaining: int, anchored: dict[str, int]) -> dict[str, int]:
    """Employees each sector gets outside the anchors, summing to `remaining` (largest remainder)."""
    total_weight = sum(sector.weight for sector in profile.sectors)
    everyone = remaining + sum(anchored.values())
    wants = {s.key: max(0.0, s.weight / total_weight * everyone - anchored.get(s.key, 0)) for s in profile.sectors}
    scale = remaining / sum(wants.values())
    exact = {key: want * scale for key, want in wants.items()}
    quotas = {key: int(value) for key, value in exact.items()}
    short = remaining - sum(quotas.values())
    for key in sorted(exact, key=lambda k: exact[k] - quotas[k], reverse=True)[:short]:
        quotas[key] += 1
    return quotas


class FirmMaker:
    """Makes the district's firms, reproducibly from `rng`."""

    def __init__(self, rng: random.Random, profile: cal.Profile, industries: dict[str, int],
                 person_name: Callable[[random.Random], str]) -> None:
        self.rng = rng
        self.profile = profile
        self.industries = industries
        self.person_name = person_name
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.sites = 0
        self.ownership = {size: Pick(weights.items()) for size, weights in profile.ownership.items()}

    def plan(self, workers: int) -> list[Firm]:
        """All firms, anchors first (largest first), with employee counts summing to `workers`."""
        if workers < MIN_WORKERS:
            raise ValueError(f"演示数据至少需要 {MIN_WORKERS} 名人员")
        scale = max(1.0, self.profile.employed / workers)
        sectors = {sector.key: sector for sector in self.profile.sectors}
        anchor_sizes = [max(cal.MIN_EMPLOYEES, round(anchor.headcount / scale)) for anchor in self.profile.anchors]
        if sum(anchor_sizes) > 0.4 * workers:  # tiny demo: shrink the anchors, keep their order
            factor = 0.4 * workers / sum(anchor_sizes)
            anchor_sizes = [max(cal.MIN_EMPLOYEES, int(size * factor)) for size in anchor_sizes]
        firms: list[Firm] = []
        anchored: dict[str, int] = {}
        for anchor, employees in sorted(zip(self.profile.anchors, anchor_sizes, strict=True),
                                        key=lambda pair: -pair[1]):
            sector = sectors[anchor.sector]
            firms.append(self._firm(len(firms), sector, anchor.headcount, employees, ownership=anchor.ownership,
                                    word=anchor.words, second_account=anchor.second_account))
            anchored[sector.key] = anchored.get(sector.key, 0) + employees
        quotas = _quotas(self.profile, workers - sum(anchored.values()), anchored)
        biggest = max(quotas, key=lambda key: quotas[key])
        for key in list(quotas):  # a sector too small for one firm joins the biggest one
            if 0 < quotas[key] < cal.MIN_EMPLOYEES and key != biggest:
                quotas[biggest] += quotas.pop(key)
        for key, quota in quotas.items():
            firms.extend(self._sector_firms(sectors[key], quota, scale, start=len(firms)))
        return firms

    def _sector_firms(self, sector: cal.Sector, quota: int, scale: float, start: int) -> list[Firm]:
        rng, minimum = self.rng, cal.MIN_EMPLOYEES
        firms: list[Firm] = []
        remaining = quota
        while remaining > 0:
            headcount = pareto_size(rng, cal.FIRM_SIZE_EXPONENT, sector.max_size)
            employees = max(minimum, round(headcount / scale))
            if rng.random() >= headcount / (scale * employees):
                continue
            employees = min(employees, remaining)
            if 0 < remaining - employees < minimum:
                employees = remaining
            firms.append(self._firm(start + len(firms), sector, headcount, employees))
            remaining -= employees
        return firms

    def _firm(self, index: int, sector: cal.Sector, headcount: int, employees: int, *, ownership: str = "",
              word: str = "", second_account: bool = False) -> Firm:
        rng, profile = self.rng, self.profile
        size = size_class(sector.industry, headcount)
        ownership = ownership or self.ownership[size](rng)
        social = sector.social_organisation and ownership in {"private", "collective"}
        name = self._name(sector, size, ownership, word, social)
        region = (profile.city_code if profile.province_code != "31" else "310000") \
            if ownership in _CITY_REGISTERED else profile.district_code
        while True:
            code = uscc_make(rng, authority="5" if social else "9", org_type="2" if social else "1", region=region,
                             new_style=rng.random() < _NEW_STYLE_SHARE[size])
            if code not in self.codes:
                self.codes.add(code)
                break
        site = ""
        if sector.self_evaluating and (word or rng.random() < cal.SELF_EVALUATOR_CHANCE.get(size, 0.0)):
            self.sites += 1
            site = f"{profile.site_prefix}{self.sites:03d}"
        street = pick_uniform(rng, profile.streets)
        address = f"{profile.district_prefix}{street}{pick_uniform(rng, ROADS)}{rng.randrange(1, 999)}号"
        township_code = f"{profile.district_code}{profile.streets.index(street) + 1:03d}"
        return Firm(index=index, sector=sector, name=name, uscc=code, size=size, ownership=ownership,
                    headcount=headcount, employees=employees, industry_id=self.industries.get(sector.industry),
                    address=address, contact_name=self.person_name(rng),
                    contact_phone=landline_make(rng, profile.area_code), evaluator_site=site,
                    second_account=second_account, township_code=township_code, township_name=street)

    def _name(self, sector: cal.Sector, size: str, ownership: str, word: str, social: bool) -> str:
        rng, profile = self.rng, self.profile
        province = "浙江" if profile.province_code == "33" else "上海"
        for attempt in range(50):
            brand_length = 2 if attempt < 5 and rng.random() < 0.8 else 3 if attempt < 20 else 4
            brand = "".join(pick_uniform(rng, BRAND_CHARS) for _ in range(brand_length))
            noun = word or pick_uniform(rng, sector.words)
            if social:
                suffix = "" if noun.endswith(("院", "中心")) else pick_uniform(rng, SOCIAL_SUFFIXES)
                name = f"{profile.district_prefix}{brand}{noun}{suffix}"
            else:
                if size == "large" or ownership in _CITY_REGISTERED:
                    prefix = pick_uniform(rng, (profile.city_prefix, profile.city_prefix, province))
                else:
                    prefix = pick_uniform(rng, (profile.city_prefix, profile.district_prefix))
                suffix = "股份有限公司" if size == "large" and rng.random() < 0.4 else pick_uniform(rng, COMPANY_SUFFIXES)
                name = f"{prefix}{brand}{noun}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("could not make a unique enterprise name")  # pragma: no cover
