"""Test settings: the same stack as production, with fast hashing and a throwaway data directory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="congso-test-media-"))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CONGSO_SMS_GATEWAY = "congso.core.sms.MemorySmsGateway"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "congso-test"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
CONGSO_CALENDAR_CACHE_SECONDS = 0
CONGSO_WORK_CACHE_SECONDS = 0  # tests read the work afresh; test_home.py checks the cache itself
CONGSO_PAYMENT_SANDBOX = True
CONGSO_SECRETS_DIR = tempfile.mkdtemp(prefix="congso-test-secrets-")
CONGSO_DEMO_SOFTHSM = False
CONGSO_TRUST_CACHE_SECONDS = 0  # tests change the trust store with .update() and check at once
