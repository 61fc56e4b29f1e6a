from django.urls import path

from gongjiang.incentives import views

app_name = "incentives"
urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("export.<str:file_format>", views.policy_list_export, name="policy_list_export"),
    path("policies/<slug:code>/", views.policy_detail, name="policy_detail"),
    path("policies/<slug:code>/draft/", views.version_draft, name="version_draft"),
    path("policies/<slug:code>/predecessor/", views.policy_predecessor, name="policy_predecessor"),
    path("versions/<int:version_id>/", views.version_detail, name="version_detail"),
    path("versions/<int:version_id>/<str:action>/", views.version_action, name="version_action"),
    path("run/", views.run_month, name="run_month"),
    path("run/export.<str:file_format>", views.run_list_export, name="run_list_export"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/export.<str:file_format>", views.claim_list_export, name="claim_list_export"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/<str:action>/", views.claim_action, name="claim_action"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:batch_id>/export.xlsx", views.batch_export_view, name="batch_export"),
    path("batches/<int:batch_id>/results/", views.batch_results, name="batch_results"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("mine/", views.mine, name="mine"),
    path("policies/<slug:code>/apply/", views.claim_apply, name="claim_apply"),
    path("mine/claims/export.<str:file_format>", views.mine_claims_export, name="mine_claims_export"),
    path("mine/decisions/export.<str:file_format>", views.mine_decisions_export, name="mine_decisions_export"),
    path("notice/", views.notice, name="notice"),  # public (ADR 0026)
    path("public/", views.policies_public, name="policies_public"),  # no log-in (ADR 0026)
    path("notice/export.<str:file_format>", views.notice_export, name="notice_export"),
]
