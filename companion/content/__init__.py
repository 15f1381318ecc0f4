"""Study content: files under content/, published versions in the database, rendering, checks."""
from companion.content.repository import current_content  # noqa: F401  (the one entry point for views)


def init_app(app) -> None:
    from companion.content.cli import content_cli
    from companion.content.assets import asset_url

    app.cli.add_command(content_cli)
    app.jinja_env.globals["asset_url"] = asset_url

    @app.context_processor
    def content_version_context():
        from flask import g
        content = g.get("content")
        return {"content_version": content.version["hash"] if content else None}
