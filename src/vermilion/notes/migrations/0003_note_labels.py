"""A note's labels (sponsored, AI-generated) become fields of the note, moved from the moderation
app's Disclosure rows: they are the author's statement about the note, shown on it."""

from django.db import migrations, models

FIELDS = ("sponsored", "ai_generated", "labelled_by_screening")


def labels_to_notes(apps, schema_editor):
    Disclosure = apps.get_model("moderation", "Disclosure")
    Note = apps.get_model("notes", "Note")
    for row in Disclosure.objects.all().iterator(chunk_size=1000):
        Note.objects.filter(pk=row.note_id).update(**{name: getattr(row, name) for name in FIELDS})


def labels_to_disclosures(apps, schema_editor):
    Disclosure = apps.get_model("moderation", "Disclosure")
    Note = apps.get_model("notes", "Note")
    labelled = Note.objects.filter(models.Q(sponsored=True) | models.Q(ai_generated=True))
    Disclosure.objects.bulk_create(
        [Disclosure(note_id=pk, **dict(zip(FIELDS, values, strict=True)))
         for pk, *values in labelled.values_list("pk", *FIELDS).iterator(chunk_size=1000)],
        ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0002_comment_moderation"),
        ("moderation", "0004_signups"),
    ]

    operations = [
        migrations.AddField(model_name="note", name="sponsored", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="note", name="ai_generated", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="note", name="labelled_by_screening", field=models.BooleanField(default=False)),
        migrations.RunPython(labels_to_notes, labels_to_disclosures),
    ]
