"""Safe file writing: atomic replace, write-only-when-changed, change detection, project lock.

A translator's PO file is months of work. Every write goes to a temporary file in the same
folder, is flushed to disk and renamed over the target, so a crash or a full disk leaves the
old file or the new one, never a mix. A file read at the start of a stage is fingerprinted;
if a translator saved it in the meantime, we refuse to overwrite it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import ConcurrentChangeError, LockError, Qrl10nError


def fingerprint(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of ``path``, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def write_if_changed(path: Path, data: bytes, *, expected: tuple[int, int] | None | bool = False) -> bool:
    """Atomically write ``data`` to ``path`` unless it already holds exactly that.

    ``expected`` is the fingerprint taken when the file was read (None: it did not exist);
    if the file no longer matches it, ConcurrentChangeError is raised and nothing is written.
    Pass False (the default) to skip that check. Returns True when the file was written.
    """
    if expected is not False and fingerprint(path) != expected:
        raise ConcurrentChangeError(
            "the file changed on disk while qrl10n was working on it", path=path,
            fix="Nothing was overwritten; run the command again to include those changes")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, data)
    return True


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, path.stat().st_mode & 0o777)
        if not path.exists():
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == errno.ENOSPC:
            raise Qrl10nError("no space left on the device; the file was left as it was",
                              path=path, fix="Free some disk space and run the command again") from exc
        raise Qrl10nError(f"cannot write the file ({exc.strerror})", path=path,
                          fix="Check the folder's permissions and free space") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporaries atomic_write left in ``folder`` (and below) when a run was killed.

    Only called under the project lock, so no other qrl10n run is writing them; a killed run
    must not leave hidden files for a published build or a translator's folder.
    """
    removed = 0
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if _TEMPORARY.fullmatch(path.name) and path.is_file():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
    return removed


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold ``.qrl10n.lock`` in the project so two runs never interleave their writes."""
    lock_path = root / ".qrl10n.lock"
    fh = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise LockError("another qrl10n command is running on this project", path=lock_path,
                            fix="Wait for it to finish, then run this command again") from exc
        yield
    finally:
        fh.close()


#: The largest file qrl10n reads. A module's PO file is well under 1 MB and a ten times larger
#: course's under 5 MB; a file of hundreds of megabytes is a mistake (or an attack) and would
#: be held in memory several times over, so it is refused before it is read.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def check_size(path: Path, *, error=Qrl10nError) -> None:
    """Refuse a file larger than MAX_INPUT_BYTES, before reading a byte of it."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # the read that follows says what is wrong
    if size > MAX_INPUT_BYTES:
        raise error(f"the file is {size / 1e6:.0f} MB; qrl10n reads files up to {MAX_INPUT_BYTES // 2**20} MB",
                    path=path, fix="Check that this is the right file, or split it into smaller ones")


def read_input(path: Path, *, error=Qrl10nError) -> bytes:
    """The bytes of an input file, refused when it is too large (check_size)."""
    check_size(path, error=error)
    return Path(path).read_bytes()


def read_text(path: Path, *, error=Qrl10nError) -> str:
    """Read a UTF-8 text file (BOM tolerated); a decoding error names the line and how to fix it."""
    data = read_input(path, error=error)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path=path, line=line,
                    fix="Save the file as UTF-8 in your editor") from exc
