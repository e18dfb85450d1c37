"""The embedded default: SQLite, files on local disk, a co-started worker. Used by `congso` unless told otherwise."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", False)
# The embedded demo pays its fees through the sandbox provider (never in production: config/settings/production.py).
CONGSO_PAYMENT_SANDBOX = env_bool("CONGSO_PAYMENT_SANDBOX", True)
