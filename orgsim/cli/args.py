"""Argument parsing that fails on one line, with exit code 2."""

from __future__ import annotations

import argparse
import sys
import tomllib
from typing import Any, NoReturn


class UsageError(Exception):
    """Bad command-line input: reported on one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are a single line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        sys.exit(2)


def add_backend_args(parser: argparse.ArgumentParser) -> None:
    """`--backend` and `--scheduler`: where the runs go (every replicating command)."""
    parser.add_argument(
        "--backend",
        choices=("local", "dask"),
        help="local process pool (default) or dask.distributed",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to use, e.g. tcp://127.0.0.1:8786 (implies --backend dask); "
        "without it, dask starts a LocalCluster on 127.0.0.1",
    )


def backend_of(args, default: str | None = "local") -> dict[str, Any]:
    """The backend= and scheduler= keywords the flags ask for (`default` without them)."""
    backend = args.backend
    if args.scheduler:
        if backend == "local":
            raise UsageError("--scheduler needs --backend dask")
        backend = "dask"
    return {"backend": backend or default, "scheduler": args.scheduler}


def parse_overrides(pairs: list[str] | None) -> dict[str, Any]:
    """`--set key=value` pairs into a mapping; values are read as TOML (2, 0.5, true, "x")."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set {pair!r}: expected key=value, e.g. ai.coding_speedup=2")
        out[key] = parse_value(text.strip())
    return out


def parse_value(text: str) -> Any:
    from orgsim.scenario.tomlfile import check_shape

    check_shape(f"v = {text}", "--set")  # TOML's parser is quadratic in key depth
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def whole_number(low: int = 0, why: str = ""):
    """An argparse type: a whole number >= `low` (with `why` said when it is too small)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{why or 'must be'} >= {low}, got {text!r}")
        return value

    return parse


positive_int = whole_number(0)


def fraction(text: str) -> float:
    """An argparse type: a number strictly between 0 and 1 (a confidence level)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text!r}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value
