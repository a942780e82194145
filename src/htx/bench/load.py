"""An open-loop HTTP load generator on raw asyncio streams: a fixed request rate, latency from the planned send time.

Open loop means requests are sent on schedule whether or not earlier ones have answered,
and each latency is measured from the moment the request *should* have been sent, so a
slow server cannot hide its queueing (no coordinated omission). A minimal HTTP/1.1 client
with a pool of keep-alive connections keeps the generator's own cost far below the
server's (a general-purpose async client spent more CPU than the server at 200 req/s).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    sent: int
    errors: int
    latencies: list[float]
    seconds: float
    causes: Counter[str] = field(default_factory=Counter)  # what each error was (HTTP status or exception)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _get(conn: Conn, request: bytes) -> int:
    """Send one GET on a keep-alive connection and read the whole response; the status code."""
    reader, writer = conn
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _run(url: str, rate: float, duration: float, headers: dict[str, str], timeout: float) -> LoadResult:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
    total = max(1, int(rate * duration))
    latencies: list[float] = []
    idle: list[Conn] = []
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    causes: Counter[str] = Counter()

    async def one(i: int) -> None:
        planned = start + i / rate
        await asyncio.sleep(max(0.0, planned - loop.time()))
        deadline = planned + timeout
        conn: Conn | None = None
        try:
            status = None
            while idle and status is None:
                # a kept-alive connection the server closed while it sat idle fails before any answer;
                # like any HTTP client, send again on another connection (not an error of the server)
                conn = idle.pop()
                try:
                    status = await asyncio.wait_for(_get(conn, request), max(0.001, deadline - loop.time()))
                except (ConnectionError, asyncio.IncompleteReadError) as exc:
                    if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                        raise
                    conn[1].close()
                    conn = None
            if status is None:
                conn = await asyncio.wait_for(asyncio.open_connection(host, port), max(0.001, deadline - loop.time()))
                status = await asyncio.wait_for(_get(conn, request), max(0.001, deadline - loop.time()))
            if status != 200:
                causes[f"HTTP {status}"] += 1
            assert conn is not None
            idle.append(conn)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            causes[type(exc).__name__] += 1
            if conn is not None:
                conn[1].close()
        latencies.append(loop.time() - planned)

    await asyncio.gather(*(one(i) for i in range(total)))
    seconds = loop.time() - start
    for _, writer in idle:
        writer.close()
    return LoadResult(total, sum(causes.values()), latencies, seconds, causes)


def open_loop(url: str, rate: float = 200.0, duration: float = 30.0,
              headers: dict[str, str] | None = None, timeout: float = 10.0) -> LoadResult:
    """Send ``rate`` GET requests per second to ``url`` for ``duration`` seconds.

    A request not answered ``timeout`` seconds after its planned send time is an error.
    """
    return asyncio.run(_run(url, rate, duration, headers or {}, timeout))
