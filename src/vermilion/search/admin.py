from django.contrib import admin

from .models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Moderators hide a suggestion (or a trending query) by ticking `hidden`."""

    list_display = ("label", "kind", "weight", "hidden")
    list_filter = ("kind", "hidden")
    search_fields = ("label", "key")
    list_editable = ("hidden",)
