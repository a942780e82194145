"""The open-loop load generator against a tiny in-process HTTP server: rate, latencies, errors, timeouts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from htx.bench.load import open_loop


@pytest.fixture()
def server() -> Iterator[str]:
    """HTTP/1.1 keep-alive server: /ok answers 200, /bad 500, /slow never answers, /once closes after answering."""
    ready = threading.Event()
    box: dict[str, object] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode()
                path = head.split()[1]
                if path == "/slow":
                    await asyncio.sleep(5)
                    return
                status = "200 OK" if path in ("/ok", "/once") else "500 Error"
                writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\nhi".encode())
                await writer.drain()
                if path == "/once":  # as a server closes an idle keep-alive connection: no warning to the client
                    writer.close()
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def serve() -> None:
        loop = asyncio.new_event_loop()
        srv = loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
        box["port"], box["loop"] = srv.sockets[0].getsockname()[1], loop
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    ready.wait(5)
    yield f"http://127.0.0.1:{box['port']}"
    loop = box["loop"]
    loop.call_soon_threadsafe(loop.stop)  # type: ignore[attr-defined]


def test_rate_and_latencies(server: str) -> None:
    result = open_loop(f"{server}/ok", rate=100, duration=1.0)
    assert result.sent == 100 and result.errors == 0 and len(result.latencies) == 100
    assert 0.8 < result.seconds < 2.0
    assert 0 < result.percentile(0.5) <= result.percentile(0.99) < 0.5


def test_errors_and_timeouts_are_counted(server: str) -> None:
    bad = open_loop(f"{server}/bad", rate=50, duration=0.2)
    assert bad.errors == 10 and bad.causes == {"HTTP 500": 10}
    slow = open_loop(f"{server}/slow", rate=20, duration=0.1, timeout=0.3)
    assert slow.errors == slow.sent == 2 and min(slow.latencies) >= 0.3


def test_a_connection_closed_by_the_server_is_not_an_error(server: str) -> None:
    result = open_loop(f"{server}/once", rate=100, duration=0.5)
    assert result.sent == 50 and result.errors == 0, result.causes
