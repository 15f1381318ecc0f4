"""Consent records on a real SQLite file: history, revisions, sittings, outcomes, audit."""
import sqlite3
import threading

import pytest

from companion.audit import verify_chain
from companion.consent import records, rules
from companion.consent.checklist import REQUIRED_SLUGS
from companion.db import connect

from .dbhelp import CLINICIAN, OTHER, make_db


@pytest.fixture
def env(tmp_path):
    db, version = make_db(tmp_path / "consent.sqlite")
    yield db, version, tmp_path / "consent.sqlite"
    db.conn.close()


def new(db, version, age_group="under-12", authority="two_parents", lang="nl"):
    return records.create_record(db, screening_number="scr-001", lang=lang, age_group=age_group,
                                 authority=authority, content_version=version, user=CLINICIAN)


def understand_all(db, record_id, revision, roles):
    for slug in REQUIRED_SLUGS:
        revision = records.save_item(db, record_id, revision=revision, item_slug=slug,
                                     entries={r: {"status": "understood"} for r in roles}, user=CLINICIAN)
    return revision


def audit_kinds(db):
    return [r[0] for r in db.conn.execute("select kind from audit_events order by id")]


def test_create_pins_version_and_adds_required_participants(env):
    db, version, _ = env
    record_id = new(db, version, age_group="12-15")
    assert len(record_id) >= 22 and record_id != new(db, version)
    record = records.get_record(db, record_id)
    assert record.roles == ("parent_1", "parent_2", "child")
    assert (record.content_version_id, record.content_hash) == (version["id"], version["hash"])
    assert record.screening_number == "SCR-001" and record.revision == 1
    assert record.phase == "open" and record.sitting == 1 and not record.ready
    assert [i.slug for i in record.items][0] == "purpose"
    assert audit_kinds(db) == ["consent.record_created", "consent.record_created"]
    assert verify_chain(db)[0]


def test_create_refuses_a_name_and_writes_nothing(env):
    db, version, _ = env
    with pytest.raises(rules.RuleError):
        records.create_record(db, screening_number="Sophie", lang="nl", age_group="under-12",
                              authority="two_parents", content_version=version, user=CLINICIAN)
    assert db.conn.execute("select count(*) from consent_records").fetchone()[0] == 0
    assert db.conn.execute("select count(*) from audit_events").fetchone()[0] == 0


def test_history_is_kept_and_latest_status_counts(env):
    db, version, _ = env
    record_id = new(db, version)
    rev = records.save_item(db, record_id, revision=1, item_slug="side-effects", user=CLINICIAN, entries={
        "parent_1": {"status": "explained_again", "questions": "Hoe vaak prikken jullie?"},
        "parent_2": {"status": "not_yet"}})
    rev = records.save_item(db, record_id, revision=rev, item_slug="side-effects", user=OTHER, entries={
        "parent_1": {"status": "understood"}, "parent_2": {"status": "", "questions": ""}})
    record = records.get_record(db, record_id)
    assert rev == 3 == record.revision
    assert [e["status"] for e in record.history("side-effects", "parent_1")] == ["explained_again", "understood"]
    assert record.history("side-effects", "parent_1")[0]["questions"] == "Hoe vaak prikken jullie?"
    assert record.history("side-effects", "parent_1")[1]["actor_email"] == OTHER["email"]
    assert record.statuses[("side-effects", "parent_2")] == "not_yet"
    assert ("side-effects", "parent_1") not in record.missing


def test_stale_save_is_refused_and_nothing_is_written(env):
    db, version, _ = env
    record_id = new(db, version)
    records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                      entries={"parent_1": {"status": "understood"}})
    before = db.conn.execute("select count(*) from audit_events").fetchone()[0]
    with pytest.raises(records.StaleRevision):
        records.save_item(db, record_id, revision=1, item_slug="purpose", user=OTHER,
                          entries={"parent_1": {"status": "not_yet"}})
    assert records.get_record(db, record_id).statuses[("purpose", "parent_1")] == "understood"
    assert db.conn.execute("select count(*) from audit_events").fetchone()[0] == before


@pytest.mark.parametrize("entries, code", [
    ({}, "nothing_to_save"),
    ({"parent_1": {"status": "", "questions": "  "}}, "nothing_to_save"),
    ({"parent_1": {"status": "", "questions": "Why?"}}, "status_missing"),
    ({"parent_1": {"status": "consented"}}, "status_missing"),
    ({"child": {"status": "understood"}}, "role_unknown"),  # under 12: the child is not a required signer
])
def test_bad_entries_are_refused(env, entries, code):
    db, version, _ = env
    record_id = new(db, version)
    with pytest.raises(rules.RuleError) as err:
        records.save_item(db, record_id, revision=1, item_slug="purpose", entries=entries, user=CLINICIAN)
    assert err.value.code == code
    assert records.get_record(db, record_id).revision == 1


def test_unknown_item_record_and_revision(env):
    db, version, _ = env
    record_id = new(db, version)
    with pytest.raises(rules.RuleError):
        records.save_item(db, record_id, revision=1, item_slug="nope", user=CLINICIAN,
                          entries={"parent_1": {"status": "understood"}})
    with pytest.raises(rules.RuleError):
        records.save_item(db, record_id, revision="x", item_slug="purpose", user=CLINICIAN,
                          entries={"parent_1": {"status": "understood"}})
    with pytest.raises(records.RecordNotFound):
        records.save_item(db, "missing", revision=1, item_slug="purpose", user=CLINICIAN,
                          entries={"parent_1": {"status": "understood"}})


def test_pause_resume_keeps_each_sitting(env):
    db, version, _ = env
    record_id = new(db, version)
    rev = records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                            entries={"parent_1": {"status": "understood"}})
    rev = records.pause(db, record_id, revision=rev, user=CLINICIAN)
    with pytest.raises(rules.RuleError) as err:
        records.save_item(db, record_id, revision=rev, item_slug="voluntary", user=CLINICIAN,
                          entries={"parent_1": {"status": "understood"}})
    assert err.value.code == "record_paused"
    with pytest.raises(rules.RuleError):
        records.pause(db, record_id, revision=rev, user=CLINICIAN)
    rev = records.resume(db, record_id, revision=rev, user=OTHER)
    rev = records.save_item(db, record_id, revision=rev, item_slug="voluntary", user=OTHER,
                            entries={"parent_2": {"status": "understood"}})
    record = records.get_record(db, record_id)
    sittings = record.sittings()
    assert [(s["number"], s["entries"], s["end_kind"]) for s in sittings] == [(1, 1, "paused"), (2, 1, None)]
    assert sittings[1]["started_by"] == OTHER["email"]
    assert record.sitting == 2


def test_signed_only_when_ready_then_closed(env):
    db, version, _ = env
    record_id = new(db, version, age_group="12-15", authority="one_guardian")
    with pytest.raises(rules.RuleError) as err:
        records.record_outcome(db, record_id, revision=1, outcome="signed_paper", signed_date="2026-01-01",
                               user=CLINICIAN)
    assert err.value.code in ("not_ready", "date_before_record")
    rev = understand_all(db, record_id, 1, ("parent_1", "child"))
    record = records.get_record(db, record_id)
    assert record.ready
    today = record.created_at[:10]
    for bad in ("", "31-12-2026", "2999-01-01", "2000-01-01"):
        with pytest.raises(rules.RuleError):
            records.record_outcome(db, record_id, revision=rev, outcome="signed_paper", signed_date=bad,
                                   user=CLINICIAN)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="signed_paper", signed_date=today,
                                 user=CLINICIAN)
    record = records.get_record(db, record_id)
    assert record.phase == "signed_paper" and record.closed
    assert record.outcome_event["signed_date"] == today
    for action in (lambda: records.pause(db, record_id, revision=rev, user=CLINICIAN),
                   lambda: records.record_outcome(db, record_id, revision=rev, outcome="declined",
                                                  signed_date=None, user=CLINICIAN),
                   lambda: records.save_item(db, record_id, revision=rev, item_slug="purpose", user=CLINICIAN,
                                             entries={"child": {"status": "not_yet"}})):
        with pytest.raises(rules.RuleError) as err:
            action()
        assert err.value.code == "record_closed"
    assert audit_kinds(db)[-1] == "consent.outcome_recorded"
    assert verify_chain(db)[0]


def test_postponed_can_resume_child_refusal_ends_it(env):
    db, version, _ = env
    record_id = new(db, version, age_group="16-17")
    assert records.get_record(db, record_id).roles == ("child",)
    rev = records.record_outcome(db, record_id, revision=1, outcome="postponed", signed_date=None, user=CLINICIAN)
    assert records.get_record(db, record_id).phase == "postponed"
    rev = records.resume(db, record_id, revision=rev, user=CLINICIAN)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="child_refused", signed_date=None,
                                 user=CLINICIAN)
    record = records.get_record(db, record_id)
    assert record.phase == "child_refused" and record.closed and record.outcome_event["signed_date"] is None


def test_history_tables_are_append_only(env):
    db, version, _ = env
    record_id = new(db, version)
    records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                      entries={"parent_1": {"status": "understood", "questions": "?"}})
    for sql in ("update consent_item_events set status = 'not_yet'",
                "delete from consent_item_events",
                "update consent_record_events set kind = 'outcome'",
                "delete from consent_record_events",
                "delete from consent_participants",
                "update consent_participants set role = 'child'",
                "delete from consent_records",
                "update consent_records set screening_number = 'X1'",
                "update consent_records set revision = 1"):
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(sql)


def test_concurrent_saves_from_two_connections_one_wins(env):
    """Two workers save the same form at once: exactly one wins, the other is told it is stale."""
    db, version, path = env
    record_id = new(db, version)
    results = []
    barrier = threading.Barrier(6)

    def save(n):
        conn = connect(str(path))
        try:
            barrier.wait()
            records.save_item(conn, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                              entries={"parent_1": {"status": "understood", "questions": f"q{n}"}})
            results.append("ok")
        except records.StaleRevision:
            results.append("stale")
        finally:
            conn.conn.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] + ["stale"] * 5
    assert len(records.get_record(db, record_id).history("purpose", "parent_1")) == 1
    assert verify_chain(db)[0]


def test_list_records_shows_progress(env):
    db, version, _ = env
    record_id = new(db, version)
    records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                      entries={"parent_1": {"status": "understood"}, "parent_2": {"status": "understood"}})
    [row] = records.list_records(db)
    assert row["id"] == record_id and row["done"] == 2 and row["total"] == 2 * len(REQUIRED_SLUGS)


def test_export_json_and_csv(env):
    import csv
    import io
    import json

    from companion.consent import export

    db, version, _ = env
    record_id = new(db, version)
    records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                      entries={"parent_1": {"status": "explained_again", "questions": "=HYPERLINK(\"x\")"}})
    new(db, version, age_group="16-17")
    out = io.StringIO()
    assert export.write_json(db, out) == 2
    data = json.loads(out.getvalue())["records"]
    first = next(r for r in data if r["id"] == record_id)
    assert first["answers"][0]["questions"] == "=HYPERLINK(\"x\")"
    assert first["content_hash"] == version["hash"] and first["outcome"] is None
    out = io.StringIO()
    assert export.write_csv(db, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 2
    assert {r["record_id"] for r in rows} == {r["id"] for r in data}  # ids exported verbatim
    answered = next(r for r in rows if r["record_id"] == record_id)
    assert answered["questions"] == "'=HYPERLINK(\"x\")" and answered["status"] == "explained_again"


def test_a_save_inside_a_callers_transaction_joins_it(env):
    """Nested use does not wait on its own queue lock, and rolls back with the outer transaction."""
    from companion.audit import write_transaction

    db, version, _ = env
    record_id = new(db, version)
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                              entries={"parent_1": {"status": "understood"}})
            raise RuntimeError("outer transaction fails")
    assert records.get_record(db, record_id).revision == 1
    with write_transaction(db):
        records.save_item(db, record_id, revision=1, item_slug="purpose", user=CLINICIAN,
                          entries={"parent_1": {"status": "understood"}})
    assert records.get_record(db, record_id).revision == 2
