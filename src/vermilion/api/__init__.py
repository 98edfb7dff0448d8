"""The public JSON API's assembly: one NinjaAPI that mounts each app's router under /api/v1
(urls.py). The helpers every endpoint uses live in kit/http/."""
