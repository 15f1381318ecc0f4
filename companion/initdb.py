"""Bringing a database up to date: every feature's migrations, then content/ as a version.

Used by the app factory at start-up and by `flask --app app init-db`. It sits above both
companion/db.py (connections, transactions, migrations) and companion/content/store.py (content
versions), so neither of those imports the other's way back: the store uses db's transactions,
db knows nothing of content."""
import click
from flask import current_app
from flask.cli import with_appcontext

from companion.content.store import sync_from_files
from companion.db import connect, migrate, write_transaction


def prepare(path: str, content_dir: str) -> tuple[list[str], dict | None]:
    """Migrate, then import content/ (publishing it when new); returns (migrations applied, live version).
    Two workers starting at once migrate one after the other (BEGIN IMMEDIATE)."""
    db = connect(path)
    try:
        with write_transaction(db):
            applied = migrate(db)
        version = sync_from_files(db, content_dir)
    finally:
        db.conn.close()
    return applied, version


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or migrate the database and load content; safe to run again."""
    applied, version = prepare(current_app.config["DATABASE"], current_app.config["CONTENT_DIR"])
    click.echo(f"database: {current_app.config['DATABASE']}")
    click.echo(f"migrations applied: {len(applied)}")
    click.echo(f"content version: {version['hash']}")
    from companion.chat.service import state as chat_state  # the chat's index and vectors, ahead of the first question

    click.echo(f"chat index: {chat_state().key}")


def init_app(app) -> None:
    app.cli.add_command(init_db_command)
