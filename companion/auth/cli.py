"""``flask --app app users create --email E --role clinician|editor|admin [--password-file F]``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from companion.auth.accounts import ROLES, AccountError, create_user, list_users


@click.group("users", help="Staff accounts.")
def users_cli():
    pass


def _read_password_file(path: str) -> str:
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    # The password is the first line, without its line ending.
    return text.splitlines()[0] if text.strip() else ""


@users_cli.command("create")
@click.option("--email", required=True, help="The staff member's email address (their sign-in name).")
@click.option("--role", required=True, type=click.Choice(ROLES), help="clinician, editor or admin.")
@click.option("--password-file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read the password from the first line of this file ('-' for standard input) instead of a prompt.")
@with_appcontext
def create_command(email: str, role: str, password_file: str | None):
    """Make a staff account. The password comes from a prompt or --password-file."""
    from companion.db import get_db

    if password_file:
        try:
            password = _read_password_file(password_file)
        except OSError as exc:
            raise click.ClickException(f"cannot read the password file: {exc.strerror}") from exc
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(get_db(), email, role, password, actor=None)
    except AccountError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"created user {user['id']}: {user['email']} ({user['role']})")


@users_cli.command("list")
@with_appcontext
def list_command():
    """Show every staff account."""
    from companion.db import get_db

    for user in list_users(get_db()):
        state = "active" if user["active"] else "disabled"
        click.echo(f"{user['id']}\t{user['email']}\t{user['role']}\t{state}")
