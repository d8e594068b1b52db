"""`orgsim app`: the browser dashboard (Solara), on 127.0.0.1 by default."""

from __future__ import annotations

import errno
import os
import signal
import socket
from pathlib import Path

from orgsim.cli.args import UsageError
from orgsim.scenario import load_scenario

SESSION_TIMEOUT = "2m"  # a session with no browser connected ends after this


def register(sub) -> None:
    app = sub.add_parser(
        "app",
        help="open the dashboard in a browser: watch where WIP pools, compare policies",
    )
    app.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    app.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    app.add_argument(
        "--scenario",
        type=Path,
        help="scenario TOML to start with (default scenarios/enterprise-baseline.toml)",
    )
    app.add_argument(
        "--scenario-dir",
        type=Path,
        help="a folder of scenario TOMLs (fitted ones, say) the picker lists too",
    )
    app.set_defaults(func=cmd_app)


def _port(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, got {text!r}")
    return value


def _check_free(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: {exc.strerror}") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"--port {port}: already in use on {host}") from None
            raise UsageError(f"--host {host} --port {port}: {exc.strerror}") from None


def cmd_app(args) -> int:
    from orgsim.app import APP_MODULE, SCENARIO_DIR_ENV, SCENARIO_ENV

    if args.scenario_dir is not None:
        if not args.scenario_dir.is_dir():
            raise UsageError(f"--scenario-dir {args.scenario_dir}: not a folder")
        for path in sorted(args.scenario_dir.glob("*.toml")):
            load_scenario(path)  # each listed file must load: a bad one fails here
        os.environ[SCENARIO_DIR_ENV] = str(args.scenario_dir.resolve())

    if args.scenario is not None:
        load_scenario(args.scenario)  # a bad file fails here, on one line, exit code 2
        os.environ[SCENARIO_ENV] = str(args.scenario.resolve())
    _check_free(args.host, args.port)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("SOLARA_THEME_TITLE", "orgsim")
    # A session whose browser vanished without closing its tab (a crash, a lost network)
    # ends after this long, and its work (a comparison in progress) stops with it.
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", SESSION_TIMEOUT)
    try:
        import solara.__main__ as solara_main
    except ImportError:  # pragma: no cover - solara comes with mesa[rec]
        raise UsageError("the dashboard needs solara: pip install solara solara-assets") from None
    import click

    def _stop(signum, frame):
        raise KeyboardInterrupt

    # SIGTERM stops the server the way Ctrl+C does: promptly, with one line, exit code 0.
    previous = signal.signal(signal.SIGTERM, _stop)
    print(f"orgsim app: http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    try:
        solara_main.cli.main(
            [
                "run",
                APP_MODULE,
                "--host",
                args.host,
                "--port",
                str(args.port),
                "--no-open",
                "--production",
                "--no-check-version",
                "--log-level",
                "warning",
            ],
            prog_name="orgsim app",
            standalone_mode=False,
        )
    except (click.exceptions.Abort, KeyboardInterrupt):
        print("orgsim app: stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
