"""Behind a reverse proxy: trust its X-Forwarded-* headers, and only as many hops as configured.

``PROXY_HOPS`` (``COMPANION_CONFIG_PROXY_HOPS``) is the number of proxies in front of the app,
0 by default (the app talks to clients itself). With it set, ``request.remote_addr`` is the
client's address (sign-in throttling counts by it) and ``request.scheme`` is https, so
redirects stay on TLS. Never set it higher than the real number of proxies: a client could
then choose its own address by sending the header itself.
"""
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app) -> None:
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
