"""The home page of each role other than the bureau (issue 16): what the user has and what needs
doing, every figure linked to the list behind it. The figures come from each domain's selectors;
this module only picks which ones a role sees. The bureau's home is `views.home` itself.

- enterprise HR: their employees by grade (chart), their claims, their demand filings;
- worker: their archive summary, money due, the next step (career guidance);
- training institution: its classes and what is due about them;
- evaluation agency: its batches and deadlines (公示 ending, reporting) in working days;
- competition organiser: its events and what is due.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gongjiang.accounts.models import Role
from gongjiang.accounts.permissions import Scope, can, scope


def _worker(request: HttpRequest) -> HttpResponse:
    from gongjiang.guidance.selectors import next_step
    from gongjiang.incentives.selectors import claims_summary
    from gongjiang.reference.grades import Grade
    from gongjiang.registry import selectors as registry

    user = request.user
    worker = registry.worker_get(actor=user, worker_id=user.worker_id)
    top = registry.worker_top_grade(worker)
    claims = claims_summary(actor=user)
    return render(request, "core/home_worker.html", {
        "worker": worker, "top_grade": Grade(top).label if top else "",
        "employment": registry.worker_current_employment(worker), "counts": registry.worker_archive_counts(worker),
        "claims": claims, "claims_to_act": [c for c in claims if c["action"]],
        "next_step": next_step(actor=user, worker_id=worker.pk),
    })


def _hr(request: HttpRequest) -> HttpResponse:
    from gongjiang.demand.selectors import filing_counts
    from gongjiang.incentives.selectors import claims_summary
    from gongjiang.registry import selectors as registry

    user = request.user
    by_grade = registry.enterprise_staff_by_grade(actor=user)
    list_url = reverse("registry:worker_list")
    for row in by_grade:
        row["url"] = f"{list_url}?top_grade={row['grade']}"
    chart = {"labels": [r["label"] for r in by_grade], "counts": [r["count"] for r in by_grade],
             "urls": [r["url"] for r in by_grade]}
    return render(request, "core/home_hr.html", {
        "enterprise": registry.enterprise_get(actor=user, enterprise_id=user.enterprise_id),
        "by_grade": by_grade, "staff_total": sum(r["count"] for r in by_grade),
        "chart_json": json.dumps(chart, ensure_ascii=False),
        "claims": claims_summary(actor=user), "filings": filing_counts(actor=user),
    })


def _trainer(request: HttpRequest) -> HttpResponse:
    from gongjiang.training import selectors as training

    user, today = request.user, timezone.localdate()
    return render(request, "core/home_trainer.html", {
        "institution": training.institution_get(actor=user, institution_id=user.training_institution_id),
        "counts": training.class_counts(user), "due": training.class_deadlines(actor=user, today=today),
        "today": today, "year": today.year, "person_times": training.person_times(actor=user, year=today.year),
    })


def _evaluator(request: HttpRequest) -> HttpResponse:
    from gongjiang.evaluation import selectors as evaluation

    user, today = request.user, timezone.localdate()
    return render(request, "core/home_evaluator.html", {
        "agency": evaluation.agency_scope(user).first(), "counts": evaluation.batch_counts(actor=user),
        "due": evaluation.batch_deadlines(actor=user, today=today),
        "awards_pending": evaluation.awards_pending_count(actor=user), "today": today,
    })


def _organiser(request: HttpRequest) -> HttpResponse:
    from gongjiang.competitions import selectors as competitions

    user, today = request.user, timezone.localdate()
    return render(request, "core/home_organiser.html", {
        "counts": competitions.competition_counts(actor=user),
        "due": competitions.competition_deadlines(actor=user, today=today), "today": today,
    })


def role_home(request: HttpRequest) -> HttpResponse | None:
    """The home page of the user's role, or None (the bureau, and accounts not yet bound to the
    record their role works on: they get the generic page of modules)."""
    user: Any = request.user
    if can(user, "registry.own_archive"):
        return _worker(request)
    if can(user, "training.class_file"):
        return _trainer(request)
    if can(user, "evaluation.batch_manage"):
        return _evaluator(request)
    if user.role == Role.ENTERPRISE_HR and scope(user) == Scope.ENTERPRISE:
        return _hr(request)
    if user.role == Role.COMPETITION_ORGANISER and can(user, "competitions.organise"):
        return _organiser(request)
    return None
