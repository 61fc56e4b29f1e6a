"""The counting rule (issue 17 §5, ADR 0017): what counts toward a policy's caps — months toward
36, money toward a yearly cap, "already paid" for a period — and whether the predecessor a
policy counts is there (§7). Every formula and the deciding path read caps through
`committed_by_key`."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from gongjiang.incentives.engine import Parameter
from gongjiang.incentives.models import Claim, ClaimStatus, LedgerEntry, Policy

ZERO = Decimal("0")
# Claims that hold money not yet written to the ledger (they count against caps).
UNLEDGERED = [ClaimStatus.AWAITING_CONFIRMATION, ClaimStatus.SUBMITTED, ClaimStatus.FIRST_REVIEWED,
              ClaimStatus.IN_NOTICE, ClaimStatus.ON_HOLD, ClaimStatus.PAYABLE, ClaimStatus.FAILED]
# The counting rule (issue 17 §5, ADR 0017): a month or an amount counts toward a cap once it is
# in the ledger (paid, net of reversals), or while its claim is open — under review, in notice,
# on hold, payable — or, when it awaits the beneficiary's confirmation, until the confirmation
# deadline (`Claim.pay_deadline`, `confirm_within_days` after it was found). Waived, rejected and
# failed (reversed, waiting for an account) claims do not count.
OPEN_COUNTING = [ClaimStatus.SUBMITTED, ClaimStatus.FIRST_REVIEWED, ClaimStatus.IN_NOTICE, ClaimStatus.ON_HOLD,
                 ClaimStatus.PAYABLE]
COUNTING_RULE = "计入上限的口径：已发放的（以发放台账为准），以及审核、公示、待发放中的事项；待本人确认的事项在确认期限内计入，" \
                "逾期未确认、放弃、不予通过的不计入"
# Parameters every formula may carry (labels for screens; the citation is on each value).
COMMON_PARAMETERS = {"notice_working_days": "公示期（工作日）", "confirm_within_days": "免申即享确认期限（天）"}
CONFIRM_WITHIN_DAYS = 90  # default when a policy has no `confirm_within_days` parameter


def claims_counting(claims, *, today: date | None = None):
    """Claims (a queryset) that count toward caps on `today` under the counting rule above."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return claims.filter(Q(status__in=OPEN_COUNTING) | Q(
        Q(pay_deadline__isnull=True) | Q(pay_deadline__gte=today), status=ClaimStatus.AWAITING_CONFIRMATION))


def _policy_ids(policy: Policy, params: dict[str, Parameter]) -> list[int]:
    """This policy, plus the one it continues when `count_continued_policy` is 1 (`003` 继续给予)."""
    ids = [policy.pk]
    if policy.continues_id and params.get("count_continued_policy") is not None \
            and params["count_continued_policy"].value == 1:
        ids.append(policy.continues_id)
    return ids


def predecessor_warning(policy: Policy, params: dict[str, Parameter]) -> str:
    """What a policy that counts its predecessor's payments (`count_continued_policy` = 1, `003`
    “继续给予”) must say while that predecessor is not registered — unless an officer recorded that
    there is none — or its payment history has not been imported (issue 17 §7); "" otherwise."""
    counted = params.get("count_continued_policy")
    if counted is None or counted.value != 1:
        return ""
    if policy.continues_id is None:
        if policy.no_predecessor:
            return ""
        return ("本政策“继续给予”，原政策已享月数计入上限，但尚未登记延续的原政策：在登记原政策并导入其发放记录之前，"
                "上限只从本政策起算，可能多发。请在后台登记原政策，或记录“无原政策”。")
    if not LedgerEntry.objects.filter(policy_id=policy.continues_id).exists():
        return ("已登记延续的原政策，但尚未导入其发放记录：在导入之前，上限只从本政策起算，可能多发。")
    return ""


def committed_by_key(policy_ids: list[int], *, subject_keys: set[str] | None = None,
                     since: date | None = None, until: date | None = None, today: date | None = None
                     ) -> dict[tuple[str, str], Decimal]:
    """Money committed per (subject, period): the ledger's net plus the open claims not yet paid
    that count on `today` (the counting rule, `claims_counting`)."""
    ledger = LedgerEntry.objects.filter(policy_id__in=policy_ids)
    claims = claims_counting(Claim.objects.filter(policy_id__in=policy_ids), today=today)
    if subject_keys is not None:
        ledger, claims = ledger.filter(subject_key__in=subject_keys), claims.filter(subject_key__in=subject_keys)
    if since:
        ledger, claims = ledger.filter(period_start__gte=since), claims.filter(period_start__gte=since)
    if until:
        ledger, claims = ledger.filter(period_start__lt=until), claims.filter(period_start__lt=until)
    result: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for key, period, total in ledger.values_list("subject_key", "period").annotate(total=Sum("amount")):
        result[(key, period)] += total
    for key, period, amount in claims.values_list("subject_key", "period", "amount"):
        result[(key, period)] += amount
    return result
