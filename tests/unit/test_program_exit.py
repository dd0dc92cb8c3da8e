"""A program of this package's resources ends quietly when the engine stops it with SIGINT,
even while a thread still waits for the engine (as the one registering a failed resource
does), instead of with a ``KeyboardInterrupt`` traceback or a hang until it is killed.

The child process plays the end of ``pulumi-language-python-exec``: a worker thread blocked
for good, and the main thread joining it as ``executor.shutdown(wait=True)`` does.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from pulumi_composio.program_exit import EXITED_AFTER_SHOWING_THE_ERROR

PROGRAM = """
import os, signal, sys, threading
from pulumi_composio.program_exit import exit_quietly_when_the_engine_stops

# SIGINT at Python's default, as in a program its host starts in a terminal or a CI job; a
# shell's background job starts with SIGINT ignored, which the function leaves alone.
signal.signal(signal.SIGINT, signal.default_int_handler)
{before}
exit_quietly_when_the_engine_stops()
waiting = threading.Thread(target=threading.Event().wait)
waiting.start()
print("said before the signal")  # still in stdout's buffer
print("ready", file=sys.stderr, flush=True)
waiting.join()
"""


def interrupted(before: str = "", signals: int = 2) -> subprocess.CompletedProcess[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PROGRAM.format(before=before))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    assert child.stderr.readline() == "ready\n"
    for _ in range(signals):
        child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def test_the_engine_s_sigint_ends_the_program_at_once_without_a_traceback():
    ended = interrupted()

    assert ended.returncode == EXITED_AFTER_SHOWING_THE_ERROR
    assert ended.stderr == ""
    assert ended.stdout == "said before the signal\n", "what the program printed is flushed"


def test_a_program_s_own_sigint_handler_is_kept():
    ended = interrupted(
        before="signal.signal(signal.SIGINT, lambda *_: (print('mine', flush=True), os._exit(7)))",
        signals=1,
    )

    assert "mine" in ended.stdout
    assert ended.returncode != EXITED_AFTER_SHOWING_THE_ERROR
