"""Production settings refuse what would be unsafe across several workers; check-deploy names it."""

import os
import subprocess
import sys

import pytest


def _production(**env):
    base = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/none",
        "ALLOWED_HOSTS": "congso.example",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and settings module
        [sys.executable, "-c", "import config.settings.production"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_requires_a_shared_cache():
    """Security finding 10: with the per-process default cache, every worker counted the lookup limit alone."""
    refused = _production()
    assert refused.returncode != 0 and "CACHE_URL" in refused.stderr
    assert _production(CACHE_URL="redis://127.0.0.1:6379/0").returncode == 0
    assert _production(CONGSO_ALLOW_LOCAL_CACHE="true").returncode == 0


@pytest.mark.django_db
def test_check_deploy_names_a_per_process_cache(settings):
    from congso.ops.management.commands.check_deploy import platform_checks

    assert any("đệm" in what for level, what, _ in platform_checks() if level == "error")
    settings.CACHES = {
        "default": {"BACKEND": "congso.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1/0"}
    }
    assert not any("đệm" in what for _, what, _ in platform_checks())


def test_each_instance_has_its_own_gunicorn_control_socket(settings, tmp_path):
    """Security finding 15: both instances used ~/.gunicorn/gunicorn.ctl, so a second removed the first's."""
    from congso.ops.management.commands.serve import control_socket_path

    settings.DATA_DIR = tmp_path / "a"
    first = control_socket_path("127.0.0.1:8000")
    second = control_socket_path("127.0.0.1:8001")
    settings.DATA_DIR = tmp_path / "b"
    third = control_socket_path("127.0.0.1:8000")
    assert len({first, second, third}) == 3
    assert first.parent == tmp_path / "a" / "run" and (first.parent.stat().st_mode & 0o777) == 0o700
