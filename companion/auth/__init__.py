"""Staff accounts, sign-in, roles and sessions.

Public interface (others code against these names):

- ``role_required("clinician", "admin")``: decorator for views (below ``@bp.get``)
- ``current_user()``: ``{"id", "email", "role"}`` of the signed-in staff member, or None
- ``ROLES``: ("clinician", "editor", "admin")
- tests: ``companion.auth.testing.make_user(app, email, role, password)`` and
  ``login(client, email, password)``
"""

from companion.auth.accounts import ROLES  # noqa: F401
from companion.auth.decorators import role_required  # noqa: F401
from companion.auth.sessions import current_user  # noqa: F401


def init_app(app):
    """Register the ``users`` CLI group."""
    from companion.auth.cli import users_cli

    if "users" not in app.cli.commands:
        app.cli.add_command(users_cli)
