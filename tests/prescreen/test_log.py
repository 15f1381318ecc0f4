"""The anonymous screening log: what is kept, the staff page, the CSV, and nothing identifying."""
import csv
import io
import json
import struct
from datetime import date
from pathlib import Path

import pytest

from companion.auth.testing import login, make_user
from companion.db import connect
from companion.prescreen import log, rules
from tests.prescreen.walk import Walker, clinician_all


def test_row_holds_only_day_mode_outcome_and_ids():
    s = rules.screen({"age_months": 100, "weight_kg": 7.5, "ferritin": 2500})
    row = log.row_for(s, date(2026, 5, 4))
    assert row == {"day": "2026-05-04", "mode": "clinician", "outcome": "not_eligible",
                   "failed": '["weight"]', "unknown": json.dumps(s.ids("unknown"))}


def test_monthly_counts_and_csv(app):
    with app.app_context():
        from companion.db import get_db
        db = get_db()
        log.record(db, rules.screen({"weight_kg": 5}), date(2026, 5, 4))
        log.record(db, rules.screen({"weight_kg": 5, "in_icu": False}), date(2026, 5, 30))
        log.record(db, rules.screen({}), date(2026, 6, 1))
        months = log.monthly(db)
        assert [m["month"] for m in months] == ["2026-06", "2026-05"]
        may = months[1]
        assert may["total"] == 2 and may["outcomes"]["not_eligible"] == 2
        assert may["failed"]["weight"] == 2 and may["failed"]["icu"] == 1
        assert months[0]["unknown"]["ferritin"] == 1
        rows = list(csv.DictReader(io.StringIO(log.csv_text(db))))
        assert [r["month"] for r in rows] == ["2026-05", "2026-06"]
        assert rows[0]["screened"] == "2" and rows[0]["failed_weight"] == "2" and rows[0]["failed_icu"] == "1"
        assert rows[1]["needs_review"] == "1" and rows[1]["unknown_phoenix"] == "1"


def test_staff_page_needs_a_clinician_or_admin(app, client):
    r = client.get("/staff/prescreen/log")
    assert r.status_code == 302 and "/staff/login" in r.location
    make_user(app, "ed@example.nl", "editor")
    login(client, "ed@example.nl")
    assert client.get("/staff/prescreen/log").status_code == 403
    assert client.get("/staff/prescreen/log.csv").status_code == 403


def test_staff_page_and_csv_show_the_counts(app, client):
    make_user(app, "dr@example.nl", "clinician")
    login(client, "dr@example.nl")
    w = Walker(client)
    w.start("clinician")
    for step, data in clinician_all(weight={"weight_kg": "9"})[:3]:
        w.answer("clinician", step, data)
    w.finish("clinician")
    r = client.get("/staff/prescreen/log?lang=en")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert date.today().strftime("%Y-%m") in text and "1 screened" in text
    r = client.get("/staff/prescreen/log.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0]["screened"] == "1" and rows[0]["failed_weight"] == "1" and rows[0]["not_eligible"] == "1"


# Values nobody else would store: if any of them is in the database file, we kept something we must not.
SECRET_DATES = ["2011-03-17", "2013-07-19", "2019-11-23", "2024-10-09", "2025-01-13"]
SECRET_NUMBERS = [37.13, 98765.4, 17.77, 1.77, 4321.9, 23.45, 213.7]


def needles():
    out = []
    for d in SECRET_DATES:
        out += [d.encode(), "-".join(reversed(d.split("-"))).encode()]
    for n in SECRET_NUMBERS:
        out += [repr(n).encode(), str(n).replace(".", ",").encode(), struct.pack(">d", n)]
    return out


def test_database_file_holds_no_submitted_date_or_value(app, client):
    make_user(app, "dr@example.nl", "clinician")
    login(client, "dr@example.nl")
    for i, (born, admitted) in enumerate(zip(SECRET_DATES[:3], SECRET_DATES[3:] * 2)):
        w = Walker(client)
        w.start("clinician")
        steps = clinician_all(
            age={"years": "", "months": "", "date_of_birth": born, "icu_admission_date": admitted},
            weight={"weight_kg": str(SECRET_NUMBERS[0]).replace(".", ",")},
            ferritin={"ferritin": str(SECRET_NUMBERS[1]), "ferritin_unit": "pmol/L"},
            liver={"pt_seconds": str(SECRET_NUMBERS[2]), "inr": str(SECRET_NUMBERS[3]),
                   "hepatic_encephalopathy": "yes", "corrected_by_vitamin_k": "no"},
            phoenix={"fio2": "0.43", "fio2_unit": "fraction", "pao2": str(SECRET_NUMBERS[6]), "pao2_unit": "mmHg",
                     "lactate_mmol_l": "7,77", "platelets_10e9_l": str(SECRET_NUMBERS[5]), "gcs": "9"},
        )
        for step, data in steps:
            w.answer("clinician", step, data)
        soup = w.finish("clinician")
        assert "Not eligible" in soup.select_one(".outcome-box").get_text()
    for mode in ("clinician", "family"):
        for n in SECRET_NUMBERS:
            r = client.post("/api/prescreen", json={"mode": mode, "answers": {
                "date_of_birth": SECRET_DATES[1], "icu_admission_date": SECRET_DATES[4], "weight_kg": 37.13,
                "ferritin": n, "phoenix_components": {"lactate_mmol_l": 23.45}}})
            assert r.status_code == 200
    rows = [r for r in connect(app.config["DATABASE"]).query("SELECT * FROM prescreen_log")]
    assert len(rows) == 3  # one per finished clinician pre-screen; the API and family mode log nothing
    files = [Path(app.config["DATABASE"] + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    blob = b"".join(f.read_bytes() for f in files if f.exists())
    assert len(blob) > 10_000
    found = [n for n in needles() if n in blob]
    assert found == []
