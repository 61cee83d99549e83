"""Outputs written whole or not at all: a staging folder moved into place, under a lock.

:func:`staged_folder` gives a fresh folder beside the target to write
into and, only when the writing ends without an error, puts it in the
target's place; an error or Ctrl-C (``KeyboardInterrupt``) half-way removes
it and leaves the target as it was. A target that exists may hold only
files that the writer writes (``patterns``, the report's file names): they are
replaced as a whole, so no file of an earlier run stays beside the new ones;
any other file refuses the target before anything is written. A lock file
beside the target (``.<name>.lock``, held with ``flock`` and released when
the process ends, however it ends) refuses a second writer of the same
target. :func:`write_whole_file` does the same for one file: a temporary
file beside it, renamed over it.
"""

from __future__ import annotations

import contextlib
import fcntl  # POSIX: the lock is an flock, released when the process ends
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

__all__ = ["OutputFolderError", "staged_folder", "write_whole_file"]

_LOCK_SUFFIX = ".lock"
_STAGING_INFIX = ".partial-"


class OutputFolderError(OSError):
    """The output folder cannot be written: it holds other files, or another run writes it."""


def write_whole_file(path: Path, document: str | bytes) -> None:
    """Write ``document`` (text as UTF-8) to ``path`` through a temporary file beside it.

    ``path`` holds the old content or the new one, never a part of it.
    """
    data = document.encode("utf-8") if isinstance(document, str) else document
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}{_STAGING_INFIX}", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _default_mode(0o666))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def staged_folder(target: Path, patterns: Sequence[str]) -> Iterator[Path]:
    """A fresh folder to write ``target``'s files into, put in ``target``'s place at the end.

    Parameters
    ----------
    target : Path
        The output folder, created (with its parents) when missing; a
        symbolic link stands for the folder it names.
    patterns : sequence of str
        The files the writer writes, relative to ``target`` in posix form,
        ``*`` standing for any part of one name (``"tables/*.csv"``). A
        ``target`` that holds any other file, or any other folder than those
        of the patterns, is refused.

    Raises
    ------
    OutputFolderError
        When ``target`` holds a file the writer does not own, is not a
        folder, or another process is writing it.
    """
    target = Path(os.path.realpath(target))  # a link to a folder: the folder it names
    if target.exists() and not target.is_dir():
        raise OutputFolderError(f"{target} is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        _refuse_foreign(target, patterns)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name}{_STAGING_INFIX}", dir=target.parent)
        )
        try:
            os.chmod(staging, _mode_of(target))
            yield staging
            _publish(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _default_mode(full: int) -> int:
    """``full`` less the process's umask: the mode ``open`` or ``mkdir`` would give."""
    mask = os.umask(0)
    os.umask(mask)
    return full & ~mask


def _mode_of(target: Path) -> int:
    """The mode of the existing ``target``, else that of a new folder."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _default_mode(0o777)


def _refuse_foreign(target: Path, patterns: Sequence[str]) -> None:
    """Refuse ``target`` when it holds a file or folder that no pattern names."""
    if not target.is_dir():
        return
    foreign = sorted(
        str(relative)
        for relative, is_folder in _entries(target)
        if not _owned(relative, is_folder, patterns)
    )
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputFolderError(
            f"{target} holds files that myopathy-outcomes does not write ({foreign[0]}{more}); "
            "give a new or empty folder, or move them away"
        )


def _owned(relative: PurePosixPath, is_folder: bool, patterns: Sequence[str]) -> bool:
    """Whether a pattern names the file ``relative``, or, for a folder, holds files in it."""
    for pattern in map(PurePosixPath, patterns):
        if is_folder:
            if relative in pattern.parents and relative != PurePosixPath("."):
                return True
        elif len(relative.parts) == len(pattern.parts) and relative.match(str(pattern)):
            return True
    return False


def _entries(folder: Path) -> Iterator[tuple[PurePosixPath, bool]]:
    """Every entry under ``folder``, relative, with whether it is a folder (links are files)."""
    for root, folders, files in os.walk(folder):
        base = PurePosixPath(Path(root).relative_to(folder).as_posix())
        for name in folders:
            yield base / name, not os.path.islink(os.path.join(root, name))
        for name in files:
            yield base / name, False


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``target``; refuse when another process holds it."""
    lock = target.parent / f".{target.name}{_LOCK_SUFFIX}"
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputFolderError(
                f"another run is writing {target} (it holds {lock}); wait until it ends"
            ) from None
        if os.fstat(descriptor).st_ino != _inode(lock):  # removed by the run that just ended
            raise OutputFolderError(f"another run is writing {target}; wait until it ends")
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(lock)
    finally:
        os.close(descriptor)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _publish(staging: Path, target: Path) -> None:
    """Put ``staging`` in ``target``'s place (renames only, once everything is written).

    An existing ``target`` is renamed aside first and then removed, so that
    between the two renames there is no folder rather than a mixed one. A
    ``target`` that cannot be renamed (a mount point, say), or that holds
    the working folder, has its files replaced one entry at a time instead.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if Path.cwd().is_relative_to(target):  # renamed, it would leave the process nowhere
        _replace_entries(staging, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    try:
        try:
            os.replace(target, aside)
        except OSError:
            _replace_entries(staging, target)
            return
        os.rename(staging, target)
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _replace_entries(staging: Path, target: Path) -> None:
    """Empty ``target`` (it holds only owned files) and move ``staging``'s entries into it."""
    for entry in list(target.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        os.rename(entry, target / entry.name)
