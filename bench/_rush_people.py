"""bench/rush.py's people: a minimal HTTP client on asyncio streams, a rush of
requests at one instant, and a sampler of the database's connections."""

import asyncio
import contextlib
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from _rush_fixtures import PASSWORD
from _servers import PG_ADMIN_URL, log
from _servers import percentiles as _percentiles


def percentiles(values: list[float]) -> dict:
    """p50, p95 and max in milliseconds (values in seconds)."""
    full = _percentiles(values)
    if not values:
        return full
    return {key: full[key] for key in ("p50", "p95", "max")}


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


async def http(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> Response:
    """One request on a connection of its own; the whole response read."""
    body = urlencode(form).encode() if form is not None else b""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: close",
        "User-Agent: lms-bench",
    ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines.append("Content-Type: application/x-www-form-urlencoded")
    lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    raw = await asyncio.wait_for(exchange(), timeout)
    head, _sep, rest = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = [
        tuple(part.strip() for part in line.split(":", 1)) for line in header_lines
    ]
    return Response(int(status_line.split()[1]), parsed, rest)


class Person:
    def __init__(self, index: int, email: str, port: int) -> None:
        self.index, self.email, self.port = index, email, port
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, **kwargs) -> Response:
        response = await http(self.port, method, path, cookies=self.cookies, **kwargs)
        self.cookies.update(response.cookies())
        return response

    async def login(self) -> None:
        page = await self.request("GET", "/accounts/login/")
        if page.status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"log-in page: {page.status}")
        done = await self.request(
            "POST",
            "/accounts/login/",
            form={
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "login": self.email,
                "password": PASSWORD,
            },
        )
        if done.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in of {self.email}: {done.status}")


async def rush(people: list[Person], make_request) -> dict:
    """Every person sends one request at the same instant; status and latency."""
    barrier = asyncio.Barrier(len(people))
    results: list[tuple[int, float]] = []

    async def one(person: Person) -> None:
        await barrier.wait()
        started = time.perf_counter()
        try:
            response = await make_request(person)
            status = response.status
        except (OSError, TimeoutError, ValueError, IndexError) as error:
            log(f"person {person.index}: {type(error).__name__} {error}")
            status = 0  # no HTTP answer at all
        results.append((status, time.perf_counter() - started))

    started = time.perf_counter()
    await asyncio.gather(*(one(p) for p in people))
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for status, _latency in results:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "status_counts": dict(sorted(counts.items())),
        "latency_ms": percentiles([latency for _s, latency in results]),
        "wall_s": round(elapsed, 2),
    }


# --- pg_stat_activity ------------------------------------------------------------


class ConnectionSampler(threading.Thread):
    """Connections to the database, every ~20 ms, from a thread of its own."""

    def __init__(self, database: str, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.database, self.interval = database, interval
        self.phase = "idle"
        self.peaks: dict[str, int] = {}
        self.samples = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        # Connected to another database, so this connection is not counted.
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            while not self.stopping.is_set():
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                    [self.database],
                ).fetchone()
                self.samples += 1
                self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), count)
                time.sleep(self.interval)

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=5)
        return self.peaks
