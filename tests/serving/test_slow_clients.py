"""`make run`'s server (companion/serving) against clients that send half a request.

Not timed: the bench (bench/serving.py) prints how long /healthz takes. These tests check the
behaviour: a half-open connection is closed by the server once the read limit has passed,
a TLS hello on the plain port does the same, and the site keeps answering while 20 are held."""
import shutil
import socket
import urllib.request

import pytest

from tests.conftest import start_server, stop_server

TLS_HELLO = bytes.fromhex("16030100a5010000a10303") + bytes(32) + bytes.fromhex("000004c02fc030010000740000")


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db):
    db_path = tmp_path_factory.mktemp("serving") / "serving.db"
    shutil.copyfile(template_db, db_path)
    process, base = start_server(db_path, env_extra={"COMPANION_CLIENT_READ_TIMEOUT": "1"})
    host, port = base.removeprefix("http://").split(":")
    yield base, (host, int(port))
    stop_server(process)


def _closed_by_server(sock: socket.socket, wait: float = 20) -> bool:
    """True when the server closes the connection (EOF) before `wait` seconds."""
    sock.settimeout(wait)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_half_open_request_is_dropped_after_the_read_limit(server):
    _base, address = server
    with socket.create_connection(address) as sock:
        sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: localhost\r\n")  # no blank line: the request never ends
        assert _closed_by_server(sock)


def test_tls_hello_on_the_plain_port_is_dropped(server):
    _base, address = server
    with socket.create_connection(address) as sock:
        sock.sendall(TLS_HELLO)
        assert _closed_by_server(sock)


def test_site_answers_while_twenty_clients_hang(server):
    base, address = server
    held = []
    try:
        for _ in range(20):
            sock = socket.create_connection(address)
            sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: localhost\r\n")
            held.append(sock)
        tls = socket.create_connection(address)
        tls.sendall(TLS_HELLO)
        held.append(tls)
        for _ in range(5):
            with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
                assert response.status == 200
    finally:
        for sock in held:
            sock.close()


def test_whole_request_is_still_served(server):
    base, address = server
    with socket.create_connection(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        sock.settimeout(20)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200")
