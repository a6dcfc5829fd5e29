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

# Training playground: play, data, architecture, training settings
PLAY_BTN = "play-btn"  # Play / Pause
DATASET_SELECT = "dataset-select"
NOISE_SLIDER = "noise-slider"
SPLIT_SLIDER = "split-slider"
REGENERATE_BTN = "regenerate-btn"
LAYERS_MINUS_BTN = "layers-minus-btn"
LAYERS_PLUS_BTN = "layers-plus-btn"
NEURONS_MINUS_BTN = "neurons-minus-btn"  # pattern-matching: {"type": ..., "layer": i}
NEURONS_PLUS_BTN = "neurons-plus-btn"  # pattern-matching: {"type": ..., "layer": i}
ACTIVATION_SELECT = "activation-select"
LOSS_SELECT = "loss-select"
BATCH_SELECT = "batch-select"
ACCURACY_VALUE = "accuracy-value"

# Vanishing-gradients lab
DEEP_PRESET_BTN = "deep-preset-btn"
RESIDUAL_SWITCH = "residual-switch"
NORM_SWITCH = "norm-switch"
GRAD_NORM_GRAPH = "grad-norm-graph"

# Chain-rule inspector and sub-step playback
INSPECTOR = "inspector-panel"
SUBSTEP_PREV_BTN = "substep-prev-btn"
SUBSTEP_NEXT_BTN = "substep-next-btn"
HISTORY_SLIDER = "history-slider"

# Lessons, sharing and access
LESSON_SELECT = "lesson-select"
EXPORT_JSON_BTN = "export-json-btn"
IMPORT_JSON = "import-json"  # dcc.Upload
EXPORT_CSV_BTN = "export-csv-btn"
SHARE_LINK = "share-link"
PALETTE_SWITCH = "palette-switch"
