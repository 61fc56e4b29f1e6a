from django.urls import path

from gongjiang.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/export.<str:file_format>", views.institution_list_export, name="institution_list_export"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:institution_id>/<str:action>/", views.institution_action, name="institution_action"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/export.<str:file_format>", views.programme_list_export, name="programme_list_export"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/export.<str:file_format>", views.class_list_export, name="class_list_export"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:class_id>/roster.<str:file_format>", views.class_roster_export, name="class_roster_export"),
    path("classes/<int:class_id>/<str:action>/", views.class_action, name="class_action"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export.<str:file_format>", views.finding_list_export, name="finding_list_export"),
    path("findings/run/", views.supervision_run, name="supervision_run"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding_detail"),
    path("enterprise/", views.enterprise_training, name="enterprise_training"),
    path("enterprise/funds.<str:file_format>", views.enterprise_fund_export, name="enterprise_fund_export"),
    path("enterprise/export.<str:file_format>", views.enterprise_training_export, name="enterprise_training_export"),
    path("public/", views.public_catalogue, name="public_catalogue"),
    path("public/map/", views.public_map, name="public_map"),
]
