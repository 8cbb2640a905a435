"""Work done aside in a forked child: the same lines as done here, whatever happens to it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from bot.commandline.aside import run_aside


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (no threads but its own) and return its stdout."""
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_the_lines_are_worked_out_in_a_child_and_handed_back():
    """Without threads the work runs in another process; its lines come back intact."""
    out = run_python(
        """
        import os
        from bot.commandline.aside import run_aside
        here = os.getpid()
        wait = run_aside(lambda: [str(os.getpid()), "드라마 \\u202e", "", "a\\nb"])
        lines = wait()
        print(lines[0] != str(here), lines[1:] == ["드라마 \\u202e", "", "a\\nb"])
        """
    )
    assert out == "True True\n"


def test_a_child_that_fails_means_the_work_is_done_here():
    """If the child dies, the parent does the work itself: the lines are still there."""
    out = run_python(
        """
        import os
        from bot.commandline.aside import run_aside
        here = os.getpid()

        def work():
            if os.getpid() != here:
                raise RuntimeError("the child fails")
            return ["done here"]

        print(run_aside(work)())
        """
    )
    assert out == "['done here']\n"


def test_with_threads_running_the_work_is_not_forked():
    """A process with threads never forks (a child could inherit a held lock): work runs here."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        work = lambda: ["x"]  # noqa: E731 - compared by identity below
        assert run_aside(work) is work
    finally:
        stop.set()
        thread.join()
