"""End a Python program quietly when the engine stops it.

When a resource fails (a rejected input at preview, a failed create), the Pulumi engine
stops answering the program, which still waits for that resource, and stops the language
host with SIGINT to its process group, then kills it 5 s later. Pulumi's
``pulumi-language-python-exec`` does not handle that signal: the program dies with a
``KeyboardInterrupt`` traceback of the host's own code under the stack, after the real error,
or, when a second SIGINT arrives before Python handles the first, it hangs in
``executor.shutdown(wait=True)`` until it is killed, so a failed preview takes 5 s longer
than a clean one. The engine has already shown the error by then, so the program has
nothing left to say: it flushes what it printed and exits with the code Pulumi's Python host
reads as "exited after showing the user an actionable message" (no further message).

Installed by the resources a program declares, only in its main thread and only while
SIGINT still has Python's default handler, so a program that handles SIGINT itself keeps
its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType

__all__ = ["exit_quietly_when_the_engine_stops"]

EXITED_AFTER_SHOWING_THE_ERROR = 32
"""``pythonProcessExitedAfterShowingUserActionableMessage`` of Pulumi's Python host: the
host ends the run as failed without adding a message of its own."""


def exit_quietly_when_the_engine_stops() -> None:
    """Exit at once and quietly on SIGINT, instead of with a traceback or a hang."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _exit_quietly)


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    # Not sys.exit: the threads still blocked on the engine's answer would keep the
    # interpreter from ending, which is the hang this avoids.
    os._exit(EXITED_AFTER_SHOWING_THE_ERROR)
