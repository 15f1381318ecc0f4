"""`flask users create` as in CONTRACTS.md."""

from companion.auth.testing import login


def test_users_create_with_password_file(app, runner, client, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text("a long enough password\n")
    result = runner.invoke(args=["users", "create", "--email", "Dr@Example.nl", "--role", "clinician",
                                 "--password-file", str(secret)])
    assert result.exit_code == 0, result.output
    assert "dr@example.nl (clinician)" in result.output
    assert "a long enough password" not in result.output
    assert login(client, "dr@example.nl", "a long enough password").status_code == 302


def test_users_create_with_prompt(runner):
    result = runner.invoke(args=["users", "create", "--email", "a@example.nl", "--role", "admin"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["users", "list"])
    assert "a@example.nl\tadmin\tactive" in listed.output


def test_users_create_refuses_bad_input(runner, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text("short\n")
    result = runner.invoke(args=["users", "create", "--email", "a@example.nl", "--role", "admin",
                                 "--password-file", str(secret)])
    assert result.exit_code != 0 and "12 characters" in result.output
    result = runner.invoke(args=["users", "create", "--email", "a@example.nl", "--role", "boss",
                                 "--password-file", str(secret)])
    assert result.exit_code != 0
    result = runner.invoke(args=["users", "create", "--email", "a@example.nl", "--role", "admin",
                                 "--password-file", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_duplicate_account_is_refused(runner, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text("a long enough password\n")
    args = ["users", "create", "--email", "a@example.nl", "--role", "admin", "--password-file", str(secret)]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code == 1 and "already" in again.output
