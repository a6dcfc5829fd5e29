"""Entry point for gunicorn: `gunicorn app.wsgi:server`."""

from app.factory import create_app

server = create_app().server
