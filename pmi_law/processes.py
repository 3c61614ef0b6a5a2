"""What the writers of folders on disk share (the index, the parsed-corpus store, the model
cache, the user library): whether the process that began a write still runs (a temp folder it
left is stale only when it does not), an exclusive lock across processes, and the atomic swap
of a finished folder into place."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextmanager
def exclusive(handle: IO[bytes]) -> Iterator[None]:
    """Hold an exclusive lock on an open file for the block (POSIX flock; elsewhere none, and
    the writers rely on their atomic swaps alone)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def swap_dir(new: Path, target: Path) -> None:
    """Put a finished folder in place of ``target``: readers see the old or the new, never
    half (the old one is moved aside, then removed)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns():x}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
