from django.urls import path

from . import account_views, message_views, moderation_views, pwa, search_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("signup", account_views.signup, name="signup"),
    path("login", account_views.login_view, name="login"),
    path("logout", account_views.logout_view, name="logout"),
    path("settings", account_views.settings_view, name="settings"),
    path("n/<str:note_id>", views.note, name="note"),
    path("compose", views.compose, name="compose"),
    path("compose/<str:note_id>", views.compose, name="edit"),
    path("u/<str:username>", views.profile, name="profile"),
    path("u/<str:username>/followers", views.people, {"which": "followers"}, name="followers"),
    path("u/<str:username>/following", views.people, {"which": "following"}, name="following"),
    path("b/<str:board_id>", views.board, name="board"),
    path("t/<str:name>", views.topic, name="topic"),
    path("notifications", views.notifications, name="notifications"),
    path("messages", message_views.messages_page, name="messages"),
    path("messages/<str:conversation_id>", message_views.messages_page, name="conversation"),
    path("u/<str:username>/message", message_views.message_user, name="message_user"),
    path("search", search_views.search, name="search"),
    path("mod", moderation_views.queue, name="mod_queue"),
    path("mod/cases/<str:case_id>", moderation_views.case_page, name="mod_case"),
    path("mod/cases/<str:case_id>/act", moderation_views.act, name="mod_act"),
    path("report", moderation_views.report, name="report"),
    path("decisions", moderation_views.my_decisions, name="my_decisions"),
    path("decisions/<str:decision_id>/appeal", moderation_views.appeal, name="appeal"),
    path("decisions/<str:decision_id>.json", moderation_views.decision_json, name="decision_json"),
    path("transparency", moderation_views.transparency, name="transparency"),
]
