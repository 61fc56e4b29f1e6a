"""Writes of special incentives (R6.1, R6.2): drafting and publishing policy versions (maker and
checker), the monthly run and arrears, claims through confirmation, two reviews, public notice
(公示) and objections, payment batches and their results, reversals. Each function says who may
call it; refusals are DomainError/PermissionDenied in Chinese.

Split by stage (`versions`, `runs`, `claims`, `payments`); import from here."""

from gongjiang.incentives.services._common import NOTICE_WORKING_DAYS, PAY_DEADLINE_DAYS
from gongjiang.incentives.services.claims import (
    claim_account_update,
    claim_apply,
    claim_confirm,
    claim_notices_recount,
    claim_review,
    claims_remind_and_waive,
    objection_decide,
    objection_raise,
)
from gongjiang.incentives.services.payments import (
    BATCH_COLUMNS,
    batch_export,
    batch_result_import,
    claim_pay,
    claims_pay_due,
    ledger_reverse,
    payment_result_record,
    subject_kind_of,
    subsidy_claw_back,
)
from gongjiang.incentives.services.runs import (
    CLAIM_FIELDS,
    DECISION_FIELDS,
    EVENT_FIELDS,
    arrears_run,
    decisions_record,
    monthly_run,
)
from gongjiang.incentives.services.versions import (
    parameter_value_add,
    policy_predecessor_record,
    policy_version_approve,
    policy_version_conditions_set,
    policy_version_draft,
    policy_version_reject,
    policy_version_submit,
    published_version,
)

__all__ = [
    "BATCH_COLUMNS", "CLAIM_FIELDS", "DECISION_FIELDS", "EVENT_FIELDS", "NOTICE_WORKING_DAYS", "PAY_DEADLINE_DAYS",
    "arrears_run", "batch_export", "batch_result_import", "claim_account_update", "claim_apply", "claim_confirm",
    "claim_notices_recount", "claim_pay", "claim_review", "claims_pay_due", "claims_remind_and_waive", "decisions_record", "ledger_reverse",
    "monthly_run", "objection_decide", "objection_raise", "parameter_value_add", "payment_result_record",
    "policy_predecessor_record", "policy_version_approve", "policy_version_conditions_set", "policy_version_draft",
    "policy_version_reject",
    "policy_version_submit", "published_version", "subject_kind_of", "subsidy_claw_back",
]
