from django.urls import path

from gongjiang.demand import views

app_name = "demand"
urlpatterns = [
    # The public catalogue (no login).
    path("catalogue/", views.public_catalogue, name="public_catalogue"),
    path("catalogue/<int:catalogue_id>/export.<str:file_format>", views.public_catalogue_export,
         name="public_catalogue_export"),
    # Enterprise filings.
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/export.<str:file_format>", views.filing_list_export, name="filing_list_export"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("filings/<int:filing_id>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:filing_id>/history.<str:file_format>", views.filing_history_export,
         name="filing_history_export"),
    path("filings/<int:filing_id>/revise/", views.filing_revise, name="filing_revise"),
    path("filings/<int:filing_id>/withdraw/", views.filing_withdraw, name="filing_withdraw"),
    # The bureau.
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/export.<str:file_format>", views.analysis_export, name="analysis_export"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.<str:file_format>", views.indicators_export, name="indicators_export"),
    path("forecast/", views.forecast, name="forecast"),
    path("forecast/run/", views.forecast_request, name="forecast_request"),
    path("forecast/export.<str:file_format>", views.forecast_export, name="forecast_export"),
    path("workforce/", views.workforce, name="workforce"),
    path("workforce/export.<str:file_format>", views.workforce_export, name="workforce_export"),
    path("weights/", views.weights, name="weights"),
    path("weights/edit/", views.weight_edit, name="weight_edit"),
    path("weights/export.<str:file_format>", views.weights_export, name="weights_export"),
    path("catalogues/", views.catalogue_list, name="catalogue_list"),
    path("catalogues/export.<str:file_format>", views.catalogue_list_export, name="catalogue_list_export"),
    path("catalogues/compute/", views.catalogue_compute, name="catalogue_compute"),
    path("catalogues/<int:catalogue_id>/", views.catalogue_detail, name="catalogue_detail"),
    path("catalogues/<int:catalogue_id>/notes/", views.catalogue_note, name="catalogue_note"),
    path("catalogues/<int:catalogue_id>/publish/", views.catalogue_publish, name="catalogue_publish"),
    path("catalogues/<int:catalogue_id>/export.<str:file_format>", views.catalogue_export, name="catalogue_export"),
]
