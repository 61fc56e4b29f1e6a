from django.urls import path

from gongjiang.income import views

app_name = "income"
urlpatterns = [
    path("", views.wage_levels, name="wage_levels"),
    path("distribution/", views.income_distribution, name="distribution"),
    path("evaluation/", views.policy_evaluation, name="evaluation"),
]
