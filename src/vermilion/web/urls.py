from django.urls import path

from . import account_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup", account_views.signup, name="signup"),
    path("login", account_views.login_view, name="login"),
    path("logout", account_views.logout_view, name="logout"),
    path("settings", account_views.settings_view, name="settings"),
    path("u/<str:username>", views.profile, name="profile"),
]
