"""gunicorn settings for `make run` (``gunicorn -c python:companion.serving.gunicorn_conf app:app``).

Why these values:

- ``GuardedThreadWorker`` (gthread with a read time limit, see worker.py): a client that
  sends half a request, or a TLS hello to this plain-HTTP port, cannot hold a worker. With
  the plain ``sync`` worker two such clients stopped the site.
- 2 workers × 32 threads: the machine has few cores; threads wait on the network and on
  SQLite, the chat model keeps its own lock. The kernel does not spread connections evenly
  over the workers, so each worker alone has threads to spare for more slow clients than the
  20 the bench holds open; each slow client is dropped after the read limit (10 s).
- ``timeout`` 30 s: a worker whose main loop stops answering is restarted. ``graceful_timeout``
  20 s: on restart or deploy, requests in flight (a consent save, a PDF) may finish.
- ``keepalive`` 5 s: a phone's next page reuses the connection without holding it long.
- Header limits: request line 4,094 bytes, 50 header fields of at most 8,190 bytes each;
  Flask's MAX_CONTENT_LENGTH limits the body (16 MiB, for content zip imports).
- ``preload_app``: the app (content, chat index) is built once before the workers fork, and
  ``when_ready`` reads the de-identification word lists there too, so that the workers share
  them and no first save waits for them.

Environment: PORT (default 5000), COMPANION_BIND (default 127.0.0.1:$PORT; behind a reverse
proxy keep it on loopback), COMPANION_WORKERS, COMPANION_THREADS, COMPANION_CLIENT_READ_TIMEOUT.
"""
import os

bind = os.environ.get("COMPANION_BIND") or f"127.0.0.1:{os.environ.get('PORT', '5000')}"
worker_class = "companion.serving.worker.GuardedThreadWorker"
workers = int(os.environ.get("COMPANION_WORKERS", "2"))
threads = int(os.environ.get("COMPANION_THREADS", "32"))
timeout = 30
graceful_timeout = 20
keepalive = 5
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
preload_app = True


def when_ready(server):
    from companion.privacy.deidentify import vocabulary

    vocabulary()
