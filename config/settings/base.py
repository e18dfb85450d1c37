"""Settings shared by every install. Install-specific values come from the environment (config/settings/env.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_htmx
import fontpkg_be_vietnam_pro
import xstatic.pkg.bootstrap

from .env import BASE_DIR, env, env_bool, env_int, env_list

DATA_DIR = Path(env("CONGSO_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_INSECURE_SECRET = "congso-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", DEFAULT_INSECURE_SECRET)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "congso.core",
    "congso.organizations",
    "congso.accounts",
    "congso.signatures",
    "congso.documents",
    "congso.procedures",
    "congso.dossiers",
    "congso.demo",
    "congso.ops",
]

MIDDLEWARE = [
    "congso.core.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congso.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "congso.core.middleware.NfcInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "congso.core.middleware.SecurityHeadersMiddleware",
    "congso.accounts.middleware.SessionRefreshMiddleware",
    "congso.accounts.middleware.ActingMembershipMiddleware",
    "congso.accounts.middleware.StaffAreaMiddleware",
    "congso.core.middleware.WorkCacheMiddleware",
    "congso.accounts.middleware.AdminTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Scripts and styles only from this site (static files installed by the set-up command: no CDN); inline style
# attributes are allowed, inline scripts are not. form-action is not restricted: paying a fee posts to us and is
# redirected to the payment provider's host.
CONGSO_CONTENT_SECURITY_POLICY = env(
    "CONGSO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
)

# Stateless public endpoints (anonymous, read-only JSON: no session, sign-in, CSRF or messages) are served through
# this shorter chain by congso.core.wsgi; everything else goes through MIDDLEWARE. docs/adr/0008-stateless-public-api.md
STATELESS_PATHS = ("/api/v1/dossiers/lookup",)
# The reverse proxies in front of the app (their addresses as gunicorn sees them). Requests from them carry the
# client's address in X-Forwarded-For, which congso.core.wsgi puts into REMOTE_ADDR. None by default (no proxy);
# production settings trust the local nginx.
CONGSO_TRUSTED_PROXIES = env_list("CONGSO_TRUSTED_PROXIES")
STATELESS_MIDDLEWARE = [
    "congso.core.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "congso.core.middleware.SecurityHeadersMiddleware",
    "congso.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "congso.core.middleware.NfcInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "congso" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "congso.core.context_processors.platform",
                "congso.accounts.context_processors.acting_membership",
            ],
        },
    }
]

# --- Database: SQLite embedded by default, PostgreSQL in production -----------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'congso.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
for index, url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{index}"] = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
# PostgreSQL's planner cost of a random read, for solid-state storage (what the servers we are installed on use):
# with the server's default of 4.0 it sorts all of an agency's open steps rather than read the first 50 in deadline
# order, 20 ms against 1 ms (docs/performance.md, 04/12/2026). "" keeps the server's own setting (spinning disks,
# or PgBouncer, which refuses startup options unless told to ignore them).
CONGSO_PG_RANDOM_PAGE_COST = env("CONGSO_PG_RANDOM_PAGE_COST", "1.1")
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql") and CONGSO_PG_RANDOM_PAGE_COST:
        _database.setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={float(CONGSO_PG_RANDOM_PAGE_COST)}"
        )
DATABASE_ROUTERS = ["congso.core.db_router.PrimaryReplicaRouter"]
# Hot public reads (the dossier lookup) run as prepared statements on PostgreSQL (congso/core/db.py). Turn off only
# behind PgBouncer in transaction mode before 1.21.
CONGSO_DB_PREPARED_STATEMENTS = env_bool("CONGSO_DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: per-process by default; Redis (shared) when several app servers run -------------------------
CACHE_URL = env("CACHE_URL")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "congso.core.cache.RedisCache", "LOCATION": CACHE_URL}}
    # Sessions are read through the shared cache. Never with a per-process cache: a session ended in one
    # worker would live on in another worker's copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The signed-in user and their active memberships and roles (read on every staff request) are cached this
    # long; User.save() and the membership services drop the entries on every change, and the TTL bounds
    # anything else (an agency renamed, a day passing). docs/adr/0005-account-cache.md
    CONGSO_ACCOUNT_CACHE_SECONDS = env_int("CONGSO_ACCOUNT_CACHE_SECONDS", 60)
else:
    CONGSO_ACCOUNT_CACHE_SECONDS = 0  # a per-process cache could not be invalidated across workers
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "congso"}}

# --- Auth ------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "congso.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "congso.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sliding expiry without a database write per request: congso.accounts.middleware.SessionRefreshMiddleware
# re-saves a session at most every CONGSO_SESSION_REFRESH_SECONDS.
SESSION_SAVE_EVERY_REQUEST = False
CONGSO_SESSION_REFRESH_SECONDS = env_int("CONGSO_SESSION_REFRESH_SECONDS", 300)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from a meta tag, not the cookie
PASSWORD_RESET_TIMEOUT = 3600

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "congso.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Công Sở")
CONGSO_OTP_REQUIRED_FOR_ADMINS = env_bool("CONGSO_OTP_REQUIRED_FOR_ADMINS", True)

# --- Language, time ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "congso" / "locale"]
FORMAT_MODULE_PATH = ["congso.core.formats"]
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Files: local disk by default, S3-compatible object storage in scale-out ------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_URL = "/static/"
# npm packages, pinned by package-lock.json and installed by the set-up command (scripts/bootstrap.sh): the icons
# are inlined from here by the {% icon %} tag (core/templatetags/congso_ui.py); Tom Select (searchable selects) and
# flatpickr (date pickers) are served as static files (docs/ui.md); axe-core only in the browser tests.
CONGSO_NODE_MODULES = Path(env("CONGSO_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("vendor/fonts/be-vietnam-pro", str(Path(fontpkg_be_vietnam_pro.__file__).parent / "files")),
    ("vendor/htmx", str(Path(django_htmx.__file__).parent / "static" / "django_htmx")),
    ("vendor/tom-select", str(CONGSO_NODE_MODULES / "tom-select" / "dist")),
    ("vendor/flatpickr", str(CONGSO_NODE_MODULES / "flatpickr" / "dist")),
]
# An online application with at least this many e-form questions and files goes one thing per page, with a
# check-your-answers page (dossiers.views_apply); a shorter one is one page, either can be asked for.
CONGSO_EFORM_STEPS_FROM = env_int("CONGSO_EFORM_STEPS_FROM", 8)
# "Việc của tôi" is read again at most this often per person (core.work; their own writes drop it at once).
CONGSO_WORK_CACHE_SECONDS = env_int("CONGSO_WORK_CACHE_SECONDS", 30)
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    _media_backend = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "region_name": env("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_backend = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_backend,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
CONGSO_MAX_UPLOAD_BYTES = env_int("CONGSO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# The largest request body accepted at all (refused with 413 before it is read): room for an exchange package
# (CONGSO_EXCHANGE_MAX_BYTES) and a form with its files. nginx's client_max_body_size should be the same.
CONGSO_MAX_REQUEST_BYTES = env_int("CONGSO_MAX_REQUEST_BYTES", 100 * 1024 * 1024)
# Files of documents (scans, PDF, DOCX): issue 3 sets 50 MB as the default limit.
CONGSO_DOCUMENT_MAX_UPLOAD_BYTES = env_int("CONGSO_DOCUMENT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# What a DOCX (a zip archive) may unpack to, and how much of a file's text is read for search: a file past the
# first is refused, text past the second is not indexed (docs/documents.md).
CONGSO_UPLOAD_MAX_UNPACKED_BYTES = env_int("CONGSO_UPLOAD_MAX_UNPACKED_BYTES", 150 * 1024 * 1024)
CONGSO_TEXT_MAX_CHARS = env_int("CONGSO_TEXT_MAX_CHARS", 500_000)
CONGSO_TEXT_MAX_PDF_PAGES = env_int("CONGSO_TEXT_MAX_PDF_PAGES", 500)
# Electronic exchange with other installations (docs/exchange.md): how this installation names itself to its
# peers, how long to wait for a peer, how many attempts before giving up, the largest package accepted.
CONGSO_EXCHANGE_PEER_CODE = env("CONGSO_EXCHANGE_PEER_CODE", "congso")
CONGSO_EXCHANGE_TIMEOUT = env_int("CONGSO_EXCHANGE_TIMEOUT", 15)
CONGSO_EXCHANGE_MAX_ATTEMPTS = env_int("CONGSO_EXCHANGE_MAX_ATTEMPTS", 12)
CONGSO_EXCHANGE_MAX_BYTES = env_int("CONGSO_EXCHANGE_MAX_BYTES", 80 * 1024 * 1024)
# How often the worker asks the national exchange axis (a peer with protocol "axis") for pending messages.
CONGSO_AXIS_POLL_SECONDS = env_int("CONGSO_AXIS_POLL_SECONDS", 60)
# A message signed longer ago than this (or this far in the future) is refused: replays and clock drift.
CONGSO_EXCHANGE_MAX_SKEW_SECONDS = env_int("CONGSO_EXCHANGE_MAX_SKEW_SECONDS", 300)
# The dossier code (one-stop shop): {organ_id} of the receiving agency, {date} of reception, {seq} the daily number.
# The 2018 rules give <organ id>-<YYMMDD>-<NNNN>; newer national samples differ, hence a setting.
CONGSO_DOSSIER_CODE_FORMAT = env("CONGSO_DOSSIER_CODE_FORMAT", "{organ_id}-{date:%y%m%d}-{seq:04d}")
# Public dossier lookups allowed per client address per 10 minutes (the code and the check value are both needed).
CONGSO_LOOKUP_RATE = env_int("CONGSO_LOOKUP_RATE", 30)
# The national public-service portal: where dossier and progress records are sent (empty: no sync), with the
# token the portal gave this province, the time-out and the number of attempts before a record is marked failed.
CONGSO_PORTAL_URL = env("CONGSO_PORTAL_URL", "")
CONGSO_PORTAL_TOKEN = env("CONGSO_PORTAL_TOKEN", "")
CONGSO_PORTAL_TIMEOUT = env_int("CONGSO_PORTAL_TIMEOUT", 15)
CONGSO_PORTAL_MAX_ATTEMPTS = env_int("CONGSO_PORTAL_MAX_ATTEMPTS", 10)
# Online payment: the provider behind the applicant's "pay" button (registered with
# congso.dossiers.payments.register_provider). The sandbox lets applicants confirm their own fees: demo and tests
# only; `congso check-deploy` fails when it is on.
CONGSO_PAYMENT_PROVIDER = env("CONGSO_PAYMENT_PROVIDER", "")
CONGSO_PAYMENT_SANDBOX = env_bool("CONGSO_PAYMENT_SANDBOX", False)
# How long the public statistics board of the one-stop shop is cached (seconds).
CONGSO_BOARD_CACHE_SECONDS = env_int("CONGSO_BOARD_CACHE_SECONDS", 300)

# --- Email and SMS ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Công Sở <no-reply@congso.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONGSO_SMS_GATEWAY = env("CONGSO_SMS_GATEWAY", "congso.core.sms.ConsoleSmsGateway")
CONGSO_SMS_GATEWAY_URL = env("CONGSO_SMS_GATEWAY_URL")
CONGSO_SMS_GATEWAY_TOKEN = env("CONGSO_SMS_GATEWAY_TOKEN")

# --- Background jobs: django.tasks API with the database backend -----------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CONGSO_NOTIFICATION_MAX_ATTEMPTS = env_int("CONGSO_NOTIFICATION_MAX_ATTEMPTS", 5)
# Reports and registers (PDF, XLSX) are built by the worker: at most this many waiting or being built per person,
# and kept this many days.
CONGSO_EXPORT_MAX_ACTIVE = env_int("CONGSO_EXPORT_MAX_ACTIVE", 3)
CONGSO_EXPORT_KEEP_DAYS = env_int("CONGSO_EXPORT_KEEP_DAYS", 7)

# --- Platform --------------------------------------------------------------------------------------------
CONGSO_SITE_NAME = env("CONGSO_SITE_NAME", "Công Sở")
CONGSO_PUBLIC_URL = env("CONGSO_PUBLIC_URL", "http://127.0.0.1:8000")
CONGSO_CALENDAR_CACHE_SECONDS = env_int("CONGSO_CALENDAR_CACHE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Lockout counts failures per login name, not per address: a whole commune office shares one NAT address
# (docs/adr/0002-lockout-per-username.md).
# models.W040: SQLite ignores INCLUDE columns of covering indexes (a PostgreSQL optimisation of the statistics).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Digital signatures (docs/signing.md). The PKCS#12 files of agencies are kept encrypted with a key derived from
# CONGSO_SIGNING_KEY_SECRET (SECRET_KEY when empty); passphrases and PINs are named (env:CONGSO_SIGN_…, file:NAME
# in CONGSO_SECRETS_DIR), never stored. Only the PKCS#11 modules listed here can be loaded.
CONGSO_SIGNING_KEY_SECRET = env("CONGSO_SIGNING_KEY_SECRET", "")
CONGSO_SECRETS_DIR = env("CONGSO_SECRETS_DIR", "/run/secrets")
CONGSO_PKCS11_MODULES = [m for m in env("CONGSO_PKCS11_MODULES", "").split(",") if m.strip()]
CONGSO_SIGNATURE_PSS = env("CONGSO_SIGNATURE_PSS", "") in ("1", "true", "yes")
CONGSO_SIGNATURE_MAX_PDF_BYTES = env_int("CONGSO_SIGNATURE_MAX_PDF_BYTES", 50 * 1024 * 1024)
CONGSO_TSA_URL = env("CONGSO_TSA_URL", "")  # RFC 3161 timestamp server: PAdES B-T when set
CONGSO_TSA_TIMEOUT = env_int("CONGSO_TSA_TIMEOUT", 10)
CONGSO_REVOCATION_FETCH = env("CONGSO_REVOCATION_FETCH", "") in ("1", "true", "yes")
CONGSO_SIGNING_REQUEST_MINUTES = env_int("CONGSO_SIGNING_REQUEST_MINUTES", 30)
CONGSO_CERTIFICATE_WARNING_DAYS = env_int("CONGSO_CERTIFICATE_WARNING_DAYS", 30)
# The demo puts its leaders' keys on a SoftHSM2 token (var/softhsm) for trying the signing agent.
CONGSO_DEMO_SOFTHSM = env("CONGSO_DEMO_SOFTHSM", "1") in ("1", "true", "yes")
# Exchange packages (edXML): refuse (status 02) a package without a verifiable signature, or signed by a
# certificate outside the trust store. Off by default: received with a warning (docs/signing.md).
CONGSO_EXCHANGE_REQUIRE_SIGNATURE = env("CONGSO_EXCHANGE_REQUIRE_SIGNATURE", "") in ("1", "true", "yes")
CONGSO_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE = env("CONGSO_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE", "") in (
    "1",
    "true",
    "yes",
)
# The public verification page /xac-thuc/: checks per client address per 10 minutes, and the largest PDF it reads.
CONGSO_VERIFY_RATE = env_int("CONGSO_VERIFY_RATE", 30)
CONGSO_VERIFY_MAX_BYTES = env_int("CONGSO_VERIFY_MAX_BYTES", 20 * 1024 * 1024)
# An agency's opened PKCS#12 key is kept in the process this long (opening it costs more than signing); 0: never.
CONGSO_SIGNING_KEY_CACHE_SECONDS = env_int("CONGSO_SIGNING_KEY_CACHE_SECONDS", 300)
# The trust store and the list of revoked certificates are read again by each process after this many seconds.
CONGSO_TRUST_CACHE_SECONDS = env_int("CONGSO_TRUST_CACHE_SECONDS", 5)
