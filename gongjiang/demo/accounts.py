"""One log-in per role for the demo district.

The password is the same for every demo account and is printed by `demo_load`: these accounts
exist to be tried out, so they must never be created on a production database.

`bureau_admin` is *not* a superuser. It is a staff account (`is_staff`, so it can open the Django
admin) in the group "人社局管理员（演示）", which may view, add, change and delete talent-registry
records, view and change reference data, and view the audit log and user accounts. A superuser
would pass every permission check, and the registry's selectors and services treat
`is_superuser` as "sees everything, may do anything" (and the `user_worker_has_archive`
constraint lets a superuser skip its archive), so a superuser demo account would hide what the
bureau-administrator role itself may and may not do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from gongjiang.accounts.models import Role, User
from gongjiang.config import env

# Demo only, printed on screen; never on a real system. Set GONGJIANG_DEMO_PASSWORD to change it.
DEMO_PASSWORD = env.DEMO_PASSWORD
DEMO_ADMIN_GROUP = "人社局管理员（演示）"
DEMO_USERNAMES = ("bureau_admin", "bureau_staff", "hr", "hr2", "worker", "trainer", "evaluator",
                  "organiser")  # issue 14: competition organiser


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    role_label: str
    scope: str
    password: str = DEMO_PASSWORD


def _admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=DEMO_ADMIN_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label="registry")
        | Q(content_type__app_label="reference", codename__regex=r"^(view|change)_")
        | Q(content_type__app_label__in=["audit", "accounts"], codename__startswith="view_"))
    group.permissions.set(permissions)
    return group


def _account(username: str, role: str, **fields: Any) -> User:
    """Create the account, or bring an existing one with this name back to its demo state."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return User.objects.create_user(username=username, password=DEMO_PASSWORD, role=role, **fields)
    for key, value in {"role": role, "is_superuser": False, "is_staff": False, "district": None,
                       "enterprise": None, "worker": None, "agency": None,
                       "organisation_name": "", **fields}.items():
        setattr(user, key, value)
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    return user


def demo_accounts_create(*, district: Any, enterprise: Any, enterprise2: Any, worker: Any, trainer: str,
                         evaluator: str) -> list[DemoLogin]:
    """The seven demo accounts, bound to the demo district's records; returns their log-ins."""
    admin = _account("bureau_admin", Role.BUREAU_ADMIN, is_staff=True, first_name="演示管理员")
    admin.groups.add(_admin_group())
    _account("bureau_staff", Role.BUREAU_STAFF, district=district, first_name="演示科员")
    _account("hr", Role.ENTERPRISE_HR, enterprise=enterprise, first_name="人事专员")
    _account("hr2", Role.ENTERPRISE_HR, enterprise=enterprise2, first_name="人事专员")
    _account("worker", Role.WORKER, worker=worker, first_name=worker.name)
    _account("trainer", Role.TRAINING_INSTITUTION, organisation_name=trainer)
    _account("evaluator", Role.EVALUATION_AGENCY, organisation_name=evaluator)
    # issue 14: a competition organiser (the district's competition committee), bound to the district
    _account("organiser", Role.COMPETITION_ORGANISER, district=district,
             organisation_name=f"{district.name}职业技能竞赛组委会")
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, with what each may see (for printing)."""
    users = {user.username: user for user in
             User.objects.filter(username__in=DEMO_USERNAMES).select_related("district", "enterprise", "worker", "agency")}
    logins = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        if user.role == Role.BUREAU_ADMIN:
            scope = "全部数据；可进入后台管理 /admin/"
        elif user.district_id:
            scope = f"{user.district.name}（{user.district.code}）"
        elif user.enterprise_id:
            scope = user.enterprise.name
        elif user.agency_id:
            scope = user.agency.name
        elif user.worker_id:
            scope = f"{user.worker.name}（本人档案）"
        else:
            scope = user.organisation_name
        logins.append(DemoLogin(username, user.role, str(Role(user.role).label), scope))
    return logins
