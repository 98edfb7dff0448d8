"""The public JSON API: one NinjaAPI that mounts each app's router under /api/v1."""
