"""Disclosure labels now live on the note (notes 0003 copied them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_signups"),
        ("notes", "0003_note_labels"),
    ]

    operations = [
        migrations.DeleteModel(name="Disclosure"),
    ]
