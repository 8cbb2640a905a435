"""Strict security headers on every response the web server sends: pages, static files,
feeds, the API, error pages and aiohttp's own answers alike.

Added as the response is prepared (``on_response_prepare``), so no route can forget them. A
route that needs a different value for one of them sets it itself; these are the defaults.
"""

from __future__ import annotations

from aiohttp import web

# No inline scripts or styles, nothing from elsewhere: the pages load /static/countdown.js and
# /static/style.css and nothing else. frame-ancestors: never inside another site's frame.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}


async def add_security_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    del request
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # aiohttp names itself and its version by default; a public server need not say.
    response.headers["Server"] = "ostbot"


def install(app: web.Application) -> None:
    app.on_response_prepare.append(add_security_headers)
