"""Stops a worker process right after a given chunk of a certificate batch.

With ``CRASH_AFTER_CHUNKS=n`` the worker, once the n-th chunk has committed,
writes its pid to ``CRASH_MARKER`` and waits there to be killed: the test then
knows the batch is half done when it sends SIGKILL.
"""

import os
import time
from pathlib import Path

from django.apps import AppConfig


class CrashHookConfig(AppConfig):
    name = "tests.certificates"
    label = "certificates_crash_hook"

    def ready(self) -> None:
        after = int(os.environ.get("CRASH_AFTER_CHUNKS", "0"))
        if after:
            _stop_after(after, Path(os.environ["CRASH_MARKER"]))


def _stop_after(after: int, marker: Path) -> None:
    from certificates import services

    chunk = services._issue_chunk
    calls = []

    def chunk_then_stop(**kwargs):
        issued = chunk(**kwargs)
        calls.append(issued)
        if len(calls) == after:
            marker.write_text(str(os.getpid()))
            time.sleep(3600)  # killed here by the test
        return issued

    services._issue_chunk = chunk_then_stop
