"""A small training world for tests: an admitted institution with a site and an account bound
to it, a catalogue programme in its scope, and an approved class with a timetable."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from gongjiang.accounts.models import Role, User
from gongjiang.reference.models import Division
from gongjiang.registry.tests.factories import occupation, uscc_make
from gongjiang.training.models import (
    ClassStatus,
    Institution,
    Programme,
    Session,
    Site,
    TrainingClass,
)

PASSWORD = "Test-Passw0rd!"


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001


def institution_make(name: str = "定海区职业技能培训学校", district: str = "330902", **extra) -> Institution:
    institution = Institution.objects.create(
        name=name, uscc=uscc_make(), kind="non_profit", licence_number="教民133090270000001号",
        district=Division.objects.get(code=district), admitted_on=date(2024, 1, 1), **extra)
    institution.scope.set([occupation()])
    return institution


def site_make(institution: Institution, name: str = "临城校区", lon: str = "122.106", lat: str = "30.020") -> Site:
    return Site.objects.create(institution=institution, name=name, township="临城街道",
                               longitude=Decimal(lon), latitude=Decimal(lat), capacity=60)


def trainer_make(institution: Institution, username: str = "trainer_t") -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=Role.TRAINING_INSTITUTION,
                                    training_institution=institution, organisation_name=institution.name)


def programme_make(code: str = "hg-4", standard: str = "1800", grade: int = 4, hours: int = 40) -> Programme:
    return Programme.objects.create(code=code, name="焊工（高级工）", occupation=occupation(), grade=grade, hours=hours,
                                    subsidy_standard=Decimal(standard), citation="舟山市补贴性培训项目目录（演示）")


def class_make(institution: Institution, site: Site, programme: Programme, *, start=date(2025, 3, 3), days: int = 5,
               hours_a_day: int = 8, status: str = ClassStatus.APPROVED, name: str = "焊工高级班") -> TrainingClass:
    training_class = TrainingClass.objects.create(
        institution=institution, programme=programme, name=name, site=site, teacher="陈师傅", start_date=start,
        end_date=start + timedelta(days=days - 1), planned_hours=days * hours_a_day, capacity=50, status=status)
    for day in range(days):
        d = start + timedelta(days=day)
        Session.objects.create(training_class=training_class, starts_at=aware(d.year, d.month, d.day, 8, 0),
                               ends_at=aware(d.year, d.month, d.day, 12, 0), topic="理论")
        Session.objects.create(training_class=training_class, starts_at=aware(d.year, d.month, d.day, 13, 0),
                               ends_at=aware(d.year, d.month, d.day, 17, 0), topic="实操")
    return training_class
