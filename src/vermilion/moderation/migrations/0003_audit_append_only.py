"""The audit log refuses UPDATE and DELETE in the database itself, not only in the ORM."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    # SQLite has no TRUNCATE: the test runner empties tables with DELETE, so test settings (only)
    # may allow it through vermilion_audit_delete_allowed(), a function apps.py registers.
    """CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_auditentry
       WHEN vermilion_audit_delete_allowed() = 0
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
POSTGRES = [
    """CREATE FUNCTION moderation_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER moderation_audit_no_change BEFORE UPDATE OR DELETE ON moderation_auditentry
       FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()""",
    # TRUNCATE bypasses row triggers; the test database flush still needs it, so it is not blocked here.
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS moderation_audit_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS moderation_audit_no_delete")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS moderation_audit_no_change ON moderation_auditentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS moderation_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_seed_policy")]
    operations = [migrations.RunPython(forwards, backwards)]
