from __future__ import annotations

import pytest

from vermilion.settings.base import media_storage_from_url


def test_media_storage_urls():
    assert media_storage_from_url("file:///srv/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/srv/media"}}
    s3 = media_storage_from_url("s3://photos?region_name=eu-west-1&custom_domain=cdn.example.org")
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {"bucket_name": "photos", "querystring_auth": False, "file_overwrite": False,
                             "region_name": "eu-west-1", "custom_domain": "cdn.example.org"}
    with pytest.raises(ValueError, match="file:// or s3://"):
        media_storage_from_url("ftp://nope")


def test_production_settings_refuse_to_start_without_secrets(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("VERMILION_SECRET_KEY", raising=False)
    sys.modules.pop("vermilion.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="VERMILION_SECRET_KEY"):
        importlib.import_module("vermilion.settings.production")
