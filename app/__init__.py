"""The Backprop Lab web page (Dash). All math lives in `backprop_engine`."""

from app.factory import create_app

__all__ = ["create_app"]
