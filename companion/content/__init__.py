"""Study content: files under content/, published versions in the database, rendering, checks."""
from companion.content.repository import current_content  # noqa: F401  (the one entry point for views)


def init_app(app) -> None:
    from companion.content.cli import content_cli
    from companion.content.assets import asset_url

    app.cli.add_command(content_cli)
    app.jinja_env.globals["asset_url"] = asset_url

    @app.template_filter("facts")
    def facts_filter(text, lang: str) -> str:
        """A plain front-matter text (a key point, a check question) with its site facts filled
        in and its source markers gone: `{{ point | facts(record.lang) }}`."""
        from companion.content.render import fill_facts

        return fill_facts(str(text), current_content().link_context(lang))

    @app.context_processor
    def content_version_context():
        """Every page's footer names the content version it was built from."""
        try:
            return {"content_version": current_content().version["hash"]}
        except Exception:  # an error page must render even when the database is unreachable
            return {"content_version": None}
