"""Settings of the process test_outbox_crash.py kills: the test settings, on the test's own database
(named by the parent), with the database task queue production uses."""

import os

from vermilion.settings.test import *  # noqa: F403
from vermilion.settings.test import DATABASES

DATABASES["default"] = {**DATABASES["default"], "NAME": os.environ["CRASH_DATABASE_NAME"]}
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "translation"]}}
