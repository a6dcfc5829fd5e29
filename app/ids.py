"""Element ids shared by the layout, the callbacks, the clientside JS and the tests.
The first block is a stable contract: tests and later features address these."""

# Controls and read-outs (stable)
FORWARD_BTN = "forward-btn"
BACKWARD_BTN = "backward-btn"
UPDATE_BTN = "update-btn"
STEP_BTN = "step-btn"
RESET_BTN = "reset-btn"
LR_SLIDER = "lr-slider"
NETWORK_GRAPH = "network-graph"
LOSS_VALUE = "loss-value"
STEP_COUNT = "step-count"

# Page parts
LR_VALUE = "lr-value"
SPEED = "speed-control"
DATA_GRAPH = "data-graph"
LOSS_GRAPH = "loss-graph"
STATUS = "status-msg"
EXAMPLE_LABEL = "example-label"
BATCH_LABEL = "batch-label"
ALGO_STEP = "algo-step-{}"  # 1..4
ALGO_DETAIL = "algo-detail-{}"  # live numbers under each step

# Browser state (dcc.Store); shapes are documented in app/state.py
CONFIG_STORE = "config-store"
NET_STORE = "net-store"
VIEW_STORE = "view-store"
DATA_STORE = "data-store"
EXAMPLE_STORE = "example-store"
STEP_STORE = "step-store"
REQUEST_STORE = "request-store"
REPLY_STORE = "reply-store"
