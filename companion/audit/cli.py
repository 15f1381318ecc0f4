"""``flask --app app audit verify`` and ``flask --app app backup PATH``."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext

from companion.audit.chain import guards_present, verify_chain


def _db():
    from companion.db import get_db

    return get_db()


@click.group("audit", help="Check the audit trail.")
def audit_cli():
    pass


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Exit 0 and print 'ok <N> events' when the audit trail is intact; exit 1 naming the first broken event."""
    db = _db()
    ok, count, broken = verify_chain(db)
    if not ok:
        click.echo(f"broken at event {broken.id}: {broken.reason}")
        sys.exit(1)
    click.echo(f"ok {count} events")
    if not guards_present(db):
        click.echo("warning: the append-only triggers on audit_events are missing", err=True)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=True, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Write a consistent copy of the database to PATH (SQLite online backup).

    PATH may be a file name or an existing folder (a dated file is made in it).
    The copy is written next to its target and renamed into place, so PATH is
    never left half-written.
    """
    if path.is_dir():
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = path / f"companion-{stamp}.sqlite"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise click.ClickException(f"folder {folder} does not exist")
    db = _db()
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        target = sqlite3.connect(tmp_name)
        try:
            db.conn.backup(target)
            check = target.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise click.ClickException(f"the copy failed its integrity check: {check}")
            ok, count, broken = verify_chain(target)
        finally:
            target.close()
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    size = path.stat().st_size
    click.echo(f"backup written to {path} ({size} bytes, {count} audit events)")
    if not ok:
        click.echo(f"warning: the audit trail in this copy is broken at event {broken.id}: {broken.reason}", err=True)
