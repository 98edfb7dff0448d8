"""The starting policy. Admins change these rows in the admin; the migration only seeds them."""

from django.db import migrations

# name: (limit_at, hold_at, reject_at, severity, note)
POLICY = {
    "abuse_words": (None, 0.6, 0.95, 3, "Curated insults, slurs and threats (zh/en); aimed at 'you' or repeated scores 0.96"),
    "profanity_words": (0.5, 0.85, None, 1, "glin-profanity lists minus everyday words"),
    "abuse_classifier": (0.95, 0.99, None, 2, "alt-profanity-check probability, English text only"),
    "traffic_diversion": (0.45, 0.7, None, 2, "Phone numbers, WeChat/QQ ids, e-mail; 'add me' hints score 0.5"),
    "external_links": (0.5, None, None, 1, "Links to other sites"),
    "undisclosed_ads": (0.55, 0.9, None, 1, "Commercial terms and prices without a sponsored label"),
    "duplicate_flood": (0.5, 0.8, None, 2, "The same text by one account three or more times in 24 h"),
    "coordinated_posting": (None, 0.8, None, 3, "The same text by three or more accounts in 24 h"),
    "nsfw_image": (0.5, 0.7, 0.95, 3, "open_nsfw probability"),
}

SETTINGS = {
    "appeal_days": (14, "Days an affected person has to appeal a decision"),
    "strike_days": (90, "Days a strike counts"),
    "strikes_to_mute": (2, "Live strikes that mute an account automatically"),
    "mute_days_on_strikes": (7, "Length of that automatic mute"),
    "strikes_to_suspend": (4, "Live strikes that suspend an account automatically"),
    "suspend_days_on_strikes": (30, "Length of that automatic suspension"),
}


def seed(apps, schema_editor):
    Policy = apps.get_model("moderation", "Policy")
    Setting = apps.get_model("moderation", "Setting")
    for name, (limit_at, hold_at, reject_at, severity, note) in POLICY.items():
        Policy.objects.update_or_create(name=name, defaults={"limit_at": limit_at, "hold_at": hold_at,
                                                             "reject_at": reject_at, "severity": severity, "note": note})
    for key, (value, note) in SETTINGS.items():
        Setting.objects.update_or_create(key=key, defaults={"value": value, "note": note})


def moderators_group(apps, schema_editor):
    """A 'moderators' group holding the moderate permission: making someone a moderator is adding them."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="moderators")
    permission = Permission.objects.filter(codename="moderate", content_type__app_label="moderation").first()
    if permission is not None:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop),
                  migrations.RunPython(moderators_group, migrations.RunPython.noop)]
