"""What the benchmarks share: processes, ports, databases, percentiles.

Not a benchmark itself: ``bench/live_quiz.py`` and ``bench/rush.py`` import it
(run as scripts, ``bench/`` is first on ``sys.path``). Everything here starts
only processes and databases on this machine, and stops what it starts.
"""

import contextlib
import hashlib
import json
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def log(*parts) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def raise_fd_limit() -> int:
    """As many open files as the hard limit allows: a socket per phone."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentiles(values: list[float]) -> dict:
    """Nearest-rank percentiles in milliseconds (values are in seconds)."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {
        "count": len(ordered),
        "min": round(ordered[0] * 1000, 1),
        "p50": round(rank(50) * 1000, 1),
        "p95": round(rank(95) * 1000, 1),
        "p99": round(rank(99) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2)}


def proc_stats(pid: int) -> dict:
    """Peak RSS and CPU seconds of a live process, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return {}
    fields = {}
    for line in status.splitlines():
        key, _sep, value = line.partition(":")
        fields[key] = value.strip()
    after = stat.rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        "peak_rss_mb": round(int(fields.get("VmHWM", "0 kB").split()[0]) / 1024, 1),
        "rss_mb": round(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024, 1),
        "cpu_s": round((int(after[11]) + int(after[12])) / ticks, 2),
    }


# --- Databases ------------------------------------------------------------------


def migrations_hash(packages: tuple[str, ...] = ()) -> str:
    """What a migrated template database depends on: the migrations (and the
    versions of ``packages`` whose migrations live in site-packages)."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in packages:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def manage(env: dict, *args: str, timeout: float = 600) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def pg_execute(statements: list[str], url: str = PG_ADMIN_URL) -> list:
    import psycopg

    rows = []
    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            if cursor.description:
                rows.extend(cursor.fetchall())
    return rows


def django_step(
    script: str, env: dict, role: str, payload: dict, timeout: float = 300
) -> dict:
    """Run ``script --_role role`` (a Django set-up or check) in a subprocess;
    returns the JSON of its last line."""
    result = subprocess.run(
        [PYTHON, script, "--_role", role, "--_payload", json.dumps(payload)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"{role} step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Server processes -------------------------------------------------------------


class Processes:
    """Server processes on this machine, each with a log file; all stopped by
    ``stop`` (after ``stop_signal``, 15 s to end, then killed)."""

    def __init__(self, stop_signal: int = signal.SIGTERM) -> None:
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.stop_signal = stop_signal

    def start(
        self, command: list[str], env: dict, log_path: Path, stdin=subprocess.DEVNULL
    ) -> subprocess.Popen:
        with open(log_path, "wb") as handle:
            proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=stdin,
            )
        self.procs.append(proc)
        self.logs.append(log_path)
        return proc

    def tail(self, index: int) -> str:
        return self.logs[index].read_text(errors="replace")[-3000:]

    def wait_listening(self, index: int, port: int, timeout: float = 90) -> None:
        """Until process ``index`` accepts connections on ``port``."""
        deadline = time.monotonic() + timeout
        proc = self.procs[index]
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(
                    f"server {index} exited with {proc.returncode} before "
                    f"listening:\n{self.tail(index)}"
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                return
            time.sleep(0.2)
        raise SystemExit(
            f"server {index} did not listen on {port} within {timeout:.0f} s:\n"
            + self.tail(index)
        )

    def stats(self) -> list[dict]:
        return [proc_stats(proc.pid) for proc in self.procs]

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(Exception):
                    if proc.stdin:
                        proc.stdin.close()
                proc.send_signal(self.stop_signal)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
