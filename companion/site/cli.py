"""`flask --app app site facts|set|mode`: the site's own facts from the command line."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from companion.content.files import read_tree
from companion.content.markers import fact_definitions
from companion.db import connect
from companion.site import store

site_cli = AppGroup("site", help="The facts only this site can know: list and fill them.")


def _db():
    return connect(current_app.config["DATABASE"])


def fact_rows(db, content_dir) -> list[tuple[str, bool, int]]:
    """(name, filled, texts using it) for every fact defined or used, in the registry's order."""
    definitions = fact_definitions(content_dir)
    used = store.usage(read_tree(content_dir))
    stored = store.values(db)
    names = list(definitions) + sorted(n for n in used if n not in definitions)
    return [(n, n in definitions and store.is_filled(definitions[n], stored), used.get(n, 0)) for n in names]


def unfilled_count(db, content_dir) -> int:
    return sum(1 for _, filled, _ in fact_rows(db, content_dir) if not filled)


@site_cli.command("facts")
def facts_command():
    """One line per site fact: its name, filled or missing, and how many texts use it."""
    db = _db()
    try:
        rows = fact_rows(db, current_app.config["CONTENT_DIR"])
        mode = store.mode(db)
    finally:
        db.conn.close()
    width = max((len(n) for n, _, _ in rows), default=10)
    for name, filled, count in rows:
        click.echo(f"{name:<{width}}  {'filled' if filled else 'missing':<7}  {count} text{'s' if count != 1 else ''}")
    missing = sum(1 for _, filled, _ in rows if not filled)
    click.echo(f"{len(rows)} site facts: {len(rows) - missing} filled, {missing} missing; deployment: {mode}", err=True)


@site_cli.command("set")
@click.argument("name")
@click.argument("value")
@click.option("--lang", type=click.Choice(["nl", "en"]), help="For a fact filled per language.")
def set_command(name: str, value: str, lang: str | None):
    """Fill (or, with an empty VALUE, clear) one site fact; audited like a change in the staff area."""
    definitions = fact_definitions(current_app.config["CONTENT_DIR"])
    definition = definitions.get(name)
    if definition is None:
        click.echo(f"There is no site fact called {name}; `flask --app app site facts` lists them.", err=True)
        sys.exit(1)
    if definition.per_language and not lang:
        click.echo(f"{name} is filled per language: add --lang nl or --lang en.", err=True)
        sys.exit(1)
    db = _db()
    try:
        changes = store.save(db, definitions, {(name, lang if definition.per_language else ""): value}, None)
    except store.SiteFactError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    finally:
        db.conn.close()
    click.echo(f"{name}: {'changed' if changes else 'unchanged'}")


@site_cli.command("mode")
@click.argument("mode", required=False, type=click.Choice(store.MODES))
def mode_command(mode: str | None):
    """Show the deployment's mode, or switch it: `live` only once every fact the live texts use is filled."""
    from companion.content.store import live_version, load_files

    db = _db()
    try:
        if mode:
            version = live_version(db)
            files = load_files(db, version["id"]) if version else []
            try:
                store.set_mode(db, mode, fact_definitions(current_app.config["CONTENT_DIR"]), files, None)
            except store.SiteFactError as exc:
                click.echo(str(exc), err=True)
                sys.exit(1)
        click.echo(f"deployment: {store.mode(db)}")
    finally:
        db.conn.close()
