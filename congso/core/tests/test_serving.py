"""The serving plumbing measured in docs/performance.md: the hit counter of rate limits (one round trip with
Redis), prepared statements for hot reads, the short middleware chain of stateless public paths, and the warm-up
of a web process before gunicorn forks it."""

import gc
import io
import socket

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.client import RequestFactory

from congso.core.cache import RedisCache, count_hit
from congso.core.db import fetch_all
from congso.core.warmup import warm_up
from congso.core.wsgi import application_with_stateless_paths, client_address


def test_count_hit_counts_per_key_with_the_default_cache():
    assert [count_hit("t:a", 60) for _ in range(3)] == [1, 2, 3]
    assert count_hit("t:b", 60) == 1


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_count_hit_with_redis_counts_in_one_script_and_sets_the_window():
    backend = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "congso-test"})
    backend.delete("t:window")
    assert [backend.count_hit("t:window", 30) for _ in range(3)] == [1, 2, 3]
    client = backend._cache.get_client(write=True)
    assert 0 < client.ttl(backend.make_and_validate_key("t:window")) <= 30
    backend.delete("t:window")


@pytest.mark.django_db
def test_fetch_all_returns_rows_and_prepares_the_statement_on_postgresql(settings):
    sql = "SELECT %s || '-' || %s"
    assert fetch_all(sql, ["a", "b"]) == [("a-b",)]
    if connection.vendor != "postgresql":
        return
    assert fetch_all(sql, ["c", "d"]) == [("c-d",)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["SELECT $1 || '-'%"]
        )
        assert cursor.fetchone()[0] == 1
    settings.CONGSO_DB_PREPARED_STATEMENTS = False
    other = "SELECT %s || '+' || %s"
    assert fetch_all(other, ["e", "f"]) == [("e+f",)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%'+'%"])
        assert cursor.fetchone()[0] == 0


def _call(app, path, query=""):
    environ = RequestFactory().get(path, REMOTE_ADDR="10.1.2.3").environ
    environ.update({"QUERY_STRING": query, "wsgi.input": io.BytesIO(b"")})
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(app(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], dict(seen["headers"]), [v for k, v in seen["headers"] if k == "Set-Cookie"], body


@pytest.mark.django_db
def test_a_stateless_path_skips_the_session_machinery_but_keeps_the_security_headers():
    app = application_with_stateless_paths(WSGIHandler())
    status, headers, cookies, body = _call(app, "/api/v1/dossiers/lookup", "code=KHONG-CO&check=1234")
    assert status.startswith("404") and b"not_found" in body
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Language"] == "vi" and "Cookie" not in headers.get("Vary", "") and not cookies
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "private, no-store"
    # Anything else, even a path that merely starts like it, goes through the whole chain.
    status, headers, cookies, _body = _call(app, "/tai-khoan/dang-nhap/")
    assert status.startswith("200") and any(cookie.strip().startswith("csrftoken=") for cookie in cookies)
    status, _headers, _cookies, _body = _call(app, "/api/v1/dossiers/lookup/")
    assert not status.startswith("5")


@pytest.mark.django_db
def test_warm_up_loads_urls_and_templates_without_touching_the_database(django_assert_num_queries):
    try:
        with django_assert_num_queries(0):
            warm_up()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


TRUSTED = frozenset({"127.0.0.1", "::1"})


@pytest.mark.parametrize(
    "remote, forwarded, client",
    [
        ("127.0.0.1", "203.113.5.7", "203.113.5.7"),  # nginx on this machine, one hop
        ("127.0.0.1", "6.6.6.6, 203.113.5.7", "203.113.5.7"),  # what the client wrote itself is not believed
        ("127.0.0.1", "203.113.5.7, 127.0.0.1", "203.113.5.7"),  # two of our proxies in a row
        ("127.0.0.1", "", "127.0.0.1"),  # no header: the proxy itself (a health check)
        ("10.9.8.7", "1.2.3.4", "10.9.8.7"),  # not through our proxy: the header is ignored
    ],
)
def test_client_address_behind_trusted_proxies(remote, forwarded, client):
    assert client_address(remote, forwarded, TRUSTED) == client


def test_the_application_puts_the_client_address_into_remote_addr(settings):
    seen = []

    def full(environ, start_response):
        seen.append(environ["REMOTE_ADDR"])
        return []

    settings.CONGSO_TRUSTED_PROXIES = ["127.0.0.1"]
    app = application_with_stateless_paths(full)
    app({"PATH_INFO": "/", "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.113.5.7"}, None)
    settings.CONGSO_TRUSTED_PROXIES = []
    app = application_with_stateless_paths(full)
    app({"PATH_INFO": "/", "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.113.5.7"}, None)
    assert seen == ["203.113.5.7", "127.0.0.1"]


@pytest.mark.django_db
def test_every_page_has_a_csp_and_personal_answers_are_not_cached(client):
    """Security finding 13: no Content-Security-Policy; no `Cache-Control: private, no-store` on signed-in pages,
    files and API JSON."""
    from congso.accounts.tests.factories import make_member

    public = client.get("/tai-khoan/dang-nhap/")
    policy = public["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("style-src")[0]
    )
    assert "Content-Security-Policy" in client.get("/tra-cuu/")
    client.force_login(make_member().user)
    for path in ("/", "/api/v1/accounts/me", "/thong-bao/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store", path
        assert "Content-Security-Policy" in response


def test_templates_have_no_inline_scripts_or_handlers():
    """The policy allows no inline script: behaviour lives in static files (congso/core/static/congso/app.js)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text) or re.search(
            r"\son[a-z]+=\"", text
        ):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
