"""The embedded default: SQLite, files on local disk, a co-started worker. Used by `congso` unless told otherwise."""

from .base import *  # noqa: F403
from .env import env, env_bool

DEBUG = env_bool("DEBUG", False)
# The embedded demo pays its fees through the sandbox provider (never in production: config/settings/production.py).
CONGSO_PAYMENT_SANDBOX = env_bool("CONGSO_PAYMENT_SANDBOX", True)
# The demo's agency keys have their passphrases here (congso.signatures.demo); production names its own folder.
CONGSO_SECRETS_DIR = env("CONGSO_SECRETS_DIR", str(DATA_DIR / "secrets"))  # noqa: F405
CONGSO_PKCS11_MODULES = CONGSO_PKCS11_MODULES or ["/usr/lib/softhsm/libsofthsm2.so"]  # noqa: F405
