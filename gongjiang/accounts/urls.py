from django.urls import path

from gongjiang.accounts import views
from gongjiang.accounts.permissions import allowed

app_name = "accounts"
urlpatterns = [
    path("login/", allowed("public")(views.LoginView.as_view()), name="login"),
    path("logout/", allowed("public")(views.logout_view), name="logout"),
]
