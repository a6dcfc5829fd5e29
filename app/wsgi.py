"""The WSGI app for any WSGI server, e.g. `waitress-serve app.wsgi:server`.
`python -m app` (app/serve.py) is how the image and `backprop-lab` serve it."""

from app.factory import create_app

server = create_app().server
