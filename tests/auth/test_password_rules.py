"""Passwords a stranger guesses first are refused, with a reason in plain words (issue 15, point 6)."""
import pytest

from companion.auth.passwords import check_password_rules, common_passwords


def test_the_shipped_list_holds_ten_thousand_passwords():
    assert len(common_passwords()) >= 9900
    assert {"123456", "password", "qwerty"} <= common_passwords()


@pytest.mark.parametrize("password", ["a" * 17, "abcabcabcabc", "121212121212", "xyzxyzxyzxyz"])
def test_one_short_part_repeated_is_refused(password):
    assert "repeated" in check_password_rules(password)


@pytest.mark.parametrize("password", [p for p in sorted(common_passwords()) if len(p) >= 12][:20]
                         + ["Passw0rd2024!" if "passw0rd" in common_passwords() else "iloveyou1234567"])
def test_common_passwords_are_refused(password):
    problem = check_password_rules(password)
    assert problem is None or "most used" in problem or "repeated" in problem
    if len(password) >= 12:
        assert problem is not None, password


@pytest.mark.parametrize("password, email", [("sanne@umcutrecht.nl", "sanne@umcutrecht.nl"),
                                             ("SANNE@UMCUTRECHT.NL", "sanne@umcutrecht.nl"),
                                             ("sanne.devries2024", "sanne.devries@umcutrecht.nl"),
                                             ("sanne.devries!", "sanne.devries@umcutrecht.nl")])
def test_the_email_address_is_refused(password, email):
    assert "email" in (check_password_rules(password, email) or "")


@pytest.mark.parametrize("password", ["paars fietspad zonder bel", "Kaars-Molen-Regen-7", "correct horse battery staple"])
def test_good_passwords_pass(password):
    assert check_password_rules(password, "sanne@umcutrecht.nl") is None


def test_the_account_form_says_why(app):
    from companion.auth.testing import csrf_token, login, make_user

    app.config["AUTH_FAILURE_DELAY"] = False
    make_user(app, "adam@example.nl", "admin")
    client = app.test_client()
    login(client, "adam@example.nl")
    client.get("/staff/?lang=en")
    response = client.post("/staff/users", data={"csrf_token": csrf_token(client, "/staff/users"),
                                                 "email": "new@example.nl", "role": "clinician",
                                                 "password": "a" * 17})
    assert response.status_code == 400
    assert "repeated" in response.get_data(as_text=True)
