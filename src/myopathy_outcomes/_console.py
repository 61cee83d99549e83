"""The command's messages on stderr, from the ``myopathy_outcomes`` loggers.

The library logs and never configures a handler: each stage as it starts
(``myopathy_outcomes.progress``, level INFO: reading, assigning,
statistics, writing each output), notices about the data
(``myopathy_outcomes.notices``, INFO; the report only counts them) and
problems (WARNING, ERROR). :func:`console` is what the command puts on the
package's logger for one run:

- ``"quiet"``: errors only;
- ``"normal"``: errors, warnings and notices, and, when stderr is a terminal
  and the run has lasted :data:`PROGRESS_AFTER` seconds, each stage as it
  starts;
- ``"verbose"``: every message (stages, notices, warnings), each with the
  seconds since the run began, and the whole run's time at the end.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Literal, TextIO

__all__ = ["PROGRESS_AFTER", "PROGRESS_AFTER_VARIABLE", "Verbosity", "console"]

Verbosity = Literal["quiet", "normal", "verbose"]

#: Seconds a run lasts before its stages show on a terminal.
PROGRESS_AFTER = 2.0

#: The environment variable that sets :data:`PROGRESS_AFTER` (seconds).
PROGRESS_AFTER_VARIABLE = "MYOPATHY_OUTCOMES_PROGRESS_AFTER"

_PACKAGE = "myopathy_outcomes"
_PROGRESS = "myopathy_outcomes.progress"
_NOTICES = "myopathy_outcomes.notices"
_LEVELS = {"quiet": logging.ERROR, "normal": logging.INFO, "verbose": logging.DEBUG}


class _Console(logging.Handler):
    """Writes the package's log records to ``stream`` as :func:`console` describes."""

    def __init__(self, stream: TextIO, verbosity: Verbosity, progress: bool) -> None:
        super().__init__(_LEVELS[verbosity])
        self.stream = stream
        self.verbosity = verbosity
        self.progress = progress
        self.started = time.monotonic()
        self.showing = False
        self.stage: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string in a message must not stop the run
            self.handleError(record)
            return
        if self.verbosity == "verbose":
            self._write(f"[{time.monotonic() - self.started:7.1f} s] {_worded(record, message)}")
        elif record.levelno >= logging.WARNING or record.name == _NOTICES:
            self._write(_worded(record, message))
        elif record.name == _PROGRESS and self.progress:
            self.acquire()
            try:
                self.stage = message
                if self.showing:
                    self._write(f"{message} ...")
            finally:
                self.release()

    def show_progress(self) -> None:
        """From now on each stage shows as it starts, beginning with the current one."""
        self.acquire()
        try:
            self.showing = True
            if self.stage is not None:
                self._write(f"{self.stage} ...")
        finally:
            self.release()

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


def _worded(record: logging.LogRecord, message: str) -> str:
    if record.levelno >= logging.ERROR:
        return f"error: {message}"
    if record.levelno >= logging.WARNING:
        return f"warning: {message}"
    if record.name == _NOTICES:
        return f"notice: {message}"
    return message


def _progress_after() -> float:
    """:data:`PROGRESS_AFTER`, or the seconds :data:`PROGRESS_AFTER_VARIABLE` gives."""
    try:
        return max(0.0, float(os.environ[PROGRESS_AFTER_VARIABLE]))
    except (KeyError, ValueError):
        return PROGRESS_AFTER


@contextlib.contextmanager
def console(stream: TextIO, verbosity: Verbosity) -> Iterator[None]:
    """Show the package's messages on ``stream`` (stderr) for the run inside the block.

    The package's logger gets the handler, a level that lets its records
    through and no propagation to the root logger for the block; all three
    are restored after it.
    """
    progress = verbosity == "normal" and stream.isatty()
    handler = _Console(stream, verbosity, progress)
    logger = logging.getLogger(_PACKAGE)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(handler.level)
    logger.propagate = False
    timer = threading.Timer(_progress_after(), handler.show_progress) if progress else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
        if verbosity == "verbose":
            handler._write(f"[{time.monotonic() - handler.started:7.1f} s] done")
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
