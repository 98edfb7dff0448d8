from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "vermilion.moderation"
    label = "moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(_register_sqlite_function)


def _register_sqlite_function(sender: object, connection: object, **kwargs: object) -> None:
    """The SQLite audit trigger asks this whether a DELETE is allowed: only where the test settings
    say so (the test runner empties every table between tests), never in production."""
    from django.conf import settings

    if getattr(connection, "vendor", "") != "sqlite":
        return
    raw = connection.connection  # type: ignore[attr-defined]
    raw.create_function("vermilion_audit_delete_allowed", 0,
                        lambda: int(bool(getattr(settings, "VERMILION_AUDIT_DELETE_ALLOWED", False))))
