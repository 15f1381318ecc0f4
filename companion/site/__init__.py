"""Site facts: what only a site can know (phone numbers, names, the insurer), filled in once by
an admin, shown to families wherever a text names it as [[site:name]]."""


def init_app(app) -> None:
    from companion.site.cli import site_cli

    app.cli.add_command(site_cli)
