"""gunicorn's threaded worker, with a time limit on every read from a client.

gunicorn's ``gthread`` worker hands each connection to a thread, which then waits for the
request's headers with no time limit: a client that sends half a request (or a TLS hello to
the plain port and then nothing) holds that thread for as long as it keeps the connection
open. With the limit, a read that waits longer than ``client_read_timeout`` seconds is
treated as the client having gone away: the connection is closed and the thread is free.
Behind a reverse proxy that buffers requests (see README) this is a second line of defence.
"""
from __future__ import annotations

import errno
import os

from gunicorn.workers.gthread import TConn, ThreadWorker

READ_TIMEOUT_ENV = "COMPANION_CLIENT_READ_TIMEOUT"
DEFAULT_READ_TIMEOUT = 10.0


class DeadlineSocket:
    """A client socket whose blocking reads give up after ``timeout`` seconds.

    gunicorn sets the socket to blocking before each request, which would clear a plain
    ``settimeout``; this wrapper keeps the limit in force. A read that runs out of time
    returns end-of-file, so gunicorn closes the connection quietly instead of logging an
    error for every slow client.
    """

    def __init__(self, sock, timeout: float):
        self._sock = sock
        self._timeout = timeout
        sock.settimeout(timeout)

    def setblocking(self, flag: bool) -> None:
        self._sock.setblocking(flag)
        if flag:
            self._sock.settimeout(self._timeout)

    def recv(self, *args):
        try:
            return self._sock.recv(*args)
        except TimeoutError:
            return b""

    def recv_into(self, *args):
        try:
            return self._sock.recv_into(*args)
        except TimeoutError:
            return 0

    def __getattr__(self, name):
        return getattr(self._sock, name)


class GuardedThreadWorker(ThreadWorker):
    """``gthread`` whose connections time out while waiting for the client (see module docstring)."""

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        sock = client_sock if self.cfg.is_ssl else DeadlineSocket(client_sock, read_timeout())
        self.enqueue_req(TConn(self.cfg, sock, client_addr, listener.getsockname()))


def read_timeout() -> float:
    try:
        value = float(os.environ.get(READ_TIMEOUT_ENV, DEFAULT_READ_TIMEOUT))
    except ValueError:
        return DEFAULT_READ_TIMEOUT
    return value if value > 0 else DEFAULT_READ_TIMEOUT
