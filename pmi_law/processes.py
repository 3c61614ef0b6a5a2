"""Whether the process that began a write is still running: a temp folder it left is stale
only when it is not (shared by the index and the parsed-corpus store)."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
