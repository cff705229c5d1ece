"""The web app: server-rendered pages (Jinja + htmx) over the library; `journeymap web`."""
