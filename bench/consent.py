"""Consent checklist saves under gunicorn with 2 workers: saves per second and p95 save time.

Each of THREADS signed-in clinicians saves topics of their own record as fast as the server
answers (a save = one POST, one transaction with its audit event). Bounded: at most
MAX_SAVES saves or SECONDS seconds. Target: >= 200 saves/s with no errors."""
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.consent.checklist import REQUIRED_SLUGS  # noqa: E402
from tests.consent.live import Session, make_database, start_gunicorn, stop_gracefully  # noqa: E402

THREADS = int(__import__("os").environ.get("BENCH_THREADS", "8"))
MAX_SAVES = 4000
SECONDS = float(__import__("os").environ.get("BENCH_SECONDS", "20"))
TARGET_PER_SECOND = 200


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        make_database(db_path, ["bench@example.nl"])
        process, base = start_gunicorn(db_path)
        try:
            signed_in = Session(base, timeout=60)
            signed_in.login("bench@example.nl")
            sessions = []
            for n in range(THREADS):
                session = signed_in.clone()
                sessions.append((session, session.create_record(f"BENCH-{n}")))
            times: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            budget = [MAX_SAVES]
            start_gate = threading.Barrier(THREADS + 1)
            deadline = [0.0]

            def worker(session, record_id, n):
                session.set_timeout(10)
                revision, i = 1, 0
                start_gate.wait()
                while time.monotonic() < deadline[0]:
                    with lock:
                        if budget[0] <= 0:
                            return
                        budget[0] -= 1
                    t0 = time.perf_counter()
                    try:
                        code = session.save(record_id, REQUIRED_SLUGS[i % len(REQUIRED_SLUGS)], revision,
                                            ("understood", "explained_again", "not_yet")[i % 3], f"b{n}-{i}")
                    except Exception as exc:  # noqa: BLE001 - every failure is counted
                        code = repr(exc)
                    elapsed = time.perf_counter() - t0
                    with lock:
                        if code == 303:
                            times.append(elapsed)
                        else:
                            errors.append(str(code))
                    revision += 1 if code == 303 else 0
                    i += 1

            threads = [threading.Thread(target=worker, args=(s, r, n)) for n, (s, r) in enumerate(sessions)]
            for t in threads:
                t.start()
            deadline[0] = time.monotonic() + SECONDS
            start_gate.wait()
            began = time.perf_counter()
            for t in threads:
                t.join()
            wall = time.perf_counter() - began
        finally:
            stop_gracefully(process)
    return {"saves": len(times), "errors": len(errors), "wall": wall, "per_second": len(times) / wall,
            "p50_ms": statistics.median(times) * 1000 if times else 0,
            "p95_ms": statistics.quantiles(times, n=100)[94] * 1000 if len(times) > 1 else 0,
            "error_sample": errors[:3]}


if __name__ == "__main__":
    result = run()
    ok = result["per_second"] >= TARGET_PER_SECOND and result["errors"] == 0
    print(f"consent saves/s under gunicorn -w 2 ({THREADS} clients): {result['per_second']:.0f} "
          f"(target >= {TARGET_PER_SECOND}) {'ok' if ok else 'BELOW TARGET'}")
    print(f"consent save time p50: {result['p50_ms']:.1f} ms, p95: {result['p95_ms']:.1f} ms")
    print(f"consent saves: {result['saves']} in {result['wall']:.1f} s, errors: {result['errors']} "
          f"{result['error_sample'] if result['errors'] else ''}")
