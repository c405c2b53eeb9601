"""Write a file so that a failure half-way never leaves it truncated: a temporary file, then one rename.

A failed export or normalise used to destroy the good file it was replacing. Here the bytes go to a
temporary file in the *same folder* (so the rename cannot cross file systems), are flushed to disk, and only
then replace the target with :func:`os.replace`, which is atomic: readers see the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; on any failure the previous file is left as it was."""
    path = Path(path)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as handle:
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise
    try:
        with contextlib.suppress(OSError):  # keep the old file's permissions when replacing one
            os.chmod(handle.name, os.stat(path).st_mode & 0o7777)
        if not path.exists():
            os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def _umask() -> int:
    """The process umask (read by setting and restoring it: there is no other portable way)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
