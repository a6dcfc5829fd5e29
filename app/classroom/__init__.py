"""A class session: the teacher leads, the class follows, predicts, then sees.

Unlike the lab, whose state lives in each browser, a class is shared state. It
lives in a store every worker and replica sees and that survives a restart
(store.py: SQLite in BACKPROP_LAB_DATA by default, Redis with BACKPROP_LAB_STORE).
"""
