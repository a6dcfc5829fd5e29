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
MAX_INPUTS = 7  # input features: x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂
MAX_OUTPUTS = 8  # one per class or per target column
MAX_L2 = 0.1  # λ of L2 regularisation: beyond this the weights barely leave 0
L2_STEP = 0.001  # the λ slider's step
MAX_SAMPLES = 400  # dataset points kept in the browser
MAX_DATA_VALUE = 1000.0  # an input of data of the user's own lies within ±this
MAX_STEPS_PER_REQUEST = 50
MIN_LEARNING_RATE = 1e-4
MAX_LEARNING_RATE = 10.0
# A weight or bias typed in by hand: larger values only saturate every neuron after it.
MAX_TYPED_VALUE = 100.0

# Work budget per request. app/training.py estimates a request's work before doing
# it, in units of about one multiply-add (~4 ns of CPU on the 2-core machine the
# figures below were taken on):
#   each step:  parameters × (mini-batch + data points)   the step, then the losses
#             + layers × WORK_PER_LAYER (or WORK_PER_NORM_LAYER with normalization)
#             + WORK_PER_STEP                              numpy and bookkeeping
#   once:       2 × parameters × (grid points + picture grid points + 2 × data points)
#                                                                  two views at rest
#             + 5 × layers × the per-layer work
# and runs only as many of the asked steps as fit in MAX_WORK (always at least one),
# so no request costs more than about 50 ms of CPU; the page asks again for the rest.
# Measured (benchmarks/server_step.py --largest, CPU time of one request through
# Dash, busy 2-core machine): the default network, 50 steps, ~24 ms; the deep preset
# at Instant (27 of 50 run) ~45 ms; 12 × 8 layers, 400 points, batch 200 (11 run)
# ~33 ms; the same with residual and normalization (3 run) ~33 ms, 320 ms untrimmed.
MAX_WORK = 11_000_000
WORK_PER_LAYER = 9_000
WORK_PER_NORM_LAYER = 50_000
WORK_PER_STEP = 80_000

# A class session (app/classroom/): the only state the server keeps, in a store
# every replica shares. One class is a projector's worth of students; a day is
# longer than any lesson, so a class left open is cleared by the next morning.
MAX_CLASS_STUDENTS = 200
CLASS_CODE_LENGTH = 8  # from 31 unambiguous characters: 31^8 ≈ 8.5e11 (≈ 40 bits)
MAX_NICKNAME_CHARS = 24
CLASS_TTL_SECONDS = 24 * 3600
# What a teacher publishes (the network, its settings, the step's summary): the
# largest network the lab allows is about 40 KB as JSON, so this leaves room.
MAX_CLASS_STATE_BYTES = 128 * 1024
# Joins from one address per minute: a whole class behind one school router fits;
# a wrong code counts tenfold, so guessing runs at a few codes a minute (at 31^8
# codes, years per class).
MAX_JOINS_PER_MINUTE = 300
MAX_CLASS_STARTS_PER_MINUTE = 30  # a school's teachers share one address too
BAD_CODE_WEIGHT = 10
MAX_TYPED_ANSWER = 1e6  # |∂L/∂w| a student may type
CLASS_POLL_MS = 1000  # how often a student's page asks whether the class moved on
