"""The body limit holds without Content-Length (issue 26, finding 5: an unauthenticated
chunked 200 MiB multipart POST to /reviews/label-sheet was spooled to disk before the
403). Bodies are counted as they stream in and cut off at the limit; a write without
credentials is refused before its body is read."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from fastapi.testclient import TestClient

from tests.web.conftest import TOKEN, sign_in

MIB = 1024 * 1024
CHUNK = 64 * 1024
BOUNDARY = "govatlas-test-boundary"


class Body:
    """A chunked body of ``mib`` MiB that counts how much of it the server pulled."""

    def __init__(self, mib: int) -> None:
        self.mib = mib
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="sheet"; '
            'filename="sheet.csv"\r\nContent-Type: text/csv\r\n\r\nid,decision\r\n'
        ).encode()
        yield head
        chunk = b"1,accept\r\n" * (CHUNK // 10)
        for _ in range(self.mib * MIB // len(chunk)):
            self.sent += len(chunk)
            yield chunk


def _post(client: TestClient, path: str, body: Body, cookie: str = "", **headers: str) -> int:
    """POST ``body`` in chunks straight to the app (the test client would read it whole
    first); the status. Stops feeding the body once the answer is complete."""
    app = client.app
    query = path.split("?", 1)[1] if "?" in path else ""
    sent_headers = {
        "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        "transfer-encoding": "chunked",
        **({"cookie": cookie} if cookie else {}),
        **{k.lower(): v for k, v in headers.items()},
    }
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path.split("?", 1)[0],
        "raw_path": path.split("?", 1)[0].encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.encode(), v.encode()) for k, v in sent_headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    chunks = iter(body)
    answer: dict[str, int] = {}
    done = asyncio.Event()

    async def receive() -> dict[str, object]:
        if done.is_set():
            return {"type": "http.disconnect"}
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = int(message["status"])  # type: ignore[call-overload]
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return answer["status"]


def test_an_unauthenticated_chunked_upload_is_refused_before_its_body_is_read(
    client: TestClient,
) -> None:
    body = Body(48)
    assert _post(client, "/reviews/label-sheet", body) == 403
    assert body.sent == 0
    body = Body(48)
    assert _post(client, "/api/v1/labels/1/review?decision=accept&reviewer=x", body) == 403
    assert body.sent == 0


def test_a_chunked_body_is_cut_off_at_the_limit(client: TestClient) -> None:
    body = Body(48)  # sign-in is open to everyone, and reads its form
    assert _post(client, "/login", body) == 413
    assert body.sent <= MIB + 2 * CHUNK  # the 1 MB limit, not 48 MiB


def test_a_signed_in_upload_stops_at_the_sheet_limit(client: TestClient) -> None:
    assert sign_in(client).is_redirect
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    body = Body(48)
    assert _post(client, "/reviews/label-sheet", body, cookie) == 413
    assert body.sent <= 21 * MIB  # the 20 MB sheet limit, not 48 MiB


def test_a_declared_length_over_the_limit_is_refused_before_reading(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/labels/1/review?decision=accept&reviewer=x",
        content=b"x" * (MIB + 1),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["message"] == "the request body is over 1,048,576 bytes"
