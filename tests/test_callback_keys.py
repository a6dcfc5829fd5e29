"""Every callback the app registers is kept.

Dash keys a callback by its outputs, and one without outputs by a hash of its
inputs: a second callback with the same key silently replaces the first (two
output-less callbacks on the diagram's clicks once left the inspector deaf).
"""

from collections import Counter

from app.factory import create_app


def test_no_two_callbacks_share_dashs_key():
    app = create_app()
    keys = Counter(cb["output"] for cb in app._callback_list)
    shared = sorted(key for key, n in keys.items() if n > 1)
    assert shared == []
    assert len(app.callback_map) == sum(keys.values())
