"""Every staff and consent route declares its roles and refuses everyone else;
every form POST without a valid CSRF token is refused.

The test walks ``app.url_map``, so it covers routes other features add later.
A route under ``/staff/…`` (except the sign-in page) or ``/<lang>/consent…``
must be wrapped in ``@role_required(...)`` (below ``@bp.get/post``), which
stores the roles on the view as ``allowed_roles``.
"""

import uuid

import pytest

from companion import create_app
from companion.auth import ROLES
from companion.auth.testing import csrf_token, login, make_user

OPEN_STAFF_PATHS = {"/staff/login"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PASSWORD = "route guard password"


def sample_value(converter) -> str:
    from werkzeug.routing.converters import NumberConverter

    name = type(converter).__name__
    if name == "LanguageConverter":
        return "nl"
    if isinstance(converter, NumberConverter):  # int (our SQLite-bounded one included) and float
        return "1"
    if name == "UUIDConverter":
        return str(uuid.uuid4())
    if name == "AnyConverter":
        return sorted(converter.items)[0] if hasattr(converter, "items") else "x"
    return "x"


def concrete_path(rule) -> str:
    """The rule's path with a sample value for each variable part."""
    values = {name: sample_value(conv) for name, conv in rule._converters.items()}
    return rule.build(values, append_unknown=False)[1]


def is_guarded_path(rule) -> bool:
    path = rule.rule
    if path in OPEN_STAFF_PATHS:
        return False
    return path == "/staff" or path.startswith("/staff/") or path.startswith("/<lang:lang>/consent")


def guarded_routes(app):
    """[(rule, concrete path, methods, allowed_roles or None)] for every staff/consent route."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not is_guarded_path(rule):
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        routes.append((rule, concrete_path(rule), methods, getattr(view, "allowed_roles", None)))
    return routes


def unsafe_routes(app):
    """Every non-API route that changes something (POST and friends)."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue
        for method in sorted((rule.methods or set()) & UNSAFE):
            out.append((rule, concrete_path(rule), method))
    return out


def missing_roles(app) -> list[str]:
    return [f"{path} ({rule.endpoint})" for rule, path, _, roles in guarded_routes(app) if not roles]


@pytest.fixture(scope="module")
def guard_app(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("guard") / "guard.db")})
    app.config["AUTH_FAILURE_DELAY"] = False
    for role in ROLES:
        make_user(app, f"{role}@example.nl", role, PASSWORD)
    return app


@pytest.fixture(scope="module")
def clients(guard_app):
    """One signed-in test client per role, plus an anonymous one (key None)."""
    out = {None: guard_app.test_client()}
    for role in ROLES:
        client = guard_app.test_client()
        assert login(client, f"{role}@example.nl", PASSWORD).status_code == 302
        out[role] = client
    return out


def send(client, method, path, token=None):
    data = {"csrf_token": token} if token else {}
    return client.open(path, method=method, data=data if method in UNSAFE else None)


def test_the_walk_finds_the_staff_routes(guard_app):
    paths = {path for _, path, _, _ in guarded_routes(guard_app)}
    assert {"/staff/", "/staff/users", "/staff/logout", "/staff/users/1/role"} <= paths
    assert "/staff/login" not in paths


def test_every_staff_and_consent_route_declares_its_roles(guard_app):
    missing = missing_roles(guard_app)
    assert not missing, "routes without @role_required: " + ", ".join(missing)
    for _, path, _, roles in guarded_routes(guard_app):
        assert roles <= set(ROLES), path


def test_a_route_without_roles_is_caught(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "t.db")})
    app.add_url_rule("/staff/forgotten", "forgotten", lambda: "open to all")
    app.add_url_rule("/<lang:lang>/consent/forgotten", "forgotten_consent", lambda lang: "open to all")
    assert missing_roles(app) == ["/staff/forgotten (forgotten)", "/nl/consent/forgotten (forgotten_consent)"]


def test_anonymous_visitors_are_sent_to_sign_in(guard_app, clients):
    client = clients[None]
    token = csrf_token(client, "/staff/login")
    problems = []
    for rule, path, methods, _ in guarded_routes(guard_app):
        for method in methods:
            response = send(client, method, path, token)
            location = response.headers.get("Location", "")
            if path.startswith("/api/"):
                if response.status_code != 401:
                    problems.append(f"{method} {path}: {response.status_code}, expected 401")
            elif method == "POST" and getattr(guard_app.view_functions[rule.endpoint], "resume", None):
                # a form kept through a new sign-in: the sign-in page itself, with the input carried
                if response.status_code != 401 or 'action="/staff/login"' not in response.get_data(as_text=True):
                    problems.append(f"{method} {path}: {response.status_code}, expected the sign-in page")
            elif response.status_code != 302 or not location.startswith("/staff/login"):
                problems.append(f"{method} {path}: {response.status_code} {location}, expected a redirect to sign-in")
    assert not problems, "\n".join(problems)


def test_wrong_roles_are_refused(guard_app, clients):
    problems = []
    checked = 0
    for rule, path, methods, allowed in guarded_routes(guard_app):
        for role in set(ROLES) - set(allowed or ROLES):
            client = clients[role]
            token = csrf_token(client, "/staff/")
            for method in methods:
                response = send(client, method, path, token)
                checked += 1
                if response.status_code != 403:
                    problems.append(f"{role} {method} {path}: {response.status_code}, expected 403")
    assert not problems, "\n".join(problems)
    assert checked > 0


def test_allowed_roles_get_past_the_guard(guard_app, clients):
    """The guard lets the right role through (anything but a sign-in redirect or a 403)."""
    problems = []
    for rule, path, methods, allowed in guarded_routes(guard_app):
        if "GET" not in methods or rule.arguments - {"lang"}:
            continue
        for role in allowed or ():
            response = clients[role].get(path)
            if response.status_code in (401, 403) or response.headers.get("Location", "").startswith("/staff/login"):
                problems.append(f"{role} GET {path}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("token", [None, "not-a-valid-token"])
def test_every_post_without_a_valid_csrf_token_is_refused(guard_app, clients, token):
    problems = []
    routes = unsafe_routes(guard_app)
    assert any(path == "/staff/login" for _, path, _ in routes)
    for rule, path, method in routes:
        allowed = getattr(guard_app.view_functions[rule.endpoint], "allowed_roles", None)
        role = sorted(allowed)[0] if allowed else None
        response = send(clients[role], method, path, token)
        if response.status_code != 400:
            problems.append(f"{method} {path} as {role}: {response.status_code}, expected 400")
    assert not problems, "\n".join(problems)
