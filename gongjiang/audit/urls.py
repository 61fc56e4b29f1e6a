from django.urls import path

from gongjiang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.<str:file_format>", views.audit_log_export, name="log_export"),
]
