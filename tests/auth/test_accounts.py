"""Accounts and lockout on a real SQLite file, without Flask."""

import json
import sqlite3

import pytest
from sqlite_utils import Database

from companion.audit.chain import verify_chain
from companion.audit.schema import migrations as audit_migrations
from companion.auth import lockout
from companion.auth.accounts import (
    AccountError,
    create_user,
    get_user,
    list_users,
    normalise_email,
    set_active,
    set_password,
    set_role,
)
from companion.auth.passwords import verify_password
from companion.auth.schema import migrations as auth_migrations
from companion.auth.signin import authenticate

PW = "correct horse battery"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setattr("companion.auth.passwords.cheap_wanted", lambda: True)
    database = Database(tmp_path / "auth.sqlite")
    audit_migrations.apply(database)
    auth_migrations.apply(database)
    yield database
    database.close()


def events(db):
    return [(r["kind"], r["subject"], json.loads(r["details"])) for r in db.query("SELECT * FROM audit_events ORDER BY id")]


def test_create_user_normalises_email_and_audits(db):
    user = create_user(db, "  Dr.Jansen@Example.NL ", "clinician", PW)
    assert user["email"] == "dr.jansen@example.nl"
    assert user["role"] == "clinician" and user["active"] is True
    assert "password_hash" not in user
    assert events(db) == [("auth.user_created", f"user:{user['id']}", {"email": "dr.jansen@example.nl", "role": "clinician"})]
    stored = next(db.query("SELECT password_hash FROM users"))["password_hash"]
    assert stored.startswith("$argon2id$") and PW not in stored


@pytest.mark.parametrize(
    "email, role, password, field",
    [("not-an-email", "clinician", PW, "email"), ("a@b.nl", "nurse", PW, "role"),
     ("a@b.nl", "admin", "short", "password"), ("", "admin", PW, "email")],
)
def test_create_user_refuses_bad_input(db, email, role, password, field):
    with pytest.raises(AccountError) as info:
        create_user(db, email, role, password)
    assert info.value.field == field
    assert events(db) == []


def test_duplicate_email_is_refused_and_nothing_is_written(db):
    create_user(db, "a@b.nl", "admin", PW)
    with pytest.raises(AccountError, match="already"):
        create_user(db, "A@B.NL", "editor", PW)
    assert len(list_users(db)) == 1
    assert len(events(db)) == 1


def test_role_active_and_password_changes_bump_session_version_and_audit(db):
    admin = create_user(db, "admin@b.nl", "admin", PW)
    user = create_user(db, "c@b.nl", "clinician", PW)

    def version():
        return next(db.query("SELECT session_version FROM users WHERE id = ?", [user["id"]]))["session_version"]

    set_role(db, user["id"], "editor", actor=admin["id"])
    assert version() == 2
    set_active(db, user["id"], False, actor=admin["id"])
    assert version() == 3 and get_user(db, user["id"])["active"] is False
    set_active(db, user["id"], True, actor=admin["id"])
    set_password(db, user["id"], "another long password", actor=admin["id"])
    assert version() == 5
    row = next(db.query("SELECT password_hash FROM users WHERE id = ?", [user["id"]]))
    assert verify_password(row["password_hash"], "another long password")
    kinds = [k for k, _, _ in events(db)]
    assert kinds == ["auth.user_created", "auth.user_created", "auth.role_changed", "auth.user_disabled",
                     "auth.user_enabled", "auth.password_changed"]
    assert events(db)[2][2] == {"email": "c@b.nl", "from": "clinician", "to": "editor"}
    assert "another" not in json.dumps(events(db))  # no password in the trail
    assert verify_chain(db)[0]


def test_last_active_admin_cannot_be_disabled_or_demoted(db):
    admin = create_user(db, "admin@b.nl", "admin", PW)
    with pytest.raises(AccountError, match="last active admin"):
        set_active(db, admin["id"], False, actor=admin["id"])
    with pytest.raises(AccountError, match="last active admin"):
        set_role(db, admin["id"], "clinician", actor=admin["id"])
    second = create_user(db, "admin2@b.nl", "admin", PW)
    set_role(db, admin["id"], "clinician", actor=second["id"])
    with pytest.raises(AccountError):
        set_active(db, second["id"], False, actor=second["id"])


def test_accounts_are_never_deleted(db):
    create_user(db, "a@b.nl", "admin", PW)
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        db.execute("DELETE FROM users")


def test_normalise_email():
    assert normalise_email(" A@B.NL\n") == "a@b.nl"
    assert normalise_email(None) == ""


def test_sign_in_success_failure_and_audit(db):
    user = create_user(db, "dr@b.nl", "clinician", PW)
    assert authenticate(db, "DR@b.nl ", PW).status == "ok"
    result = authenticate(db, "dr@b.nl", "wrong password!")
    assert result.status == "failed" and result.delay > 0
    unknown = authenticate(db, "nobody@b.nl", PW)
    assert unknown.status == "failed"
    trail = events(db)
    assert trail[-2] == ("auth.login_failed", f"user:{user['id']}", {"reason": "wrong_password", "failures": 1})
    # An unknown email is never written to the trail (it may be a mistyped password).
    assert trail[-1] == ("auth.login_failed", None, {"reason": "unknown_email", "failures": 1})
    assert "nobody" not in json.dumps(trail)
    assert [k for k, _, _ in trail].count("auth.login") == 1


def test_disabled_account_cannot_sign_in(db):
    create_user(db, "admin@b.nl", "admin", PW)
    user = create_user(db, "dr@b.nl", "clinician", PW)
    set_active(db, user["id"], False)
    result = authenticate(db, "dr@b.nl", PW)
    assert result.status == "failed"
    assert events(db)[-1][2]["reason"] == "account_disabled"


def test_an_account_is_slowed_never_locked_for_known_and_unknown_emails(db):
    create_user(db, "dr@b.nl", "clinician", PW)
    now = 1_000_000.0
    for email in ("dr@b.nl", "ghost@b.nl"):
        # five guessers, each from their own address: no client reaches its limit
        statuses = [authenticate(db, email, "wrong password!", client=f"10.0.0.{i}", now=now + i).status
                    for i in range(6)]
        assert statuses == ["failed"] * 4 + ["slowed"] * 2  # the same for both: no hint an account exists
    # the right password, from the clinician's own tablet, still works: a little later, never refused
    result = authenticate(db, "dr@b.nl", PW, client="10.9.9.9", now=now + 10)
    assert result.status == "ok" and result.delay == lockout.SLOWED_DELAY_S
    assert authenticate(db, "dr@b.nl", PW, client="10.9.9.9", now=now + 11).delay == 0  # success cleared it


def test_a_client_spraying_guesses_at_every_account_is_paused(db):
    emails = [f"dr{i}@b.nl" for i in range(5)]
    for email in emails:
        create_user(db, email, "clinician", PW)
    now = 1_000_000.0
    statuses = [authenticate(db, email, "wrong password!", client="203.0.113.7", now=now + n).status
                for n, email in enumerate(e for e in emails for _ in range(4))]  # 4 guesses each: 20
    assert statuses[:19] == ["failed"] * 19 and statuses[19] == "locked"
    # that client is refused, even with a right password; nobody else is
    assert authenticate(db, emails[0], PW, client="203.0.113.7", now=now + 30).status == "locked"
    assert authenticate(db, emails[0], PW, client="198.51.100.2", now=now + 31).status == "ok"
    assert authenticate(db, emails[1], PW, client="203.0.113.7", now=now + lockout.LOCK_S + 30).status == "ok"
    assert "auth.login_locked" in [k for k, _, _ in events(db)]


def test_counters_keep_no_email_or_address_and_are_purged(db):
    now = 1_000_000.0
    authenticate(db, "private.person@b.nl", "wrong password!", client="192.0.2.44", secret="k", now=now)
    keys = [r["key"] for r in db.query("select key from login_attempts")]
    assert len(keys) == 2 and not [k for k in keys if "private" in k or "192.0.2" in k]
    # a failure after the window deletes the rows whose window has passed
    authenticate(db, "other@b.nl", "wrong password!", client="192.0.2.45", secret="k", now=now + lockout.WINDOW_S + 1)
    assert not set(keys) & {r["key"] for r in db.query("select key from login_attempts")}


def test_failures_outside_the_window_do_not_add_up(db):
    create_user(db, "dr@b.nl", "clinician", PW)
    now = 1_000_000.0
    for i in range(4):
        authenticate(db, "dr@b.nl", "wrong password!", now=now + i)
    later = now + lockout.WINDOW_S + 5
    assert authenticate(db, "dr@b.nl", "wrong password!", now=later).status == "failed"


def test_success_clears_the_count(db):
    create_user(db, "dr@b.nl", "clinician", PW)
    for i in range(4):
        authenticate(db, "dr@b.nl", "wrong password!", now=100.0 + i)
    assert authenticate(db, "dr@b.nl", PW, now=110.0).status == "ok"
    assert authenticate(db, "dr@b.nl", "wrong password!", now=111.0).status == "failed"


def test_delay_grows_and_is_capped():
    delays = [lockout.delay_after(n) for n in range(1, 20)]
    assert delays == sorted(delays)
    assert delays[0] > 0 and delays[-1] == lockout.DELAY_MAX_S


def test_new_password_ends_the_slowing(db):
    user = create_user(db, "dr@b.nl", "clinician", PW)
    for i in range(5):
        authenticate(db, "dr@b.nl", "wrong password!", client=f"10.0.0.{i}", now=1000.0 + i)
    assert authenticate(db, "dr@b.nl", "wrong password!", client="10.0.1.1", now=1009.0).status == "slowed"
    set_password(db, user["id"], "a fresh long password")
    result = authenticate(db, "dr@b.nl", "a fresh long password", client="10.0.1.1", now=1011.0)
    assert result.status == "ok" and result.delay == 0
