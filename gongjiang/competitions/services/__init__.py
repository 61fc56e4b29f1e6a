"""Writes of the competitions domain (ADR 0024): events, entries and results (`events`), 以赛代评
(`promotions`), honours, studios and designations with quotas (`honours`)."""

from gongjiang.competitions.services.documents import (  # noqa: F401
    document_verify,
    enterprise_statement_issue,
    honour_certificate_issue,
    result_certificate_issue,
    worker_statement_issue,
)
from gongjiang.competitions.services.events import (  # noqa: F401
    competition_create,
    competition_publish,
    entry_add,
    result_record,
    results_publish,
)
from gongjiang.competitions.services.honours import (  # noqa: F401
    nomination_award,
    nomination_create,
    nomination_review,
    studio_member_add,
    studio_review_record,
)
from gongjiang.competitions.services.imports import rows_import  # noqa: F401
from gongjiang.competitions.services.objections import objection_handle, objection_lodge  # noqa: F401
from gongjiang.competitions.services.promotions import promotion_compute, results_confirm  # noqa: F401
