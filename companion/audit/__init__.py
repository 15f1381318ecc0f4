"""Audit trail: the hash-chained, append-only ``audit_events`` table.

Public interface (others code against these names):

- ``append_event(db, kind=..., actor=..., subject=..., details=...) -> dict``
- ``write_transaction(db)``: BEGIN IMMEDIATE … COMMIT around every audited write
- ``verify_chain(db) -> (ok, count, first_broken)``
- ``init_app(app)``: registers the ``audit verify`` and ``backup`` commands
"""

from companion.audit.chain import (  # noqa: F401
    Broken,
    append_event,
    head,
    verify_chain,
    write_transaction,
)


def init_app(app):
    """Register the CLI commands of this package on ``app``."""
    from companion.audit.cli import audit_cli, backup_command

    if "audit" not in app.cli.commands:
        app.cli.add_command(audit_cli)
    if "backup" not in app.cli.commands:
        app.cli.add_command(backup_command)
