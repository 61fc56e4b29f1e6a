from django.urls import path

from gongjiang.registry import views

app_name = "registry"
urlpatterns = [
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/export.<str:file_format>", views.worker_list_export, name="worker_list_export"),
    path("workers/new/", views.worker_create, name="worker_create"),
    path("workers/add-employee/", views.employee_add, name="employee_add"),
    path("workers/<int:worker_id>/", views.worker_detail, name="worker_detail"),
    path("workers/<int:worker_id>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:worker_id>/reveal/", views.worker_reveal, name="worker_reveal"),
    path("workers/<int:worker_id>/<str:kind>/new/", views.record_edit, name="record_add"),
    path("workers/<int:worker_id>/<str:kind>/<int:record_id>/edit/", views.record_edit, name="record_edit"),
    path("workers/<int:worker_id>/<str:kind>/<int:record_id>/delete/", views.record_delete, name="record_delete"),
    path("me/", views.my_archive, name="my_archive"),
    path("me/archive.<str:file_format>", views.my_archive_export, name="my_archive_export"),
    path("workers/<int:worker_id>/archive.<str:file_format>", views.worker_archive_export, name="worker_archive_export"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/export.<str:file_format>", views.enterprise_list_export, name="enterprise_list_export"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:enterprise_id>/edit/", views.enterprise_edit, name="enterprise_edit"),
]
