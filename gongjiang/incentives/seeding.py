"""Load shipped policies (`policies/*.yaml`) into the database (honour quotas are the honour
programmes', shipped by `competitions.seeding`; ADR 0024). Used by the data
migration (with historical models from `apps.get_model`) and by `gongjiang policy load`; loading is
idempotent by document number and policy code. Shipped versions are published as version 1: they
were reviewed as code, with their own policy tests."""

import datetime
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).resolve().parent / "policies"
SEED_FILES = ["dinghai_2025.yaml", "skill_upgrade.yaml", "huangpu_2018.yaml"]


def _decided_at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def policy_file_load(data: dict[str, Any], *, models: dict[str, Any]) -> list[Any]:
    """Create the document, its policies, a published version 1 and its parameter values."""
    Division, PolicyDocument = models["Division"], models["PolicyDocument"]
    Policy, PolicyVersion, ParameterValue = models["Policy"], models["PolicyVersion"], models["ParameterValue"]
    document, _ = PolicyDocument.objects.update_or_create(number=data["number"], defaults={
        "title": data["title"], "issuer": data["issuer"], "issued_on": data["issued_on"],
        "effective_from": data["effective_from"], "applies_from": data["applies_from"],
        "expires_on": data.get("expires_on"), "source_url": data.get("source_url", "")})
    created = []
    for item in data["policies"]:
        district = Division.objects.get(code=item["district"])
        policy, _ = Policy.objects.update_or_create(code=item["code"], defaults={
            "document": document, "name": item["name"], "clause": item["clause"], "formula": item["formula"],
            "subject_kind": item["subject_kind"], "mode": item["mode"], "district": district,
            "notes": " ".join(str(item.get("notes", "")).split())})
        if not PolicyVersion.objects.filter(policy=policy).exists():
            version = PolicyVersion.objects.create(policy=policy, number=1, status="published",
                                                   conditions=item["conditions"], change_note="随系统发布的初始版本",
                                                   published_at=_decided_at(data["issued_on"]))
            for p in item["parameters"]:
                ParameterValue.objects.create(version=version, name=p["name"], value=str(p["value"]),
                                              effective_from=p["effective_from"], citation=p["citation"],
                                              decided_at=_decided_at(data["issued_on"]))
        created.append(policy)
    return created


def seed_parameters_add(*, models: dict[str, Any], decided_at: datetime.datetime) -> int:
    """Parameters added to a shipped policy file after its version 1 was loaded (issue 17: month
    rules, grade in the post's occupation, confirmation deadline, once per person): recorded on
    version 1, decided when the upgrade ran, for each name the policy does not have yet. Returns
    how many values were added."""
    Policy, ParameterValue = models["Policy"], models["ParameterValue"]
    added = 0
    for name in SEED_FILES:
        data = yaml.safe_load((POLICY_DIR / name).read_text(encoding="utf-8"))
        for item in data["policies"]:
            policy = Policy.objects.filter(code=item["code"]).first()
            first = policy and models["PolicyVersion"].objects.filter(policy=policy, number=1).first()
            if first is None:
                continue
            known = set(ParameterValue.objects.filter(version__policy=policy).values_list("name", flat=True))
            for p in item["parameters"]:
                if p["name"] not in known:
                    ParameterValue.objects.create(version=first, name=p["name"], value=str(p["value"]),
                                                  effective_from=p["effective_from"], citation=p["citation"],
                                                  decided_at=decided_at)
                    added += 1
    return added


def seed_load(*, models: dict[str, Any]) -> None:
    for name in SEED_FILES:
        policy_file_load(yaml.safe_load((POLICY_DIR / name).read_text(encoding="utf-8")), models=models)


def seed_unload(*, models: dict[str, Any]) -> None:
    numbers = [yaml.safe_load((POLICY_DIR / n).read_text(encoding="utf-8"))["number"] for n in SEED_FILES]
    policies = models["Policy"].objects.filter(document__number__in=numbers)
    models["ParameterValue"].objects.filter(version__policy__in=policies).delete()
    models["PolicyVersion"].objects.filter(policy__in=policies).delete()
    policies.delete()
    models["PolicyDocument"].objects.filter(number__in=numbers).delete()
