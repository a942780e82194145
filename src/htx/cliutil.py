"""Pieces every ``htx`` command shares: the error exit, JSON output and a console for tables."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console

err = Console(stderr=True)


def fail(message: object, code: int = 1) -> typer.Exit:
    """Print ``Lỗi / error: message`` on stderr; the caller raises the returned ``typer.Exit``."""
    err.print(f"[bold red]Lỗi / error:[/] {message}")
    return typer.Exit(code)


def dump_json(obj: Any) -> None:
    """One JSON document on a line of stdout (Vietnamese kept as is, dates as text)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def wide_console() -> Console:
    """A console for tables: the terminal's width, or 160 columns when output goes to a file or pipe."""
    console = Console()
    return console if console.is_terminal else Console(width=160)
