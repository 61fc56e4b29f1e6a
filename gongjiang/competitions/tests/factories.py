"""Test helpers for competitions: an organiser account, events at each stage, programmes."""

from datetime import date, timedelta

from gongjiang.accounts.models import Role, User
from gongjiang.competitions import services
from gongjiang.competitions.models import Competition, HonourProgramme
from gongjiang.reference.models import Division
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, occupation

FUTURE = date.today() + timedelta(days=60)


def organiser_make(username: str = "organiser1") -> User:
    return User.objects.create_user(username, password="Test-Passw0rd!", role=Role.COMPETITION_ORGANISER,
                                    organisation_name="舟山市定海区职业技能竞赛组委会")


def competition_make(organiser: User, *, level: str = "district", published: bool = True, **fields) -> Competition:
    values = {"name": "定海区第一届焊工职业技能竞赛", "level": level, "district": Division.objects.get(code="330902"),
              "starts_on": FUTURE, "ends_on": FUTURE + timedelta(days=1), "entry_deadline": FUTURE - timedelta(days=7),
              "places": 30, "occupation": occupation(), **fields}
    competition = services.competition_create(actor=organiser, **values)
    if published:
        services.competition_publish(actor=organiser, competition=competition)
    return competition


def entrant_make(enterprise, *, grade: int | None = 4, name: str | None = None):
    """A worker employed at `enterprise`, holding a certificate of `grade` (None: no certificate)."""
    kwargs = {"enterprise": enterprise}
    if name:
        kwargs["worker__name"] = name
    worker = EmploymentFactory(**kwargs).worker
    if grade:
        CertificateFactory(worker=worker, grade=grade)
    return worker


def enter(organiser, competition, worker, team_name: str = ""):
    return services.entry_add(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                              name=worker.name, team_name=team_name)


def programme(title: str = "定海名匠") -> HonourProgramme:
    return HonourProgramme.objects.get(title=title, area__code="330902")
