"""Classroom limits: every size the server accepts from a browser is bounded here."""

MAX_REQUEST_BYTES = 256 * 1024  # a 6x8 network with its data fits in well under this
# Checked on the raw body before it is parsed (app/json_bounds.py): the page's own
# requests nest about 9 deep and hold a few hundred lists and objects; parsing
# stays within a few ms at these bounds (tens of thousands of containers take
# the parser tens of milliseconds).
MAX_JSON_DEPTH = 32
MAX_JSON_CONTAINERS = 20_000
MAX_LAYERS = 12  # hidden layers, deep preset included
MAX_NEURONS = 8  # per hidden layer
MAX_INPUTS = 2
MAX_OUTPUTS = 4
MAX_SAMPLES = 400  # dataset points kept in the browser
MAX_STEPS_PER_REQUEST = 50
MIN_LEARNING_RATE = 1e-4
MAX_LEARNING_RATE = 10.0
