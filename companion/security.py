"""Security baseline: response headers, CSP, CSRF."""
from flask import request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


BASELINE_HEADERS = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


def set_security_headers(response):
    """Add every baseline header a view did not set itself (one pass over the headers:
    this runs on every response, cached pages included)."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    headers.extend([(name, value) for name, value in BASELINE_HEADERS if name.lower() not in present])
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if is_private(request.path):
        # Nothing a clinician or a family typed should linger in a shared device's cache.
        headers["Cache-Control"] = "no-store"
    return response


def is_private(path: str) -> bool:
    """Staff, API and consent responses: never stored (static files are not: /static/css/consent.css)."""
    return not path.startswith("/static/") and (path.startswith(("/staff", "/api")) or "/consent" in path)


def init_app(app) -> None:
    csrf.init_app(app)
    app.after_request(set_security_headers)
