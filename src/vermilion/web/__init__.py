"""The HTML UI: server-rendered pages with small ES modules on top."""
