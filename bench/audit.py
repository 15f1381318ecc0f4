"""Audit trail and sign-in costs, on a real SQLite file (WAL), no server.

- append: events per second inside one transaction, and one event in its own
  BEGIN IMMEDIATE/COMMIT;
- verify: seconds for `audit verify` over the whole trail (target: 100,000 events < 5 s);
- sign-in: median time with the production Argon2id parameters for a wrong password on a
  known email and on an unknown email, interleaved (they should match: no enumeration by timing).
BENCH_EVENTS sets the trail size (default 100000)."""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from companion.audit.chain import append_event, verify_chain, write_transaction  # noqa: E402
from companion.audit.schema import migrations as audit_migrations  # noqa: E402
from companion.auth import lockout  # noqa: E402
from companion.auth.accounts import create_user  # noqa: E402
from companion.auth.schema import migrations as auth_migrations  # noqa: E402
from companion.auth.signin import authenticate  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "100000"))
SIGN_INS = 20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "bench.db")
        db.enable_wal()
        audit_migrations.apply(db)
        auth_migrations.apply(db)

        started = time.perf_counter()
        with write_transaction(db):
            for i in range(EVENTS):
                append_event(db, kind="bench.event", actor=1, subject=f"consent:{i}",
                             details={"item": "voluntary", "i": i})
        bulk = time.perf_counter() - started
        print(f"append in one transaction: {EVENTS / bulk:,.0f} events/s")

        started = time.perf_counter()
        for i in range(500):
            append_event(db, kind="bench.single", details={"i": i})
        print(f"append, own transaction each: {(time.perf_counter() - started) / 500 * 1e6:,.0f} µs/event")

        started = time.perf_counter()
        ok, count, broken = verify_chain(db)
        seconds = time.perf_counter() - started
        print(f"verify: {count:,} events in {seconds:.2f} s ({'ok' if ok else broken}); target < 5 s: "
              f"{'met' if seconds < 5 else 'MISSED'}")

        create_user(db, "dr@example.nl", "clinician", "correct horse battery")
        lockout.MAX_FAILURES = 10**9  # time the check itself, never the lock
        times = {"known": [], "unknown": []}
        for i in range(SIGN_INS):
            for kind, email in (("known", "dr@example.nl"), ("unknown", f"nobody{i}@example.nl")):
                started = time.perf_counter()
                authenticate(db, email, "a wrong password")
                times[kind].append(time.perf_counter() - started)
        known, unknown = (statistics.median(times[k]) * 1000 for k in ("known", "unknown"))
        print(f"sign-in with a wrong password (Argon2id 64 MiB, t=3, p=4), median of {SIGN_INS}: "
              f"known email {known:.0f} ms, unknown email {unknown:.0f} ms")
        db.close()


if __name__ == "__main__":
    main()
