"""The application factory: config, languages, database, content, security, errors, features."""
import importlib
import time
from pathlib import Path

from flask import Flask

from companion import db, errors, i18n, initdb, security, static_files, timefmt, transfer
from companion.config import ROOT, Config, TestConfig
from companion.serving import proxy

# One blueprint per feature: companion/<feature>/routes.py defines `bp`; a feature package may
# also define `init_app(app)` (CLI commands, template helpers). Order sets URL precedence.
FEATURES = ["info", "chat", "prescreen", "timeline", "consent", "auth", "audit", "staff", "site"]
# gettext domains: the core's `messages` and one per feature (translations/<lang>/LC_MESSAGES/<domain>.po)
DOMAINS = ["messages", *FEATURES]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(ROOT / "instance"), static_folder=str(ROOT / "static"),
                template_folder="templates")
    app.config.from_object(TestConfig if test_config else Config)
    if test_config:
        app.config.update(test_config)
    Config.finalise(app.config, Path(app.instance_path))
    translations = str(ROOT / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join([translations] * len(DOMAINS))
    app.config["BABEL_DOMAIN"] = ";".join(DOMAINS)

    i18n.init_app(app)
    timefmt.init_app(app)
    db.init_app(app)
    initdb.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    transfer.init_app(app)
    static_files.init_app(app)
    proxy.init_app(app)

    from companion import content
    content.init_app(app)
    for feature in FEATURES:
        _register_feature(app, feature)

    started = time.perf_counter()
    _prepare_database(app)
    app.config["STARTUP_DB_SECONDS"] = time.perf_counter() - started
    return app


def _register_feature(app: Flask, feature: str) -> None:
    package = f"companion.{feature}"
    try:
        routes = importlib.import_module(f"{package}.routes")
    except ModuleNotFoundError as exc:
        if exc.name in (package, f"{package}.routes"):
            return  # feature not built yet
        raise
    app.register_blueprint(routes.bp)
    init = getattr(importlib.import_module(package), "init_app", None)
    if init:
        init(app)


def _prepare_database(app: Flask) -> None:
    """Migrate and load content/ at start-up, so `make run` and tests always serve current text."""
    initdb.prepare(app.config["DATABASE"], app.config["CONTENT_DIR"])
