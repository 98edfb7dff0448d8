"""Admins edit the policy (thresholds), the rule numbers and the regional rules here; moderators
work in the console (/mod), not in the admin."""

from typing import Any

from django.contrib import admin

from . import policy
from .models import AuditEntry, Policy, RegionRule, Setting


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin[Policy]):
    list_display = ("name", "enabled", "limit_at", "hold_at", "reject_at", "severity", "note")
    list_editable = ("enabled", "limit_at", "hold_at", "reject_at", "severity")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        policy.forget()


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin[Setting]):
    list_display = ("key", "value", "note")
    list_editable = ("value",)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        policy.forget()


@admin.register(RegionRule)
class RegionRuleAdmin(admin.ModelAdmin[RegionRule]):
    list_display = ("name", "regions", "terms", "enabled", "created_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("created_at", "actor", "action", "outcome", "target_type", "target_id", "reason")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
