"""Production: PostgreSQL, gunicorn, whitenoise; refuses to start with DEBUG on or a default secret."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHE_URL, DATABASES, DEFAULT_INSECURE_SECRET, SECRET_KEY
from .env import env_bool, env_int, env_list

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG phải tắt trong môi trường production (DEBUG=false).")
if not SECRET_KEY or SECRET_KEY == DEFAULT_INSECURE_SECRET or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured(
        "SECRET_KEY chưa được đặt hoặc là khóa mặc định. Hãy đặt SECRET_KEY ngẫu nhiên, dài ít nhất 40 ký tự."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "CONGSO_ALLOW_SQLITE", False
):
    raise ImproperlyConfigured("Production cần PostgreSQL: đặt DATABASE_URL=postgres://…")

# Limits (the lookup's failed attempts, sign-in lockout state), sessions and the account cache must be shared by
# every worker: with the per-process default each worker would count alone (security finding 10).
if not CACHE_URL.startswith("redis") and not env_bool("CONGSO_ALLOW_LOCAL_CACHE", False):
    raise ImproperlyConfigured(
        "Production cần bộ nhớ đệm dùng chung cho giới hạn tra cứu và phiên: đặt CACHE_URL=redis://… "
        "(chỉ khi chạy một tiến trình duy nhất mới đặt CONGSO_ALLOW_LOCAL_CACHE=true)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx on the same machine (docs/deploy.md) the client's address comes from X-Forwarded-For, read once
# by congso.core.wsgi into REMOTE_ADDR, which everything else (audit log, lockout, lookup limit) then uses.
CONGSO_TRUSTED_PROXIES = env_list(
    "CONGSO_TRUSTED_PROXIES", "127.0.0.1,::1" if env_bool("BEHIND_PROXY", True) else ""
)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
