"""Shared pieces of the incentive services: who may act, notifications, defaults."""

from typing import Any

from gongjiang.accounts.permissions import require
from gongjiang.incentives.models import (
    Claim,
    ClaimEvent,
    ClaimStatus,
)

NOTICE_WORKING_DAYS = 7  # default when a policy has no `notice_working_days` parameter
PAY_DEADLINE_DAYS = 90  # after a failed payment, how long the beneficiary has to fix the account


def _require_officer(actor: Any) -> None:
    require(actor, "incentives.officer", message="只有人社局工作人员可以办理激励政策和发放")



def _notify(claim: Claim, actor: Any, action: str, message: str) -> None:
    ClaimEvent.objects.create(claim=claim, actor=actor if actor and actor.is_authenticated else None,
                              action=action, status=claim.status, message=message)




def claims_unconfirmed_waive(claims: Any, *, today: Any) -> int:
    """Waive the claims (a queryset) found automatically and left unconfirmed past their deadline:
    they stopped counting toward caps that day (counting rule, ADR 0017). System job, no actor."""
    waived = 0
    for claim in claims.filter(status=ClaimStatus.AWAITING_CONFIRMATION, pay_deadline__lt=today):
        claim.status = ClaimStatus.WAIVED
        claim.save(update_fields=["status"])
        _notify(claim, None, "waived", f"逾期（{claim.pay_deadline:%Y-%m-%d}）未确认，视为放弃；该期不计入享受期限")
        waived += 1
    return waived
