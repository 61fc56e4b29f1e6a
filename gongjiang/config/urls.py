from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from gongjiang.config.api import api

admin.site.site_header = "工匠 · 技能人才服务平台 后台管理"
admin.site.site_title = "工匠后台"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("gongjiang.accounts.urls")),
    path("registry/", include("gongjiang.registry.urls")),
    path("audit/", include("gongjiang.audit.urls")),
    path("ingest/", include("gongjiang.ingest.urls")),
    path("search/", include("gongjiang.search.urls")),
    path("demand/", include("gongjiang.demand.urls")),
    path("incentives/", include("gongjiang.incentives.urls")),
    path("income/", include("gongjiang.income.urls")),
    path("evaluation/", include("gongjiang.evaluation.urls")),


    path("competitions/", include("gongjiang.competitions.urls")),  # issue 14


    path("training/", include("gongjiang.training.urls")),
    path("indicators/", include("gongjiang.indicators.urls")),  # issue 16
    path("public/", include("gongjiang.portal.urls")),  # issue 16: the public portal
    path("", include("gongjiang.core.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
