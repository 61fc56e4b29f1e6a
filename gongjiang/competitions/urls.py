from django.urls import path

from gongjiang.competitions import views

app_name = "competitions"
urlpatterns = [
    # Public, no log-in.
    path("plan/", views.plan, name="plan"),
    path("plan/<int:competition_id>/", views.plan_detail, name="plan_detail"),
    path("plan/<int:competition_id>/objection/", views.objection_lodge, name="objection_lodge"),
    path("honours/", views.honour_list, name="honour_list"),
    path("plan/export.<str:file_format>", views.plan_export, name="plan_export"),
    path("honours/export.<str:file_format>", views.honour_list_export, name="honour_list_export"),
    path("verify/", views.verify, name="verify"),
    # Organisers and the bureau.
    path("documents/<int:document_id>.pdf", views.document_pdf, name="document_pdf"),
    path("statements/", views.statements, name="statements"),
    path("", views.competition_list, name="competition_list"),
    path("export.<str:file_format>", views.competition_list_export, name="competition_list_export"),
    path("new/", views.competition_new, name="competition_new"),
    path("<int:competition_id>/", views.competition_detail, name="competition_detail"),
    path("<int:competition_id>/entries/export.<str:file_format>", views.entry_list_export, name="entry_list_export"),
    path("<int:competition_id>/results/export.<str:file_format>", views.result_list_export,
         name="result_list_export"),
    path("<int:competition_id>/<str:action>/", views.competition_action, name="competition_action"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/export.<str:file_format>", views.rule_list_export, name="rule_list_export"),
    # Honours, studios and designations.
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:programme_id>/nominate/", views.nominate, name="nominate"),
    path("nominations/export.<str:file_format>", views.nomination_list_export, name="nomination_list_export"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:nomination_id>/<str:action>/", views.nomination_action, name="nomination_action"),
]
