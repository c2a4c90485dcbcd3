"""The HTTP service (FastAPI): one router per resource under :mod:`api.routes`."""

from api.main import create_app

__all__ = ["create_app"]
