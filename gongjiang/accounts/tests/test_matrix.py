"""The authorisation matrix (issue 18 §1, R9.1): every URL pattern and every API operation, for
every role and anonymous users, against a record inside and one outside the role's scope.

The expected outcome is read from the permission module itself (the action each endpoint declares
and `permissions.can`), never written here: an endpoint that declares no action fails
`test_every_endpoint_declares_its_action`, so a new screen or operation cannot slip past.

What each outcome means:
- refused: anonymous users are sent to the log-in page (pages) or get 401 (API); a logged-in user
  the action refuses gets 403;
- allowed, record inside the scope: anything but 401/403/404 and server errors (a form may answer
  400/422 to the empty request the matrix sends);
- allowed, record outside the scope: 404, exactly as for a record that does not exist.
"""

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gongjiang.accounts import permissions
from gongjiang.accounts.models import Role, User
from gongjiang.competitions.models import Nomination
from gongjiang.config.api import api
from gongjiang.evaluation.tests.worlds import evaluation_world
from gongjiang.incentives.models import Claim, ClaimMode, ClaimStatus, Decision, PaymentBatch
from gongjiang.incentives.tests.factories import claim_in_notice, published
from gongjiang.income.tests.worlds import city_snapshot
from gongjiang.ingest.models import ImportJob
from gongjiang.registry.tests.factories import CertificateFactory
from gongjiang.search.models import ContactRequest, Shortlist, ShortlistEntry

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *permissions.ROLES]
POLICY = "dinghai-2025-post-subsidy"

# URL namespaces that are not ours: Django's own language switch, and the Django admin, whose
# pages are governed by `is_staff` and model permissions (its index stands for it below).
FOREIGN = {"set_language": "public"}


@dataclass
class Endpoint:
    kind: str  # "page" or "api"
    route: str  # with placeholders: <int:worker_id> or {worker_id}
    method: str
    action: str | dict | None
    by: str | None = None
    query: dict = field(default_factory=dict)
    body: dict | None = None  # JSON request body schema (API), resolved

    def __str__(self) -> str:
        return f"{self.method} {self.route}"


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(("api/", "admin/")):
                continue
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def page_endpoints() -> list[Endpoint]:
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("media/"):
            continue  # DEBUG-only file serving
        callback = pattern.callback
        action = getattr(callback, "permission_action", None) or FOREIGN.get(pattern.name)
        found.append(Endpoint("page", "/" + route, "GET", action, getattr(callback, "permission_by", None)))
    found.append(Endpoint("page", "/admin/", "GET", "admin.site"))
    return found


def _example(schema: dict):
    kind = schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type") != "null"), "")
    if schema.get("format") == "date":
        return "2025-07-01"
    return {"integer": 2024, "number": 1, "boolean": "false"}.get(kind, "")


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _body_schema(schema: dict, spec: dict) -> dict | None:
    content = spec.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _resolve(schema, content["application/json"]["schema"])


def _body(endpoint: "Endpoint", values: dict) -> dict:
    """The smallest valid JSON body, with the world's record ids where a field names one."""
    body = {}
    for name in endpoint.body.get("required", []):
        prop = endpoint.body["properties"][name]
        if name in values:
            body[name] = values[name]
        elif "enum" in prop:
            body[name] = prop["enum"][0]
        else:
            body[name] = {"integer": 1, "number": 1, "boolean": False, "array": []}.get(prop.get("type"), "x")
    return body


def api_endpoints() -> list[Endpoint]:
    schema = api.get_openapi_schema()
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                action = next((cb.action for cb in operation.auth_callbacks if isinstance(cb, permissions.allowed_api)),
                              None)
                full = "/api/v1" + ("/" + prefix.strip("/") if prefix.strip("/") else "") + "/" + path.lstrip("/")
                full = full.replace("//", "/")
                for method in operation.methods:
                    spec = schema["paths"].get(full, {}).get(method.lower(), {})
                    query = {p["name"]: _example(p.get("schema", {})) for p in spec.get("parameters", [])
                             if p.get("in") == "query" and p.get("required")}
                    found.append(Endpoint("api", full, method, action, query=query,
                                          body=_body_schema(schema, spec)))
    return found


ENDPOINTS = page_endpoints() + api_endpoints()


def test_every_endpoint_declares_its_action():
    """A page or API operation without an entry in the permission table fails here."""
    missing = [str(e) for e in ENDPOINTS if e.action is None]
    assert not missing, "endpoints with no permission action (add @allowed / auth=allowed_api): " + ", ".join(missing)
    names = {a for e in ENDPOINTS for a in (e.action.values() if isinstance(e.action, dict) else [e.action])}
    unknown = names - set(permissions.ACTIONS)
    assert not unknown


def test_the_matrix_covers_every_url_and_operation():
    """The walk finds the endpoints a user reaches (a broken walk would make the matrix vacuous)."""
    routes = {e.route for e in ENDPOINTS}
    assert "/registry/workers/<int:worker_id>/" in routes
    assert "/api/v1/registry/workers/{worker_id}" in routes
    assert "/incentives/claims/<int:claim_id>/<str:action>/" in routes
    assert len([e for e in ENDPOINTS if e.kind == "api"]) >= 39
    assert len([e for e in ENDPOINTS if e.kind == "page"]) >= 50


# --- The world: one record inside every role's scope and one outside --------------------------


@dataclass
class World:
    users: dict
    inside: dict  # role -> kwarg -> value
    outside: dict  # role -> kwarg -> value (records the role must not see)
    common: dict  # kwargs with no scope


def _enterprise_claim(version, enterprise) -> Claim:
    decision = Decision.objects.create(version=version, policy=version.policy, enterprise=enterprise, period="2025-07",
                                       period_start=date(2025, 7, 1), eligible=True, entitled=Decimal("500"),
                                       amount=Decimal("500"), trace={"conditions": [], "parameters": {}})
    return Claim.objects.create(policy=version.policy, decision=decision, enterprise=enterprise,
                                subject_key=f"e{enterprise.pk}", period="2025-07", period_start=date(2025, 7, 1),
                                amount=Decimal("500"), mode=ClaimMode.AUTOMATIC, status=ClaimStatus.IN_NOTICE,
                                account_masked="6222****1234", notice_until=date(2025, 8, 11))


def _job(user) -> ImportJob:
    job = ImportJob.objects.create(kind="employment", actor=user, original_name="就业.xlsx", checksum="0" * 64,
                                   status="done", rejected_count=1)
    book, out = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["行号", "列", "值", "问题", "如何修改"])
    book.save(out)
    job.report.save("report.xlsx", ContentFile(out.getvalue()), save=True)
    return job


@pytest.fixture
def world(settings, tmp_path, dinghai, putuo, enterprise_a, enterprise_b, employee_a, employee_b, bureau_admin, bureau_staff, hr_a, hr_b,
          worker_user):
    employee_b.residence_district = putuo
    employee_b.discoverable = False
    employee_b.save()
    evaluation = evaluation_world(bureau_admin=bureau_admin, employee_a=employee_a, employee_b=employee_b)
    users = {Role.BUREAU_ADMIN: bureau_admin, Role.BUREAU_STAFF: bureau_staff, Role.ENTERPRISE_HR: hr_a,
             Role.WORKER: worker_user,
             Role.TRAINING_INSTITUTION: User.objects.create_user("trainer1", role=Role.TRAINING_INSTITUTION),
             Role.EVALUATION_AGENCY: evaluation.staff,
             Role.COMPETITION_ORGANISER: User.objects.create_user("organiser1", role=Role.COMPETITION_ORGANISER)}
    version = published(POLICY)
    claim_a = claim_in_notice(version, employee_a)
    claim_b = claim_in_notice(version, employee_b)
    claim_e = _enterprise_claim(version, enterprise_a)
    claim_eb = _enterprise_claim(version, enterprise_b)
    cert_a = CertificateFactory(worker=employee_a)
    cert_b = CertificateFactory(worker=employee_b)
    list_a = Shortlist.objects.create(enterprise=enterprise_a, name="焊工候选")
    list_b = Shortlist.objects.create(enterprise=enterprise_b, name="别家候选")
    entry_a = ShortlistEntry.objects.create(shortlist=list_a, worker=employee_a)
    entry_b = ShortlistEntry.objects.create(shortlist=list_b, worker=employee_b)
    request_a = ContactRequest.objects.create(enterprise=enterprise_b, worker=employee_a, message="您好")
    request_b = ContactRequest.objects.create(enterprise=enterprise_a, worker=employee_b, message="您好")
    ContactRequest.objects.create(enterprise=enterprise_a, worker=employee_a, status="accepted",
                                  decided_at=timezone.now())
    settings.INCOME_DATA_DIR = str(tmp_path / "income")
    city_snapshot(2023)
    city_snapshot(2024)
    other_job = _job(hr_b)
    batch = PaymentBatch.objects.create(created_by=bureau_admin)

    # training (issue 12): the trainer is bound to a Dinghai institution; a Putuo one is outside its scope
    # and outside the Dinghai bureau staff's.
    from gongjiang.training.models import Finding
    from gongjiang.training.tests.factories import class_make, institution_make, programme_make, site_make

    programme = programme_make(code="matrix")
    training = {}
    for side, district in (("a", "330902"), ("b", "330903")):
        institution = institution_make(name=f"矩阵培训学校{side}", district=district)
        training_class = class_make(institution, site_make(institution), programme, status="filed")
        finding = Finding.objects.create(rule="outside_timetable", key=f"matrix-{side}", institution=institution,
                                         training_class=training_class, reason="矩阵")
        training[side] = {"institution_id": institution.pk, "class_id": training_class.pk, "finding_id": finding.pk}
    users[Role.TRAINING_INSTITUTION].training_institution_id = training["a"]["institution_id"]
    users[Role.TRAINING_INSTITUTION].save()
    # end training

    person_a = {"worker_id": employee_a.pk, "record_id": cert_a.pk}
    person_b = {"worker_id": employee_b.pk, "record_id": cert_b.pk}
    inside, outside = {}, {}
    for role, user in users.items():
        mine = {"job_id": _job(user).pk, **person_a, "enterprise_id": enterprise_a.pk,
                "claim_id": claim_a.pk, "decision_id": claim_a.decision_id, "shortlist_id": list_a.pk,
                "entry_id": entry_a.pk, "request_id": request_a.pk, **evaluation.inside}
        theirs = {"job_id": other_job.pk, **person_b, "enterprise_id": enterprise_b.pk,
                  "claim_id": claim_b.pk, "decision_id": claim_b.decision_id, "shortlist_id": list_b.pk,
                  "entry_id": entry_b.pk, "request_id": request_b.pk, **evaluation.outside}
        mine.update(training["a"])  # training (issue 12)
        theirs.update(training["b"])
        if role == Role.ENTERPRISE_HR:  # an enterprise's claims are the enterprise's own
            mine.update(claim_id=claim_e.pk, decision_id=claim_e.decision_id)
            theirs.update(claim_id=claim_eb.pk, decision_id=claim_eb.decision_id)
        inside[role] = mine
        # A bureau administrator sees every record: nothing is outside the scope.
        outside[role] = {} if permissions.ROLE_SCOPES[role] == permissions.Scope.ALL else theirs
    # Agency staff import only evaluation rows (candidates, scores).
    inside[Role.EVALUATION_AGENCY]["kind_name"] = "evaluation_scores"
    inside[ANONYMOUS], outside[ANONYMOUS] = inside[Role.WORKER], {}
    common = {"code": POLICY, "version_id": version.pk, "batch_id": batch.pk, "kind": "certificate",
              "file_format": "xlsx", "kind_name": "employment", **evaluation.common,
              **_competition_world(users[Role.COMPETITION_ORGANISER], hr_a, employee_a)}
    # --- demand (issue 15): a filing of enterprise A and the shipped catalogue edition ---
    from gongjiang.demand.tests.factories import matrix_world as demand_world
    common.update(demand_world(enterprise_a))
    # --- end demand ---
    # --- indicators (issue 16): a shipped Dinghai target and a figure the Dinghai bureau entered ---
    from gongjiang.indicators.models import AreaFigure, Target
    common.update(target_id=Target.objects.filter(area__code="330902").first().pk,
                  figure_id=AreaFigure.objects.create(kind="employed", area=enterprise_a.district, year=2026,
                                                      value=1000).pk)
    from gongjiang.indicators.models import Bulletin
    common.update(bulletin_id=Bulletin.objects.create(area=enterprise_a.district, year=2026, month=11, file_format="pdf",
                                                      status="done", content=b"%PDF-1.4").pk)
    # --- end indicators ---
    return World(users, inside, outside, common)


def _competition_world(organiser, hr, worker) -> dict:
    """Issue 14: a published Dinghai event of the organiser (seen by the bureau of Dinghai too) and a
    nomination by enterprise A (seen by its HR and the Dinghai bureau)."""
    from gongjiang.competitions.tests.factories import competition_make, programme

    competition = competition_make(organiser)
    nomination = Nomination.objects.create(programme=programme(), worker=worker, enterprise=hr.enterprise,
                                           district=hr.enterprise.district, nominated_by=hr,
                                           nominating_unit=hr.enterprise.name, reason="演示")
    # a certificate of award of a result of the organiser's event (seen by it and the Dinghai bureau)
    from gongjiang.competitions.models import Result, SignedDocument
    from gongjiang.competitions.tests.factories import enter

    result = Result.objects.create(entry=enter(organiser, competition, worker), competition=competition, rank=1,
                                   award="first")
    document = SignedDocument.objects.create(
        kind="result", number="JSZ-MATRIX", result=result, worker=worker, holder=worker.name, issued_by=organiser,
        claims={"no": "JSZ-MATRIX", "doc": "竞赛获奖证书", "date": "2025-06-01"}, credential="a.b.c",
        issued_on=date(2025, 6, 1))
    return {"competition_id": competition.pk, "programme_id": nomination.programme_id,
            "nomination_id": nomination.pk, "document_id": document.pk}


_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _url(endpoint: Endpoint, values: dict) -> str | None:
    missing = []

    def fill(match):
        name = match.group(1) or match.group(2)
        if name not in values:
            missing.append(name)
            return ""
        return str(values[name])

    url = _PLACEHOLDER.sub(fill, endpoint.route)
    assert not missing, f"{endpoint}: the matrix has no value for {missing}; add one to the world"
    return url


def _scoped(endpoint: Endpoint) -> bool:
    names = {m.group(1) or m.group(2) for m in _PLACEHOLDER.finditer(endpoint.route)}
    return bool(names & {"worker_id", "enterprise_id", "claim_id", "decision_id", "shortlist_id", "entry_id",
                         "request_id", "job_id", "record_id", "agency_id", "evaluation_batch_id",
                         "certificate_id", "institution_id", "class_id", "finding_id"})  # training (issue 12)


def _request(user, endpoint: Endpoint, url: str, values: dict):
    with transaction.atomic():  # whatever an allowed POST changes (a log-out too) is undone for the next cell
        client = Client()
        if user is not None:
            client.force_login(user)
        if endpoint.kind == "api":
            call = getattr(client, endpoint.method.lower())
            if endpoint.method == "GET":
                response = call(url, endpoint.query)
            else:
                body = json.dumps(_body(endpoint, values)) if endpoint.body else "{}"
                response = call(url, data=body, content_type="application/json",
                                QUERY_STRING="&".join(f"{k}={v}" for k, v in endpoint.query.items()))
        else:
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url, {})
        transaction.set_rollback(True)
    return response


def _cells(endpoint: Endpoint):
    """(segment value, action name) pairs: one per action a view serves."""
    if isinstance(endpoint.action, dict):
        return list(endpoint.action.items())
    return [(None, endpoint.action)]


@pytest.mark.django_db
def test_authorisation_matrix(world, settings):
    """Every endpoint × role × (inside, outside) answers as the permission table says."""
    settings.LANGUAGE_CODE = "zh-hans"
    failures, counts = [], {"tried": 0, "refused": 0, "allowed": 0, "not_found": 0}
    for endpoint in ENDPOINTS:
        for segment, action_name in _cells(endpoint):
            spec = permissions.ACTIONS[action_name]
            for role in ROLES:
                user = world.users.get(role)
                places = [("inside", world.inside[role])]
                if _scoped(endpoint) and world.outside[role]:
                    places.append(("outside", world.outside[role]))
                for place, values in places:
                    kwargs = {**world.common, **values}
                    if segment is not None:
                        kwargs[endpoint.by] = segment
                    elif "action" in endpoint.route:
                        kwargs["action"] = "submit"
                    url = _url(endpoint, kwargs)
                    status = _request(user, endpoint, url, kwargs).status_code
                    counts["tried"] += 1
                    if spec.public:
                        expected, ok = "served", status < 500 and status not in (401, 403)
                    elif role == ANONYMOUS:
                        expected = "401" if endpoint.kind == "api" else "302 to log-in"
                        ok = status == (401 if endpoint.kind == "api" else 302)
                    elif endpoint.route == "/admin/":
                        allowed = permissions.can(user, action_name)
                        expected, ok = ("200" if allowed else "302 to admin log-in"), status == (200 if allowed else 302)
                    elif not permissions.can(user, action_name):
                        expected, ok = "403", status == 403
                    elif place == "outside":
                        expected, ok = "404", status == 404
                    else:
                        expected, ok = "allowed", status < 500 and status not in (401, 403, 404)
                    key = "allowed" if expected in ("allowed", "served", "200") else (
                        "not_found" if expected == "404" else "refused")
                    counts[key] += 1
                    if not ok:
                        failures.append(f"{role:22} {place:7} {endpoint.method} {url} [{action_name}]: "
                                        f"expected {expected}, got {status}")
    print(f"\nauthorisation matrix: {len(ENDPOINTS)} endpoints ({sum(e.kind == 'page' for e in ENDPOINTS)} pages, "
          f"{sum(e.kind == 'api' for e in ENDPOINTS)} API operations) × {len(ROLES)} roles: "
          f"{counts['tried']} requests, {counts['refused']} refused, {counts['not_found']} outside scope (404), "
          f"{counts['allowed']} allowed")
    assert not failures, f"{len(failures)} cells differ from the permission table:\n" + "\n".join(failures)


def test_every_api_operation_that_can_refuse_a_role_declares_403():
    """The OpenAPI document must say 403 wherever the permission table refuses some logged-in role
    (schemathesis checks the statuses the document declares; ADR 0016)."""
    refusing = {name for name, spec in permissions.ACTIONS.items()
                if not spec.public and spec.predicate is not permissions.is_authenticated}
    undeclared = [f"{op.methods} {path}" for _prefix, router in api._routers
                  for path, view in router.path_operations.items() for op in view.operations
                  if any(isinstance(cb, permissions.allowed_api) and cb.action in refusing for cb in op.auth_callbacks)
                  and 403 not in op.response_models]
    assert not undeclared
