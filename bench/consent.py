"""Consent checklist saves under gunicorn with 2 workers: saves per second and p95 save time.

CLIENTS signed-in connections each save topics of their own record as fast as the server
answers (a save = one form POST = one transaction with its audit event; the next save
carries the new revision). The load comes from wrk (C, one connection per thread) when it
is installed, else from Python threads. Bounded: SECONDS seconds and MAX_SAVES saves. Afterwards the database must hold every acknowledged save.
Target: >= 200 saves/s with no errors."""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.consent.checklist import REQUIRED_SLUGS  # noqa: E402
from tests.consent.live import Session, make_database, start_gunicorn, stop_gracefully  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
MAX_SAVES = 20000
TARGET_PER_SECOND = 200

WRK_SCRIPT = r"""
local records = {%(records)s}
local slugs = {%(slugs)s}
local token = "%(token)s"
local cookie = "%(cookie)s"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
  table.insert(threads, thread)
end

function init(args)
  record = records[n]
  revision = 1
  i = 0
  saves = 0
  failed = 0
end

function request()
  local slug = slugs[(i %% #slugs) + 1]
  local body = "csrf_token=" .. token .. "&revision=" .. revision ..
               "&status-parent_1=understood&questions-parent_1=w" .. n .. "-" .. i
  i = i + 1
  return wrk.format("POST", "/nl/consent/" .. record .. "/item/" .. slug,
                    {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}, body)
end

function response(status, headers, body)
  if status == 303 then
    revision = revision + 1
    saves = saves + 1
  else
    failed = failed + 1
  end
  if i >= %(max_per_connection)d then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local s, f = 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("saves")
    f = f + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format("RESULT saves=%%d failed=%%d socket_errors=%%d duration_us=%%d p50_us=%%d p95_us=%%d\n",
    s, f, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _prepare(tmp: Path):
    db_path = tmp / "bench.db"
    make_database(db_path, ["bench@example.nl"])
    process, base = start_gunicorn(db_path)
    signed_in = Session(base, timeout=60)
    signed_in.login("bench@example.nl")
    records = [signed_in.create_record(f"BENCH-{n}") for n in range(CLIENTS)]
    return db_path, process, base, signed_in, records


def _group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of every live process in the server's process group."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: process group
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_wrk(tmp: Path) -> dict:
    db_path, process, base, signed_in, records = _prepare(tmp)
    cpu_before = _group_cpu_seconds(process.pid)
    try:
        script = tmp / "consent.lua"
        script.write_text(WRK_SCRIPT % {
            "records": ", ".join(f'"{r}"' for r in records),
            "slugs": ", ".join(f'"{s}"' for s in REQUIRED_SLUGS),
            "token": signed_in.token,
            "cookie": "; ".join(f"{k}={v}" for k, v in signed_in.cookies.items()),
            "max_per_connection": MAX_SAVES // CLIENTS,
        })
        out = subprocess.run(["wrk", "-t", str(CLIENTS), "-c", str(CLIENTS), "-d", f"{SECONDS:.0f}s",
                              "--timeout", "10s", "-s", str(script), base],
                             capture_output=True, text=True, timeout=SECONDS + 60)
        server_cpu = _group_cpu_seconds(process.pid) - cpu_before
    finally:
        stop_gracefully(process)
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    values = dict(part.split("=") for part in line.split()[1:])
    saves, wall = int(values["saves"]), int(values["duration_us"]) / 1e6
    return {"client": "wrk", "saves": saves, "errors": int(values["failed"]) + int(values["socket_errors"]),
            "wall": wall, "per_second": saves / wall, "p50_ms": int(values["p50_us"]) / 1000,
            "p95_ms": int(values["p95_us"]) / 1000, "stored": _stored(db_path), "error_sample": [],
            "server_cpu_ms_per_save": server_cpu * 1000 / saves if saves else 0}


def run_python(tmp: Path) -> dict:
    db_path, process, base, signed_in, records = _prepare(tmp)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [MAX_SAVES]
    gate = threading.Barrier(CLIENTS + 1)
    deadline = [0.0]

    def worker(session, record_id, n):
        revision, i = 1, 0
        gate.wait()
        while time.monotonic() < deadline[0]:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            t0 = time.perf_counter()
            try:
                code = session.save(record_id, REQUIRED_SLUGS[i % len(REQUIRED_SLUGS)], revision,
                                    "understood", f"p{n}-{i}")
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                code = repr(exc)
            elapsed = time.perf_counter() - t0
            with lock:
                (times.append(elapsed) if code == 303 else errors.append(str(code)))
            revision += 1 if code == 303 else 0
            i += 1

    try:
        threads = [threading.Thread(target=worker, args=(signed_in.clone(), r, n)) for n, r in enumerate(records)]
        for t in threads:
            t.start()
        deadline[0] = time.monotonic() + SECONDS
        gate.wait()
        began = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    finally:
        stop_gracefully(process)
    return {"client": "python threads", "saves": len(times), "errors": len(errors), "wall": wall,
            "per_second": len(times) / wall, "p50_ms": statistics.median(times) * 1000 if times else 0,
            "p95_ms": statistics.quantiles(times, n=100)[94] * 1000 if len(times) > 1 else 0,
            "stored": _stored(db_path), "error_sample": errors[:3]}


def _stored(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM consent_item_events").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        use_wrk = shutil.which("wrk") and os.environ.get("BENCH_CLIENT") != "python"
        result = (run_wrk if use_wrk else run_python)(Path(tmp))
    # A save still in flight when the clock stops may be stored without being counted: stored >= saves.
    ok = result["per_second"] >= TARGET_PER_SECOND and result["errors"] == 0 and result["stored"] >= result["saves"]
    print(f"consent saves/s under gunicorn -w 2 ({CLIENTS} connections, {result['client']}): "
          f"{result['per_second']:.0f} (target >= {TARGET_PER_SECOND}, no errors) {'ok' if ok else 'BELOW TARGET'}")
    print(f"consent save time p50: {result['p50_ms']:.1f} ms, p95: {result['p95_ms']:.1f} ms")
    print(f"consent saves: {result['saves']} acknowledged in {result['wall']:.1f} s, {result['stored']} stored, "
          f"errors: {result['errors']} {result['error_sample'] if result['errors'] else ''}")
    if result.get("server_cpu_ms_per_save"):
        cpu = result["server_cpu_ms_per_save"]
        print(f"consent server CPU per save: {cpu:.1f} ms (2 free cores would allow about {2000 / cpu:.0f} saves/s); "
              f"load average during the run: {os.getloadavg()[0]:.1f}")
