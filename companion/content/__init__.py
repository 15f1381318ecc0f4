"""Study content: files under content/, published versions in the database, rendering, checks."""
from companion.content.repository import current_content  # noqa: F401  (the one entry point for views)


def init_app(app) -> None:
    from companion.content.cli import content_cli
    from companion.content.assets import asset_url

    app.cli.add_command(content_cli)
    app.jinja_env.globals["asset_url"] = asset_url

    @app.context_processor
    def content_version_context():
        """Every page's footer names the content version it was built from."""
        try:
            return {"content_version": current_content().version["hash"]}
        except Exception:  # an error page must render even when the database is unreachable
            return {"content_version": None}
