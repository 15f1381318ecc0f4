"""Pre-screening: POST /api/prescreen server time, and the Phoenix calculator's agreement with
the reference package phoenix-sepsis (its bundled data set and seeded random inputs).

Server time is measured in process (Flask test client, real SQLite file): from the request
entering the app to the response leaving it, and also the view's own time (Server-Timing).
Target: p95 <= 5 ms; agreement 100% (the package's quirks are counted apart, see docs/phoenix.md)."""
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion import create_app  # noqa: E402
from tests.prescreen import reference  # noqa: E402

ROUNDS = 2000
TARGET_P95_MS = 5.0
RANDOM_CASES = 5000

BODIES = [
    {"mode": "family", "answers": {"age_months": 40, "weight_kg": 14, "in_icu": True}},
    {"mode": "clinician", "lang": "nl", "answers": {
        "date_of_birth": "2016-02-29", "icu_admission_date": "2024-02-28", "weight_kg": 24.5,
        "in_icu": True, "malignancy_or_hct": True, "infection_suspected_or_confirmed": True,
        "ferritin": 4494, "ferritin_unit": "pmol/L", "pt_seconds": 16, "inr": 1.6,
        "hepatic_encephalopathy": False, "phoenix_components": {
            "fio2": 0.6, "pao2_kpa": 7, "invasive_ventilation": True, "vasoactive_count": 2,
            "lactate_mmol_l": 6.1, "sbp_mmhg": 70, "dbp_mmhg": 35, "platelets_10e9_l": 80,
            "inr": 1.6, "d_dimer_mg_l_feu": 3.2, "fibrinogen_g_l": 0.9, "gcs": 9}}},
    {"mode": "clinician", "answers": {"age_months": 100, "phoenix_sepsis_score": 3, "ferritin": 2500}},
    {"mode": "clinician", "answers": {"weight_kg": "heavy"}},  # a 400
]


def api_timing() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE": str(Path(tmp) / "bench.db")})
        client = app.test_client()
        for body in BODIES:
            client.post("/api/prescreen", json=body)  # warm up
        rng = random.Random(4)
        wall, view, cpu = [], [], []
        for _ in range(ROUNDS):
            body = rng.choice(BODIES)
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.post("/api/prescreen", json=body)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code in (200, 400), response.status_code
            if response.status_code == 200:
                view.append(float(response.headers["Server-Timing"].split("dur=")[1]))
        p95 = statistics.quantiles(wall, n=20)[18]
        return (statistics.median(wall), p95, statistics.quantiles(view, n=20)[18],
                statistics.quantiles(cpu, n=20)[18])


def main() -> int:
    median, p95, view95, cpu95 = api_timing()
    print(f"prescreen api p95: {p95:.2f} ms (median {median:.2f} ms, view only p95 {view95:.2f} ms, "
          f"cpu p95 {cpu95:.2f} ms; "
          f"n={ROUNDS}; target <= {TARGET_P95_MS} ms: {'ok' if p95 <= TARGET_P95_MS else 'SLOW'})")

    dataset = reference.dataset_cases()
    share_d, differ_d = reference.agreement(dataset)
    randoms = reference.random_cases(RANDOM_CASES, seed=2024)
    share_r, differ_r = reference.agreement(randoms)
    print(f"phoenix agreement: dataset {share_d * 100:.1f}% (n={len(dataset)}), "
          f"random {share_r * 100:.1f}% (n={len(randoms)})")
    _, quirk_sf = reference.agreement(randoms, quirks=True)
    older = reference.random_cases(2000, seed=7, max_age=300)
    _, quirk_age = reference.agreement(older)
    beyond = sum(1 for _, age in older if age is not None and age > 216)
    print(f"phoenix quirks (expected differences, docs/phoenix.md): raw S/F above 97% differs in "
          f"{len(quirk_sf)} of {len(randoms)}; ages over 216 months differ in {len(quirk_age)} of "
          f"{beyond} such cases")
    return 0 if not differ_d and not differ_r else 1


if __name__ == "__main__":
    sys.exit(main())
