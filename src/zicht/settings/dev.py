"""Demo and local development: SQLite, console e-mail, debug on."""

from zicht.conf import env

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "", "") or "demo-only-insecure-key-" + str(VAR_DIR)
