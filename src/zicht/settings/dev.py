"""Demo and local development: SQLite, console e-mail, debug on."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = True
SECRET_KEY = SECRET_KEY or "demo-only-insecure-key-" + str(VAR_DIR)
