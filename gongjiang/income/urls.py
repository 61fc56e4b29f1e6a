from django.urls import path

from gongjiang.income import views

app_name = "income"
urlpatterns = [
    path("", views.wage_levels, name="wage_levels"),
    path("public/", views.wage_levels_public, name="wage_levels_public"),  # no log-in (ADR 0026)
    path("distribution/", views.income_distribution, name="distribution"),
    path("distribution/export.<str:file_format>", views.distribution_export, name="distribution_export"),
    path("distribution/soe-gap/export.<str:file_format>", views.soe_gap_export, name="soe_gap_export"),
    path("evaluation/", views.policy_evaluation, name="evaluation"),
]
