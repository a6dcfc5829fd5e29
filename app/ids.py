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
STEP_STORE = "step-store"  # the last single step's trace, written by the browser
REQUEST_STORE = "request-store"  # {"nonce", "steps"}: k training steps (app/training.py)
REPLY_STORE = "reply-store"  # the answer to the last request

# Training playground: play, data, architecture, training settings
PLAY_BTN = "play-btn"  # Play / Pause
DATASET_SELECT = "dataset-select"
DATASET_NOTE = "dataset-note"  # what makes the chosen data set hard (rules.DATASET_NOTES)
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
APPLY_STORE = "apply-store"  # {"nonce", "config"}: settings that start a new network
DRAFT_STORE = "draft-store"  # the settings as the controls show them, before they apply
ACCURACY_LABEL = "accuracy-label"
GOOD_STORE = "good-store"  # the lowest-loss state seen while playing: {"net_state", "view", "loss"}
SETTINGS_PANEL = "settings-panel"
SETTINGS_DETAILS = "settings-details"  # the fold around the panel; closed by default
SETTINGS_SUMMARY = "settings-summary"  # the set-up in one line, shown while folded
LAYERS_VALUE = "layers-value"
NEURONS_VALUE = "neurons-value"  # pattern-matching: {"type": ..., "layer": i}
NEURONS_BOX = "neurons-box"  # pattern-matching: {"type": ..., "layer": i}
NOISE_VALUE = "noise-value"
SPLIT_VALUE = "split-value"
RESET_NOTICE = "reset-notice"  # "this change starts a new network": Apply / Keep
APPLY_BTN = "apply-btn"
KEEP_BTN = "keep-btn"
LR_LESSON = "lr-lesson"  # why training diverged, or why it crawls
LR_LESSON_TEXT = "lr-lesson-text"
RESET_NOTICE_TEXT = "reset-notice-text"
RESTORE_BTN = "restore-btn"
FEATURES_CHECKLIST = "features-checklist"  # the input features a(0), one toggle each
FEATURES_LABEL = "features-label"
L2_SLIDER = "l2-slider"  # λ of L2 regularisation
L2_VALUE = "l2-value"

# Vanishing-gradients lab
DEEP_PRESET_BTN = "deep-preset-btn"
RESIDUAL_SWITCH = "residual-switch"
NORM_SWITCH = "norm-switch"
GRAD_NORM_GRAPH = "grad-norm-graph"
VANISH_TEXT = "vanish-text"  # what the student is seeing, in words

# Chain-rule inspector and sub-step playback
INSPECTOR = "inspector-panel"
SUBSTEP_PREV_BTN = "substep-prev-btn"
SUBSTEP_NEXT_BTN = "substep-next-btn"
HISTORY_SLIDER = "history-slider"
INSPECTOR_BODY = "inspector-body"  # the equations, filled in by assets/inspector.js
FD_BODY = "fd-body"  # the finite-difference check, likewise
WEIGHT_EDIT = "weight-edit"  # type a new value for the selection: assets/weight-edit.js
WEIGHT_EDIT_INPUT = "weight-edit-input"  # inside it, drawn by the same file
WEIGHT_EDIT_SET = "weight-edit-set"
SUBSTEP_CAPTION = "substep-caption"  # which piece of the step is on show
HISTORY_REPLAY_BTN = "history-replay-btn"
HISTORY_LIVE_BTN = "history-live-btn"
HISTORY_LABEL = "history-label"
FD_REQUEST_STORE = "fd-request-store"  # {"net_state", "example", "weight", "eps"}
FD_STORE = "fd-store"  # the finite-difference check's answer, or {"error": ...}

# Lessons, sharing and access
LESSON_SELECT = "lesson-select"
EXPORT_JSON_BTN = "export-json-btn"
IMPORT_JSON = "import-json"  # dcc.Upload
EXPORT_CSV_BTN = "export-csv-btn"
SHARE_LINK = "share-link"
PALETTE_SWITCH = "palette-switch"
URL = "url"  # dcc.Location: the set-up a link carries (app/urlstate.py)
LESSON_PANEL = "lesson-panel"  # the active lesson's guided text
LESSON_STORE = "lesson-store"  # {"key", "for": [run, step, example] or None}, or None
LESSON_NOTE = "lesson-note"  # shown when the lesson's numbers are of another step
LESSON_NOTE_TEXT = "lesson-note-text"
LESSON_REDO_BTN = "lesson-redo-btn"  # work the lesson's numbers out for the step on show
SHARE_BTN = "share-btn"
SHARE_WEIGHTS = "share-weights"  # include the current weights in the link
PRESENT_LINK = "present-link"
JSON_DOWNLOAD = "json-download"  # dcc.Download
CSV_DOWNLOAD = "csv-download"  # dcc.Download
KEYBOARD_HELP = "keyboard-help"
SHARE_STORE = "share-store"  # the link the server made, before the page adds its address

# Class session (app/components/classroom.py, assets/class-session.js)
CLASS_PANEL = "class-panel"
CLASS_START_BTN = "class-start-btn"
CLASS_CODE = "class-code"  # the code students type
CLASS_LINK = "class-link"  # /?class=CODE
CLASS_QR = "class-qr"  # the link as a QR code, for the projector
CLASS_JOIN_CODE = "class-join-code"
CLASS_NICKNAME = "class-nickname"
CLASS_JOIN_BTN = "class-join-btn"
CLASS_STATUS = "class-status"
CLASS_LEAVE_BTN = "class-leave-btn"  # a student explores a private copy
CLASS_REJOIN_BTN = "class-rejoin-btn"  # back to where the class is
CLASS_TEACHER = "class-teacher"  # the teacher's controls
CLASS_ASK_KIND = "class-ask-kind"
CLASS_ASK_LAYER = "class-ask-layer"
CLASS_ASK_ROW = "class-ask-row"
CLASS_ASK_COL = "class-ask-col"
CLASS_ASK_BTN = "class-ask-btn"
CLASS_REVEAL_BTN = "class-reveal-btn"
CLASS_TALLY = "class-tally"  # the live tally: bars, or a histogram of typed numbers
CLASS_QUESTION = "class-question"  # the question on a student's page, and its answers
CLASS_RESULT = "class-result"  # the reveal: the right answer and the engine's numbers
CLASS_SIZES_STORE = "class-sizes-store"  # the class network's layer sizes -> its diagram

# The diagram's numbers (assets/lab-labels.js)
NUMBERS = "numbers-control"  # all / selected / none
NUMBERS_NOTE = "numbers-note"  # "some numbers hidden …", beside the control

# Data of the user's own: the example editor (app/components/own_data.py)
OWN_EDITOR = "own-editor"
OWN_FIELDS = "own-fields"  # the typed example: inputs, then targets
OWN_INPUT = "own-input"  # pattern-matching: {"type": ..., "index": i}, one per input neuron
OWN_TARGET = "own-target"  # pattern-matching: {"type": ..., "index": j}, one per output neuron
OWN_REPLACE_BTN = "own-replace-btn"
OWN_ADD_BTN = "own-add-btn"
OWN_NOTE = "own-note"  # what the buttons will do to the data
TRAIN_SHOWN_BOX = "train-shown-box"
TRAIN_SHOWN = "train-shown"  # pattern-matching: {"type": ..., "index": 0}; config.train_shown
OWN_EDIT_STORE = "own-edit-store"  # {"nonce", "action", …}: an edit of the data (app/own_edits.py)
OWN_REPLY_STORE = "own-reply-store"  # {"nonce"} or {"nonce", "error"}: the edit's answer
OWN_CSV = "own-csv"  # dcc.Upload: a table of the user's own data (app/own_csv.py)
OWN_CSV_TARGETS = "own-csv-targets"  # how many of its columns are targets
OWN_CLICK_MODE = "own-click-mode"  # what a click on the data plot does: follow, add a class, remove
