app_name = "incentives"
urlpatterns: list = []
