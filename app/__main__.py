"""`backprop-lab` / `python -m app`: serve the page on this machine.

The image runs this same command (see Dockerfile), so a laptop and a school
server serve the class alike: waitress (app/serve.py). `--debug` switches to
Dash's development server, with its dev tools and reloading, for working on the
app; it is not for a class.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="backprop-lab",
        description="Serve Backprop Lab. Without --host only this machine can open it; "
        "with --host 0.0.0.0 a class on the same network opens "
        "http://<this machine's address>:8050.",
    )
    parser.add_argument(
        "--host", help="address to listen on (default: from BACKPROP_LAB_BIND, else 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, help="port to listen on (default: from BACKPROP_LAB_BIND, else 8050)"
    )
    parser.add_argument(
        "--workers", type=int, help="worker processes (default: BACKPROP_LAB_WORKERS, else 2)"
    )
    parser.add_argument(
        "--threads", type=int, help="threads per worker (default: BACKPROP_LAB_THREADS, else 4)"
    )
    parser.add_argument(
        "--debug", action="store_true", help="Dash's development server, dev tools and reloading"
    )
    args = parser.parse_args(argv)

    from app import serve
    from app.factory import create_app

    try:
        config = serve.resolve(args.host, args.port, args.workers, args.threads)
    except serve.ServeConfigError as err:
        parser.exit(2, f"backprop-lab: {err}\n")
    app = create_app()
    if args.debug:
        app.run(host=config.host, port=config.port, debug=True)
        return
    try:
        serve.serve(app.server, config)
    except OSError as err:  # the port is taken, or the address is not this machine's
        sys.exit(f"backprop-lab: cannot listen on {config.host}:{config.port}: {err.strerror}")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
