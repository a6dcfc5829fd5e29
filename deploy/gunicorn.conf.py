"""gunicorn settings for a classroom server.

Threaded workers: a training step is short NumPy work (one BLAS thread each, set
by OPENBLAS_NUM_THREADS/OMP_NUM_THREADS), so a few processes with several
threads each serve a class on two cores. Every number can be overridden from
the environment without rebuilding the image.
"""

import os

bind = os.environ.get("BACKPROP_LAB_BIND", "0.0.0.0:8050")
workers = int(os.environ.get("BACKPROP_LAB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("BACKPROP_LAB_THREADS", "4"))
# The app is built once before forking, so workers share its memory.
preload_app = True
timeout = 30
graceful_timeout = 10
# Students' browsers reuse one connection between steps; closing it after a
# short idle races with the next click (a reset the browser must retry). With
# gthread an idle keep-alive connection holds no thread, so keep it a while.
keepalive = 15
# Access logs would be one line per animation request: off unless asked for.
accesslog = os.environ.get("BACKPROP_LAB_ACCESS_LOG") or None
errorlog = "-"
