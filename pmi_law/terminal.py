"""How the `pmi-law` command meets a terminal: plain help, quiet closed pipes, one-line messages.

Kept apart from cli.py, which holds the commands, so each stays short.
"""

from __future__ import annotations

import os
import re
from typing import Any


def plain_help() -> None:
    """Help that reads like a man page: `--doc DOC`, `QUERY`, no `<bool>`, `<str>` or `{query}`.

    Typer ≥ 0.2x prints type tags and braces around required arguments, which newcomers
    take for syntax to type; a flag needs no tag and a value is named by its option.
    """
    from typer import core

    def option_type(self: Any, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        longs = [o for o in self.opts if o.startswith("--")]
        return self.metavar or (longs[0][2:] if longs else "N").upper()

    def argument_usage(self: Any) -> str:
        name = (self.metavar or self.name).upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    core.TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    if hasattr(core.TyperArgument, "_usage_display_name"):
        core.TyperArgument._usage_display_name = argument_usage  # type: ignore[method-assign]


class QuietPipe:
    """stdout that falls silent when its reader goes away (`pmi-law search … | head -1`).

    Like standard Unix tools, a closed pipe is not an error: the rest of the output is
    dropped and the command ends normally, so scripts under `set -o pipefail` keep working.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.broken = False

    def _silence(self) -> None:
        self.broken = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())  # later flushes (and the one at exit) go nowhere
        os.close(devnull)

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return int(self._stream.write(text))
            except BrokenPipeError:
                self._silence()
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._silence()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def one_line(message: str, limit: int = 400) -> str:
    """An error message as one printable line: no raw surrogates, long inputs shortened."""
    text = message.encode("utf-8", "backslashreplace").decode("utf-8")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(['\"])([^'\"]{60})[^'\"]{20,}\1", r"\1\2…\1", text)  # a 10,000-char citation
    return text if len(text) <= limit else text[: limit - 1] + "…"
