"""Bodies that cannot be read or encoded are the client's mistake: a 400 or a replaced character,
never a 500. The chunked case goes through gunicorn, which parses the chunks."""
import socket
from urllib.parse import urlparse

import pytest


@pytest.mark.parametrize("body", [{"question": "\ud800"}, {"question": "kosten \udfff?", "lang": "nl"},
                                  {"question": "x", "previous_topics": ["\ud800"]}])
def test_a_lone_surrogate_in_json_is_never_a_500(client, body):
    import json

    raw = json.dumps(body)  # ensure_ascii: the surrogate travels as "\\ud800", as an attacker sends it
    response = client.post("/api/chat", data=raw, content_type="application/json")
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    assert response.is_json


def test_a_lone_surrogate_in_the_prescreen_api_is_never_a_500(client):
    response = client.post("/api/prescreen", data='{"mode": "family", "answers": {"age": {"years": "\\ud800"}}}', content_type="application/json")
    assert response.status_code in (200, 400, 404, 405)


def _raw(base: str, request: bytes) -> bytes:
    url = urlparse(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(request)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


@pytest.mark.e2e
@pytest.mark.parametrize("body", [b"zz\r\nhello\r\n0\r\n\r\n", b"5\r\nhel", b"3\r\nabcdef\r\n0\r\n\r\n"])
def test_a_malformed_chunked_body_is_a_400(live_server, body):
    request = (b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body)
    status = _raw(live_server, request).split(b"\r\n", 1)[0]
    assert b" 500 " not in status and (b" 400 " in status or status == b""), status
