"""The typed JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Each domain contributes a router from its own `api.py`; this module only mounts them."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from gongjiang.core.api import error_descriptions, field_title, validation_errors_in_chinese
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied


class GongjiangAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        # Keep the Chinese label (`title`) of each field that failed, for the message (issue 18 §7).
        exc = super().validation_error_from_error_contexts(error_contexts)
        models = [context.model for context in error_contexts]
        for error in exc.errors:
            error["label"] = field_title(models, error.get("loc", ()))
        return exc

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Each declared error status says, in Chinese, when the API answers with it.
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        descriptions = error_descriptions()
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) in descriptions:
                        response["description"] = descriptions[int(status)]
        return schema


api = GongjiangAPI(
    title="工匠 Gongjiang API",
    version="1",
    description=("技能人才服务平台接口。所有接口需要登录（会话 Cookie），数据范围与页面相同；"
                 "修改类请求（POST、PATCH、DELETE）需在 X-CSRFToken 请求头中带上 csrftoken Cookie 的值。"
                 "出错时统一返回 {\"detail\": \"中文说明\"}：业务规则拒绝（400）另有 code 和 field，"
                 "格式错误（422）另有逐项的 errors。"),
    auth=django_auth,
    urls_namespace="api-1",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code, "field": exc.field},
                               status=exc.status)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound):
    return api.create_response(request, {"detail": str(exc) or "未找到该记录，或您无权查看"}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "您无权进行此操作"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": "请先登录"}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    detail, errors = validation_errors_in_chinese(exc.errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(Http404)
def _no_such_page(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": _("未找到该记录，或您无权查看")}, status=404)


# django-ninja's own refusals carry English text; the API speaks Chinese (issue 18 §7).
_NINJA_MESSAGES = {
    (400, "Cannot parse request body"): gettext_noop("请求正文不是有效的 JSON，请检查格式后重试"),
    (403, "CSRF check Failed"): gettext_noop(
        "缺少有效的 CSRF 令牌：修改类请求需带上 csrftoken Cookie，并在 X-CSRFToken 请求头中填写同一令牌"),
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    message = str(exc)
    detail = next((_(zh) for (status, en), zh in _NINJA_MESSAGES.items()
                   if status == exc.status_code and message.startswith(en)), message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _mount() -> None:
    from gongjiang.demand.api import router as demand_router
    from gongjiang.evaluation.api import router as evaluation_router
    from gongjiang.incentives.api import router as incentives_router
    from gongjiang.income.api import router as income_router
    from gongjiang.ingest.api import router as ingest_router
    from gongjiang.reference.api import router as reference_router
    from gongjiang.registry.api import router as registry_router
    from gongjiang.search.api import router as search_router
    from gongjiang.training.api import router as training_router

    api.add_router("/reference/", reference_router)
    api.add_router("/registry/", registry_router)
    api.add_router("/ingest/", ingest_router)
    api.add_router("/search/", search_router)
    api.add_router("/demand/", demand_router)
    api.add_router("/incentives/", incentives_router)
    api.add_router("/income/", income_router)
    api.add_router("/evaluation/", evaluation_router)


    from gongjiang.competitions.api import router as competitions_router  # issue 14

    api.add_router("/competitions/", competitions_router)


    api.add_router("/training/", training_router)

    from gongjiang.indicators.api import router as indicators_router  # issue 16

    api.add_router("/indicators/", indicators_router)


_mount()
