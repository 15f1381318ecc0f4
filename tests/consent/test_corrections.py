"""Correcting a final outcome: a new, audited event with a reason; nothing recorded is changed."""
import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3

import pytest
from bs4 import BeautifulSoup

from companion import create_app
from companion.audit import verify_chain
from companion.auth.testing import csrf_token, login, make_user
from companion.consent import export, records, rules
from companion.consent.checklist import REQUIRED_SLUGS
from conftest import check_page

from .dbhelp import CLINICIAN, OTHER, make_db
from .test_routes import PAYLOADS, save, start, token

TODAY = dt.datetime.now(dt.timezone.utc).date()


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def started_days_ago(monkeypatch):
    """Records created while this is active are dated ten days back, so a signing date can be mistyped
    and corrected to another valid day."""
    real = records.utc_now
    monkeypatch.setattr(records, "utc_now", lambda: days_ago(10) + real()[10:])
    return lambda: monkeypatch.setattr(records, "utc_now", real)


# storage -------------------------------------------------------------------------

@pytest.fixture
def env(tmp_path):
    db, version = make_db(tmp_path / "consent.sqlite")
    yield db, version
    db.conn.close()


def new(db, version, age_group="16-17"):
    return records.create_record(db, screening_number="scr-101", lang="nl", age_group=age_group,
                                 authority="two_parents", content_version=version, user=CLINICIAN)


def understand_all(db, record_id, revision, roles=("child",)):
    for slug in REQUIRED_SLUGS:
        revision = records.save_item(db, record_id, revision=revision, item_slug=slug,
                                     entries={r: {"status": "understood"} for r in roles}, user=CLINICIAN)
    return revision


def audit_rows(db):
    return [(kind, json.loads(details)) for kind, details in
            db.conn.execute("select kind, details from audit_events order by id")]


def counts(db):
    return tuple(db.conn.execute(f"select count(*) from {t}").fetchone()[0]
                 for t in ("consent_record_events", "audit_events"))


def test_a_wrong_declined_becomes_signed_when_ready(env):
    db, version = env
    record_id = new(db, version)
    rev = understand_all(db, record_id, 1)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="declined", signed_date=None, user=CLINICIAN)
    reason = "Wrong button: the young person signed the paper form."
    with pytest.raises(rules.RuleError) as err:  # signed on paper needs its date
        records.record_correction(db, record_id, revision=rev, outcome="signed_paper", signed_date="",
                                  reason=reason, user=OTHER)
    assert err.value.code == "date_invalid"
    rev = records.record_correction(db, record_id, revision=rev, outcome="signed_paper",
                                    signed_date=TODAY.isoformat(), reason=reason, user=OTHER)
    record = records.get_record(db, record_id)
    assert record.phase == "signed_paper" and record.closed and record.revision == rev
    assert record.outcome_event["kind"] == "correction"
    assert record.outcome_event["signed_date"] == TODAY.isoformat()
    history = record.outcome_history()
    assert [(h["kind"], h["outcome"], h["corrected"], h["current"]) for h in history] == [
        ("outcome", "declined", True, False), ("correction", "signed_paper", False, True)]
    assert history[1]["reason"] == reason and history[1]["by"] == OTHER["email"]
    assert history[1]["previous_outcome"] == "declined"
    # the original outcome row is still there, untouched
    kinds = [r[0] for r in db.conn.execute("select kind || ':' || outcome from consent_record_events"
                                           " where record_id = ? and outcome is not null order by id", (record_id,))]
    assert kinds == ["outcome:declined", "correction:signed_paper"]
    kind, details = audit_rows(db)[-1]
    assert kind == "consent.outcome_corrected"
    assert details["old_outcome"] == "declined" and details["new_outcome"] == "signed_paper"
    assert details["new_signed_date"] == TODAY.isoformat() and details["old_signed_date"] is None
    assert details["reason_sha256"] == hashlib.sha256(reason.encode()).hexdigest()
    assert reason not in json.dumps(audit_rows(db))  # free text is not copied into the trail
    assert verify_chain(db)[0]


def test_a_mistyped_signing_date_is_corrected(env, started_days_ago):
    db, version = env
    record_id = new(db, version)
    started_days_ago()
    rev = understand_all(db, record_id, 1)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="signed_paper", signed_date=days_ago(3),
                                 user=CLINICIAN)
    for date, code in ((days_ago(3), "correction_unchanged"), (days_ago(-1), "date_future"),
                       (days_ago(11), "date_before_record"), ("03-11-2026", "date_invalid")):
        with pytest.raises(rules.RuleError) as err:
            records.record_correction(db, record_id, revision=rev, outcome="signed_paper", signed_date=date,
                                      reason="Typo in the date", user=CLINICIAN)
        assert err.value.code == code, date
    rev = records.record_correction(db, record_id, revision=rev, outcome="signed_paper", signed_date=days_ago(2),
                                    reason="Typo in the date", user=CLINICIAN)
    record = records.get_record(db, record_id)
    assert record.phase == "signed_paper" and record.outcome_event["signed_date"] == days_ago(2)
    assert [h["signed_date"] for h in record.outcome_history()] == [days_ago(3), days_ago(2)]
    assert record.sittings()[0]["corrected"] is True
    _, details = audit_rows(db)[-1]
    assert (details["old_signed_date"], details["new_signed_date"]) == (days_ago(3), days_ago(2))
    assert verify_chain(db)[0]


@pytest.mark.parametrize("reason, code", [("", "reason_missing"), ("  \n ", "reason_missing"),
                                          ("x" * (rules.MAX_REASON_CHARS + 1), "reason_long")])
def test_a_correction_needs_a_short_reason(env, reason, code):
    db, version = env
    record_id = new(db, version)
    rev = records.record_outcome(db, record_id, revision=1, outcome="declined", signed_date=None, user=CLINICIAN)
    before = counts(db)
    with pytest.raises(rules.RuleError) as err:
        records.record_correction(db, record_id, revision=rev, outcome="postponed", signed_date=None,
                                  reason=reason, user=CLINICIAN)
    assert err.value.code == code
    assert counts(db) == before


def test_only_a_closed_record_is_corrected_and_signed_still_needs_readiness(env):
    db, version = env
    record_id = new(db, version)
    for rev in (1,):
        with pytest.raises(rules.RuleError) as err:
            records.record_correction(db, record_id, revision=rev, outcome="declined", signed_date=None,
                                      reason="r", user=CLINICIAN)
        assert err.value.code == "not_closed"
    rev = records.record_outcome(db, record_id, revision=1, outcome="postponed", signed_date=None, user=CLINICIAN)
    with pytest.raises(rules.RuleError) as err:
        records.record_correction(db, record_id, revision=rev, outcome="declined", signed_date=None,
                                  reason="r", user=CLINICIAN)
    assert err.value.code == "not_closed"
    rev = records.resume(db, record_id, revision=rev, user=CLINICIAN)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="declined", signed_date=None, user=CLINICIAN)
    before = counts(db)
    for outcome, code in (("signed_paper", "not_ready"), ("declined", "correction_unchanged"),
                          ("consented", "outcome_unknown")):
        with pytest.raises(rules.RuleError) as err:
            records.record_correction(db, record_id, revision=rev, outcome=outcome, signed_date=TODAY.isoformat(),
                                      reason="r", user=CLINICIAN)
        assert err.value.code == code
    assert counts(db) == before and records.get_record(db, record_id).revision == rev


def test_reopen_by_correction_lets_the_conversation_go_on(env):
    db, version = env
    record_id = new(db, version, age_group="12-15")
    rev = records.record_outcome(db, record_id, revision=1, outcome="child_refused", signed_date=None, user=CLINICIAN)
    rev = records.record_correction(db, record_id, revision=rev, outcome="postponed", signed_date=None,
                                    reason="Recorded for the wrong record; the child wants time to think.",
                                    user=CLINICIAN)
    record = records.get_record(db, record_id)
    assert record.phase == "postponed" and not record.closed
    rev = records.resume(db, record_id, revision=rev, user=CLINICIAN)
    rev = records.save_item(db, record_id, revision=rev, item_slug="purpose", user=CLINICIAN,
                            entries={"child": {"status": "understood"}})
    record = records.get_record(db, record_id)
    assert record.phase == "open" and record.sitting == 2
    assert [(s["number"], s["end_kind"], s["corrected"]) for s in record.sittings()] == [
        (1, "child_refused", True), (2, None, False)]
    assert verify_chain(db)[0]


def test_a_stale_correction_writes_nothing(env):
    db, version = env
    record_id = new(db, version)
    rev = records.record_outcome(db, record_id, revision=1, outcome="declined", signed_date=None, user=CLINICIAN)
    records.record_correction(db, record_id, revision=rev, outcome="child_refused", signed_date=None,
                              reason="The young person refused, not the parents.", user=OTHER)
    before = counts(db)
    with pytest.raises(records.StaleRevision):
        records.record_correction(db, record_id, revision=rev, outcome="postponed", signed_date=None,
                                  reason="Reopen", user=CLINICIAN)
    assert counts(db) == before and records.get_record(db, record_id).phase == "child_refused"


def test_correction_rows_are_append_only(env):
    db, version = env
    record_id = new(db, version)
    rev = records.record_outcome(db, record_id, revision=1, outcome="declined", signed_date=None, user=CLINICIAN)
    records.record_correction(db, record_id, revision=rev, outcome="postponed", signed_date=None,
                              reason="Reopen", user=CLINICIAN)
    for sql in ("update consent_record_events set note = 'changed'",
                "update consent_record_events set outcome = 'signed_paper' where kind = 'correction'",
                "delete from consent_record_events where kind = 'correction'"):
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(sql)


def test_export_lists_every_outcome_and_correction(env):
    db, version = env
    record_id = new(db, version)
    rev = understand_all(db, record_id, 1)
    rev = records.record_outcome(db, record_id, revision=rev, outcome="declined", signed_date=None, user=CLINICIAN)
    records.record_correction(db, record_id, revision=rev, outcome="signed_paper", signed_date=TODAY.isoformat(),
                              reason="=HYPERLINK(\"x\") wrong choice", user=OTHER)
    out = io.StringIO()
    export.write_json(db, out)
    [data] = json.loads(out.getvalue())["records"]
    assert data["phase"] == "signed_paper" and data["outcome"] == "signed_paper"
    assert data["signed_date"] == TODAY.isoformat()
    assert [(o["kind"], o["outcome"], o["previous_outcome"], o["in_force"]) for o in data["outcomes"]] == [
        ("outcome", "declined", None, False), ("correction", "signed_paper", "declined", True)]
    assert data["outcomes"][1]["reason"] == "=HYPERLINK(\"x\") wrong choice"
    assert data["outcomes"][1]["by"] == OTHER["email"]
    assert data["events"][-1]["kind"] == "correction"
    out = io.StringIO()
    export.write_csv(db, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["entry"] for r in rows] == ["answer"] * len(REQUIRED_SLUGS) + ["outcome", "correction"]
    correction = rows[-1]
    assert (correction["entry_outcome"], correction["previous_outcome"]) == ("signed_paper", "declined")
    assert correction["entry_signed_date"] == TODAY.isoformat() and correction["recorded_by"] == OTHER["email"]
    assert correction["reason"] == "'=HYPERLINK(\"x\") wrong choice"  # no formula in a spreadsheet
    assert all(r["outcome"] == "signed_paper" for r in rows)


# pages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("consent-corrections") / "c.db")})
    for email, role in (("dr@example.nl", "clinician"), ("nurse@example.nl", "clinician"),
                        ("editor@example.nl", "editor"), ("admin@example.nl", "admin")):
        make_user(app, email, role)
    return app


def client_for(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


@pytest.fixture
def dr(app):
    return client_for(app, "dr@example.nl")


def ready_record(client, outcome="declined", signed_date=""):
    """A 16-17 record with every topic understood and ``outcome`` recorded; (url, revision)."""
    record_url = start(client, age_group="16-17", number="COR-1")
    rev = 1
    for slug in REQUIRED_SLUGS:
        assert save(client, record_url, slug, rev, **{"status-child": "understood"}).status_code == 303
        rev += 1
    response = client.post(record_url + "/outcome", data={"csrf_token": token(client), "revision": rev,
                                                          "outcome": outcome, "signed_date": signed_date,
                                                          "confirm": "yes"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return record_url, rev + 1


def correct(client, record_url, rev, **fields):
    data = {"csrf_token": token(client), "revision": str(rev), "confirm_correction": "yes"}
    data.update(fields)
    return client.post(record_url + "/correction", data=data)


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_correcting_through_the_page(app, dr):
    record_url, rev = ready_record(dr)
    page = check_page(dr.get(record_url).get_data(as_text=True), "nl")
    assert page.select_one("form[action$='/outcome']") is None
    form = page.select_one("form[action$='/correction']")
    assert form and form.select_one("#corrected_outcome-signed_paper") and form.select_one("#reason")
    assert form.select_one("#reason-no-names") and form.select_one("#reason")["maxlength"] == "2000"
    assert form.select_one("input[name=revision]")["value"] == str(rev)
    # a reason and the confirmation are both needed; the choice stays on screen
    response = dr.post(record_url + "/correction", data={"csrf_token": token(dr), "revision": rev,
                                                         "corrected_outcome": "signed_paper",
                                                         "corrected_signed_date": TODAY.isoformat()})
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("#reason-error") and soup.select_one("#confirm_correction-error")
    assert soup.select_one("#corrected_outcome-signed_paper").has_attr("checked")
    assert soup.select_one("#corrected_signed_date")["value"] == TODAY.isoformat()
    assert {a["href"] for a in soup.select("#error-summary a")} == {"#reason", "#confirm_correction"}
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper", corrected_signed_date=TODAY.isoformat())
    assert response.status_code == 400 and soup_of(response).select_one("#reason-error")
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper", reason="Wrong choice")
    assert response.status_code == 400 and soup_of(response).select_one("#corrected_signed_date-error")
    assert soup_of(response).select_one("#reason").get_text() == "Wrong choice"
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper",
                       corrected_signed_date=TODAY.isoformat(), reason=PAYLOADS[0])
    assert response.status_code == 303 and response.headers["Location"].endswith("?notice=corrected")
    html = dr.get(record_url + "?notice=corrected").get_data(as_text=True)
    page = check_page(html, "nl")
    assert "getekend" in page.select_one(".phase").get_text() and TODAY.isoformat() in page.select_one(".phase").get_text()
    rows = page.select(".outcome-history tbody tr")
    assert [r["class"] for r in rows] == [["outcome-outcome"], ["outcome-correction"]]
    assert rows[1].select_one(".reason").get_text() == PAYLOADS[0]
    assert PAYLOADS[0] not in html and "<script>alert" not in html
    # still closed: a further correction is possible, the outcome form is not
    assert page.select_one("form[action$='/correction']") and page.select_one("form[action$='/outcome']") is None


def test_summary_pdf_and_export_show_corrections_escaped(app, dr):
    record_url, rev = ready_record(dr, outcome="signed_paper", signed_date=TODAY.isoformat())
    assert correct(dr, record_url, rev, corrected_outcome="declined", reason=PAYLOADS[1]).status_code == 303
    assert correct(dr, record_url, rev + 1, corrected_outcome="postponed", reason=PAYLOADS[2]).status_code == 303
    summary_html = dr.get(record_url + "/summary").get_data(as_text=True)
    with app.app_context(), app.test_request_context("/nl/"):
        from flask import render_template

        from companion.consent.summary import summary_context
        from companion.db import get_db

        rec = records.get_record(get_db(), record_url.rsplit("/", 1)[1])
        pdf_html = render_template("consent/summary_pdf.html", **summary_context(get_db(), rec, "nl"))
    for html in (summary_html, pdf_html):
        for payload in PAYLOADS[1:]:
            assert payload not in html
        assert "<img src=x" not in html and "<b>bold</b>" not in html
        soup = BeautifulSoup(html, "html.parser")
        rows = soup.select(".outcome-history tbody tr")
        assert [r["class"][0] for r in rows] == ["outcome-outcome", "outcome-correction", "outcome-correction"]
        assert [r.select_one(".reason").get_text() for r in rows[1:]] == PAYLOADS[1:]
        assert "dr@example.nl" in rows[2].get_text()
        outcome = soup.find("dt", string="Uitkomst").find_next_sibling("dd").get_text()
        assert "Uitgesteld" in outcome and "getekend" not in outcome.lower()
    assert "Uitgesteld" in BeautifulSoup(summary_html, "html.parser").select_one(".phase").get_text()
    pdf = dr.get(record_url + "/summary.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    result = app.test_cli_runner().invoke(args=["consent", "export", "--format", "json"])
    data = next(r for r in json.loads(result.output)["records"] if r["id"] == record_url.rsplit("/", 1)[1])
    assert [o["outcome"] for o in data["outcomes"]] == ["signed_paper", "declined", "postponed"]
    assert data["outcome"] == "postponed" and data["signed_date"] is None
    assert [o["reason"] for o in data["outcomes"]] == [None] + PAYLOADS[1:]
    result = app.test_cli_runner().invoke(args=["consent", "export", "--format", "csv"])
    assert result.exit_code == 0 and ",correction,declined,," in result.output


def test_nothing_says_signed_after_a_correction_away_from_it(app, dr):
    record_url, rev = ready_record(dr, outcome="signed_paper", signed_date=TODAY.isoformat())
    assert correct(dr, record_url, rev, corrected_outcome="declined", reason="Not signed after all").status_code == 303
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert page.select_one(".phase").get_text(strip=True) == "Geweigerd"
    signed_row = page.select(".outcome-history tbody tr")[0]
    assert "niet meer geldig" in signed_row.get_text()  # the old signed entry is marked as replaced
    assert "later gecorrigeerd" in page.select_one(".sittings").get_text()
    listing = BeautifulSoup(dr.get("/nl/consent/").get_data(as_text=True), "html.parser")
    row = next(tr for tr in listing.select("tbody tr") if record_url.rsplit("/", 1)[1] in tr.a["href"])
    assert "Geweigerd" in row.get_text() and "getekend" not in row.get_text()


def test_a_stale_correction_is_refused_with_the_input_kept(app, dr):
    record_url, rev = ready_record(dr)
    nurse = client_for(app, "nurse@example.nl")
    assert correct(nurse, record_url, rev, corrected_outcome="child_refused",
                   reason="It was the young person who said no").status_code == 303
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper",
                       corrected_signed_date=TODAY.isoformat(), reason="Signed after all")
    assert response.status_code == 409
    soup = soup_of(response)
    assert soup.select_one("#error-summary")
    assert soup.select_one("#reason").get_text() == "Signed after all"
    assert soup.select_one("#corrected_outcome-signed_paper").has_attr("checked")
    assert soup.select_one("#corrected_signed_date")["value"] == TODAY.isoformat()
    assert soup.select_one("#confirm_correction").has_attr("checked")
    assert soup.select_one("form[action$='/correction'] input[name=revision]")["value"] == str(rev + 1)
    record = records.get_record(_db(app), record_url.rsplit("/", 1)[1])
    assert record.phase == "child_refused" and len(record.corrections) == 1


def test_a_stale_correction_after_a_reopen_keeps_the_input(app, dr):
    record_url, rev = ready_record(dr)
    nurse = client_for(app, "nurse@example.nl")
    assert correct(nurse, record_url, rev, corrected_outcome="postponed", reason="Reopen").status_code == 303
    response = correct(dr, record_url, rev, corrected_outcome="child_refused", reason="The child said no")
    assert response.status_code == 409
    soup = soup_of(response)
    assert soup.select_one("#reason").get_text() == "The child said no"
    assert soup.select_one("form[action$='/outcome']")  # reopened: the usual outcome form is back
    response = correct(dr, record_url, rev + 1, corrected_outcome="child_refused", reason="The child said no")
    assert response.status_code == 400 and "Alleen een afgesloten" in response.get_data(as_text=True)


def _db(app):
    from companion.db import connect

    return connect(app.config["DATABASE"])


def test_roles_and_csrf(app, dr):
    record_url, rev = ready_record(dr)
    anonymous = app.test_client()
    response = anonymous.post(record_url + "/correction", data={"revision": rev,
                                                                "csrf_token": csrf_token(anonymous)})
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    editor = client_for(app, "editor@example.nl")
    response = editor.post(record_url + "/correction", data={
        "csrf_token": csrf_token(editor, "/staff/"), "revision": rev, "corrected_outcome": "postponed", "reason": "x",
        "confirm_correction": "yes"})
    assert response.status_code == 403
    response = dr.post(record_url + "/correction", data={"revision": rev, "corrected_outcome": "postponed",
                                                         "reason": "x", "confirm_correction": "yes"})
    assert response.status_code == 400  # no CSRF token
    assert records.get_record(_db(app), record_url.rsplit("/", 1)[1]).phase == "declined"
    admin = client_for(app, "admin@example.nl")
    assert correct(admin, record_url, rev, corrected_outcome="postponed", reason="Reopen").status_code == 303
    assert app.view_functions["consent.correction"].allowed_roles == {"clinician", "admin"}


def test_a_mistyped_date_through_the_page(app, dr, started_days_ago):
    record_url, rev = ready_record(dr, outcome="signed_paper", signed_date=days_ago(4))
    started_days_ago()
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper", corrected_signed_date=days_ago(4),
                       reason="Typo")
    assert response.status_code == 400 and soup_of(response).select_one("#corrected_outcome-error")
    response = correct(dr, record_url, rev, corrected_outcome="signed_paper", corrected_signed_date=days_ago(5),
                       reason="Typo in the date")
    assert response.status_code == 303
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert days_ago(5) in page.select_one(".phase").get_text()
    assert days_ago(4) in page.select(".outcome-history tbody tr")[1].get_text()  # "was: …"
    db = _db(app)
    assert verify_chain(db)[0]
    assert db.conn.execute("select kind from audit_events order by id desc limit 1").fetchone()[0] == \
        "consent.outcome_corrected"
