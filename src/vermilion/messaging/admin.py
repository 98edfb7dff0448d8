from django.contrib import admin

from .models import Conversation, Message, RequestReport


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = ("id", "user_low", "user_high", "last_seq", "last_message_at", "created_at")
    raw_id_fields = ("user_low", "user_high")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ("id", "conversation", "seq", "sender", "kind", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("conversation", "sender", "media", "note")


@admin.register(RequestReport)
class RequestReportAdmin(admin.ModelAdmin[RequestReport]):
    list_display = ("id", "reporter", "reported", "conversation", "reason", "created_at")
    raw_id_fields = ("reporter", "reported", "conversation")
