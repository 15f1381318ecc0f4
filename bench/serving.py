"""How `make run` holds up: slow and half-open clients, and a mixed load.

1. Slow clients: 20 connections that send request headers without the final blank line,
   and one TLS hello sent to the plain-HTTP port, all held open; meanwhile `/healthz` is
   asked ten times. Printed: its slowest and median answer time, target at most 1 s. Run
   against `make run`'s settings and, for comparison, gunicorn's plain sync workers.
2. Mixed load: 50 clients for 30 s (wrk) on information pages, the chat API and the
   pre-screen. Printed: requests per second, p50/p95/p99 latency and errors, and how many rows
   the chat's inbox holds afterwards (the same question is counted, not stored again).

    python bench/serving.py [--seconds 30] [--clients 50] [--skip-sync]
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import start_server, stop_server  # noqa: E402

HALF_OPEN = 20
TARGET_S = 1.0
# The first bytes of a TLS 1.2 ClientHello: what a browser sends to https:// on this port.
TLS_HELLO = bytes.fromhex("16030100a5010000a10303") + os.urandom(32) + bytes.fromhex("000004c02fc030010000740000")

WRK_SCRIPT = r'''
local paths = {
  {"GET", "/nl/"}, {"GET", "/en/"}, {"GET", "/nl/info/purpose"}, {"GET", "/en/info/side-effects"},
  {"GET", "/nl/info/what-happens"}, {"GET", "/nl/prescreen/"}, {"GET", "/en/prescreen/"},
  {"GET", "/nl/chat"}, {"GET", "/nl/timeline"},
  {"POST", "/api/chat", '{"question": "Welke bijwerkingen kan anakinra geven?", "lang": "nl"}'},
  {"POST", "/api/chat", '{"question": "How long does the study last?", "lang": "en"}'},
  {"POST", "/api/chat", '{"question": "kan ik bij mijn kind blijven vannacht", "lang": "nl"}'},
  {"POST", "/api/chat", '{"question": "Waar kan ik een vlieger kopen?", "lang": "nl"}'},
}
local requests = {}
local i = 0
init = function(args)
  for _, p in ipairs(paths) do
    local headers = {["Accept-Encoding"] = "gzip"}
    if p[1] == "POST" then headers["Content-Type"] = "application/json" end
    table.insert(requests, wrk.format(p[1], p[2], headers, p[3]))
  end
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.1f %.1f %.1f %d %d\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
'''


def healthz_time(base: str, timeout: float = 5.0) -> float:
    start = time.perf_counter()
    try:
        urllib.request.urlopen(base + "/healthz", timeout=timeout).read()
    except OSError:
        return timeout
    return time.perf_counter() - start


def slow_clients(base: str) -> list[float]:
    host, port = base.removeprefix("http://").split(":")
    held = []
    for _ in range(HALF_OPEN):
        s = socket.create_connection((host, int(port)))
        s.sendall(b"GET /en/ HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\n")  # no blank line
        held.append(s)
    tls = socket.create_connection((host, int(port)))
    tls.sendall(TLS_HELLO)
    held.append(tls)
    time.sleep(0.5)
    try:
        return [healthz_time(base) for _ in range(10)]
    finally:
        for s in held:
            s.close()


def mixed_load(base: str, seconds: int, clients: int) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", f.name, base],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    n, micros, p50, p95, p99, status_errors, socket_errors = re.search(
        r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out).groups()
    rps = int(n) / (int(micros) / 1e6)
    return (f"mixed load, {clients} clients for {seconds} s: {rps:.0f} requests/s, p50 {p50} ms, p95 {p95} ms,"
            f" p99 {p99} ms, errors {int(status_errors) + int(socket_errors)}"
            f" (HTTP {status_errors}, socket {socket_errors}) of {n}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--skip-sync", action="store_true", help="skip the comparison with sync workers")
    args = parser.parse_args()
    worst_ours = None
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "serving.db"
        # as `make run` does: migrate, load content/, and encode the chat's phrasings ahead
        subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "init-db"], cwd=ROOT, check=True,
                       env={**os.environ, "COMPANION_DB": str(db)}, stdout=subprocess.DEVNULL)
        runs = [("make run (gthread + read limit)", ())]
        if not args.skip_sync:
            runs.append(("gunicorn sync workers (before)", ("--worker-class", "sync", "--threads", "1")))
        for name, extra in runs:
            process, base = start_server(db, workers=2, args=extra)
            try:
                times = slow_clients(base)
                worst = max(times)
                worst_ours = worst if worst_ours is None else worst_ours
                print(f"{name}: /healthz beside {HALF_OPEN} half-open connections and a TLS hello:"
                      f" slowest {worst:.3f} s, median {statistics.median(times):.3f} s (target <= {TARGET_S} s;"
                      f" 5 s means it timed out)")
                if extra == ():
                    print(mixed_load(base, args.seconds, args.clients))
                    conn = sqlite3.connect(db)
                    stored, asked = conn.execute("SELECT count(*), coalesce(sum(times), 0) FROM chat_inbox").fetchone()
                    conn.close()
                    print(f"chat inbox after the load: {stored} rows for {asked} unanswered questions asked")
            finally:
                stop_server(process)
    return 0 if worst_ours is not None and worst_ours <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
