from django.urls import path

from gongjiang.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
]
