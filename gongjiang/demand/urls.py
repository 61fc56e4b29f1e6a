app_name = "demand"
urlpatterns: list = []
