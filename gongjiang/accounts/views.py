from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.http import client_ip


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action=AuditAction.LOGIN, object_type="user",
                     object_id=self.request.user.pk, ip_address=client_ip(self.request))
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
