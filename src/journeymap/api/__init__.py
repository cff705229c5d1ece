"""The HTTP API (FastAPI): thin routers over `journeymap.service` and the library."""
