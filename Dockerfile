# Backprop Lab for a classroom: waitress serves the page on port 8050 (the same
# `python -m app` a teacher's laptop runs: it reads whole requests before a
# worker sees them, so slow clients cannot starve it), with every script, style
# sheet and font inside the image (schools are often offline).
#   docker build -t backprop-lab .
#   docker run -p 8050:8050 backprop-lab
# BASE_IMAGE may be any Debian-based image with python3 and its venv module.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    DASH_DEBUG=false \
    BACKPROP_LAB_BIND=0.0.0.0:8050 \
    BACKPROP_LAB_DATA=/var/lib/backprop-lab \
    HOME=/home/lab \
    PATH=/opt/venv/bin:$PATH

# Exact versions, each file checked against its hash. A TLS-intercepting proxy's
# CA bundle can be passed as the optional build secret `ca_bundle`.
COPY requirements.lock /tmp/requirements.lock
RUN --mount=type=secret,id=ca_bundle \
    if [ -s /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi \
    && python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --no-deps --require-hashes --only-binary=:all: \
        -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

# A numeric user (runAsNonRoot can verify it) with a home of its own.
RUN groupadd --gid 10001 lab \
    && useradd --uid 10001 --gid 10001 --home-dir /home/lab --create-home \
        --shell /usr/sbin/nologin lab \
    && install -d -o 10001 -g 10001 /var/lib/backprop-lab
# Class sessions (SQLite) when no BACKPROP_LAB_STORE is given: kept across restarts.
VOLUME /var/lib/backprop-lab

WORKDIR /srv/backprop-lab
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8050/health', timeout=4).status != 200)"]
# Address from BACKPROP_LAB_BIND; BACKPROP_LAB_WORKERS processes (default 2) of
# BACKPROP_LAB_THREADS threads (default 4) each, as app/serve.py explains.
CMD ["python3", "-m", "app"]
USER 10001:10001

# The source tree last, so a code change rebuilds one layer. The app runs from
# it: the factory finds assets/ beside app/. .dockerignore lists what comes in.
COPY . .
