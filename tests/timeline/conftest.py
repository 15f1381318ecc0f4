"""One app per test module for the timeline: its views only read, so tests can share it."""
import pytest

from companion import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a fresh SQLite file (shared by the module; TIMELINE_CLOCK reset per test)."""
    return create_app({"DATABASE": str(tmp_path_factory.mktemp("timeline") / "test.db")})


@pytest.fixture(autouse=True)
def _real_clock(request):
    yield
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config.pop("TIMELINE_CLOCK", None)
