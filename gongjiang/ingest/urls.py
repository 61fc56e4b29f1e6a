from django.urls import path

from gongjiang.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("export.<str:file_format>", views.import_list_export, name="import_list_export"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/report.xlsx", views.job_report, name="job_report"),
    path("templates/<str:kind_name>.xlsx", views.template_download, name="template"),
]
