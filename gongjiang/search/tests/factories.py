"""Factories for the talent search: a worker with a whole archive, and its search document."""

from datetime import date

import factory

from gongjiang.reference.models import Occupation
from gongjiang.registry.models import Achievement, Honour
from gongjiang.registry.tests.factories import (
    CertificateFactory,
    EmploymentFactory,
    EnterpriseFactory,
    WorkerFactory,
)
from gongjiang.search.services import search_docs_refresh

__all__ = ["AchievementFactory", "CertificateFactory", "EmploymentFactory", "EnterpriseFactory",
           "HonourFactory", "WorkerFactory", "skilled_worker"]


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    worker = factory.SubFactory(WorkerFactory)
    title = "技术能手"
    level = "municipal"
    awarded_by = "舟山市人力资源和社会保障局"
    awarded_on = date(2024, 5, 1)


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    worker = factory.SubFactory(WorkerFactory)
    kind = "innovation"
    title = "船体分段焊接变形控制法"
    achieved_on = date(2023, 9, 1)


def skilled_worker(*, enterprise, occupation: str = "6-18-02-04", grade: int | None = 4,
                   discoverable: bool = True, start: date = date(2015, 3, 1), post: str = "电焊",
                   name: str | None = None, honour: str | None = None, birth: date = date(1985, 6, 15),
                   residence=None, refresh: bool = True):
    """A worker employed at `enterprise` in `occupation` since `start`, holding a skill-grade
    certificate of `grade` in it, with the search document refreshed."""
    extra = {"name": name} if name else {}
    worker = WorkerFactory(discoverable=discoverable, birth_date=birth, residence_district=residence, **extra)
    occ = Occupation.objects.get(code=occupation)
    EmploymentFactory(worker=worker, enterprise=enterprise, occupation=occ, start_date=start, post=post)
    if grade:
        CertificateFactory(worker=worker, occupation=occ, grade=grade)
    if honour:
        HonourFactory(worker=worker, title=honour)
    if refresh:
        search_docs_refresh([worker.pk])
    return worker
