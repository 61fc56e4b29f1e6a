"""factory_boy factories for the registry. ID numbers and USCCs are valid (check characters computed)."""

import itertools
from datetime import date

import factory
from stdnum.cn import uscc as std_uscc

from gongjiang.reference.models import Division, Occupation
from gongjiang.registry.models import Certificate, Employment, Enterprise, Worker

_serial = itertools.count(1)
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number_make(region: str = "330902", born: date = date(1985, 6, 15), seq: int | None = None,
                   female: bool = False) -> str:
    """A valid 18-character resident ID number (GB 11643 MOD 11-2 check character)."""
    seq = next(_serial) % 500 if seq is None else seq
    sequence = seq * 2 + (0 if female else 1)
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def uscc_make(n: int | None = None, region: str = "330902") -> str:
    n = next(_serial) if n is None else n
    org = f"{n:08d}"
    # GB 11714 check digit for the 9-character organisation code.
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(org, weights, strict=True))
    check = 11 - total % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    body = f"91{region}{org}"
    return body + std_uscc.calc_check_digit(body)


def district(code: str = "330902") -> Division:
    return Division.objects.get(code=code)


def occupation(code: str | None = None) -> Occupation:
    qs = Occupation.objects.filter(level=4)
    return qs.get(code=code) if code else qs.filter(name__contains="焊").first() or qs.first()


def han_digits(n: int) -> str:
    """n in Chinese numerals (12 -> 一二), so generated names stay valid names (ADR 0019)."""
    return str(n).translate(str.maketrans("0123456789", "〇一二三四五六七八九"))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(uscc_make)
    name = factory.Sequence(lambda n: f"舟山测试船舶修造有限公司{n}")
    district = factory.LazyFunction(district)
    ownership = "private"
    size = "medium"


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"张测{han_digits(n)}")
    sex = "M"
    birth_date = date(1985, 6, 15)
    native_region_code = "330902"

    @factory.post_generation
    def id_number(obj, create, extracted, **kwargs):  # noqa: N805
        obj.set_id_number(extracted or id_number_make(born=obj.birth_date))
        obj.set_phone("13800138000")
        if create:
            obj.save()


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    worker = factory.SubFactory(WorkerFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    start_date = date(2020, 3, 1)
    post = "电焊"
    occupation = factory.LazyFunction(occupation)
    is_front_line = True


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    worker = factory.SubFactory(WorkerFactory)
    number = factory.Sequence(lambda n: f"Y000033000001223{n % 1000000:06d}")
    kind = "skill_grade"
    occupation = factory.LazyFunction(occupation)
    grade = 4
    issuer = "舟山测试评价机构"
    issued_on = date(2022, 6, 30)
