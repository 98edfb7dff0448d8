"""The serving and operations layer: what turns the domain apps into a running site.

The hot-read cache and its store, the asyncio database pool, request middleware, health, metrics,
logs, start-up checks, the read replica's router, backup and restore, and the management commands
that run them. It sits above every domain app and below the URL assembly (api/, web/): it may
import any app, no app imports it (pyproject.toml, [tool.importlinter]).
"""
