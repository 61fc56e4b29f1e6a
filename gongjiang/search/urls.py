from django.urls import path

from gongjiang.search import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("export/", views.search_export, name="search_export"),
    path("shortlists/", views.shortlist_list, name="shortlist_list"),
    path("shortlists/add/", views.shortlist_add, name="shortlist_add"),
    path("shortlists/<int:shortlist_id>/", views.shortlist_detail, name="shortlist_detail"),
    path("shortlists/<int:shortlist_id>/export/", views.shortlist_export, name="shortlist_export"),
    path("entries/<int:entry_id>/note/", views.entry_note, name="entry_note"),
    path("entries/<int:entry_id>/remove/", views.entry_remove, name="entry_remove"),
    path("workers/<int:worker_id>/contact/", views.contact_request, name="contact_request"),
    path("workers/<int:worker_id>/contact/reveal/", views.contact_reveal, name="contact_reveal"),
    path("me/requests/", views.my_requests, name="my_requests"),
    path("me/requests/export.<str:file_format>", views.my_requests_export, name="my_requests_export"),
    path("index/", views.index_status, name="index_status"),
]
