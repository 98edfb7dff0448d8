from django.contrib import admin

from .models import Media


@admin.register(Media)
class MediaAdmin(admin.ModelAdmin[Media]):
    list_display = ("id", "owner", "kind", "status", "width", "height", "size_bytes", "attached_at", "created_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("owner",)
    readonly_fields = ("variants", "original_name", "created_at")
