"""Consent checklist: the clinician-led teach-back conversation, its record and summary.

It records understanding; it is never itself the signed consent.
"""


def init_app(app):
    """Register the ``consent`` CLI group on ``app``."""
    from companion.consent.export import consent_cli

    if "consent" not in app.cli.commands:
        app.cli.add_command(consent_cli)
