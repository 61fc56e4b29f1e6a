"""Shared pieces of the incentive services: who may act, notifications, defaults."""

from typing import Any

from gongjiang.accounts.permissions import require
from gongjiang.incentives.models import (
    Claim,
    ClaimEvent,
)

NOTICE_WORKING_DAYS = 7  # default when a policy has no `notice_working_days` parameter
PAY_DEADLINE_DAYS = 90  # after a failed payment, how long the beneficiary has to fix the account


def _require_officer(actor: Any) -> None:
    require(actor, "incentives.officer", message="只有人社局工作人员可以办理激励政策和发放")



def _notify(claim: Claim, actor: Any, action: str, message: str) -> None:
    ClaimEvent.objects.create(claim=claim, actor=actor if actor and actor.is_authenticated else None,
                              action=action, status=claim.status, message=message)


