"""Evaluation test worlds: a filed agency with scope, an agency account, a worker eligible for
焊工 高级工（三级） under the 2018 rules (四级 certificate + 5 years)."""

from datetime import date

from gongjiang.accounts.models import Role, User
from gongjiang.evaluation.models import Agency, AgencyKind, AgencyScope, Examiner
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Division, Occupation
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

WELDER = "6-18-02-04"
ELECTRICIAN = "6-31-01-03"


def welder() -> Occupation:
    return Occupation.objects.get(code=WELDER)


def agency_make(*, district: str = "330902", kind: str = AgencyKind.SOCIAL, site: str = "090101",
                name: str = "舟山海工职业技能评价中心", enterprise=None, grades=(Grade.SENIOR,)) -> Agency:
    agency = Agency.objects.create(name=name, kind=kind, site_code=site, district=Division.objects.get(code=district),
                                   enterprise=enterprise, filed_on=date(2024, 1, 5))
    for grade in grades:
        AgencyScope.objects.create(agency=agency, occupation=welder(), grade=grade)
    Examiner.objects.create(agency=agency, name="考评员甲")
    return agency


def agency_user(agency: Agency, username: str = "evaluator1") -> User:
    return User.objects.create_user(username=username, password="Test-Passw0rd!", role=Role.EVALUATION_AGENCY,
                                    agency=agency)


def welder_make(*, name: str = "王焊工", enterprise=None, four_on: date = date(2019, 6, 30)):
    """A welder with a 四级 (中级工) certificate from `four_on`, employed since 2015."""
    kwargs = {"worker__name": name, "start_date": date(2015, 3, 1), "occupation": welder()}
    if enterprise is not None:
        kwargs["enterprise"] = enterprise
    worker = EmploymentFactory(**kwargs).worker
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.INTERMEDIATE, issued_on=four_on,
                       number=f"S00003309010119400{worker.pk % 10000:04d}")
    return worker
