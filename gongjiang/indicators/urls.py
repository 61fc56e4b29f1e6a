from django.urls import path

from gongjiang.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.home, name="home"),
    path("refresh/", views.refresh, name="refresh"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/export.<str:file_format>", views.target_list_export, name="target_list_export"),
    path("targets/new/", views.target_edit, name="target_create"),
    path("targets/<int:target_id>/", views.target_edit, name="target_edit"),
    path("targets/<int:target_id>/delete/", views.target_delete, name="target_delete"),
    path("figures/", views.figure_list, name="figure_list"),
    path("figures/new/", views.figure_edit, name="figure_create"),
    path("figures/<int:figure_id>/", views.figure_edit, name="figure_edit"),
    path("figures/<int:figure_id>/delete/", views.figure_delete, name="figure_delete"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export.<str:file_format>", views.ranking_export, name="ranking_export"),
    path("performance/", views.performance, name="performance"),
    path("performance/export.<str:file_format>", views.performance_export, name="performance_export"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:bulletin_id>/download/", views.bulletin_download, name="bulletin_download"),
    path("bulletins/<int:bulletin_id>/delete/", views.bulletin_delete, name="bulletin_delete"),
]
