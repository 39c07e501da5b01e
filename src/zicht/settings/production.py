"""Production: PostgreSQL, SMTP, secure cookies. Every value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from zicht.conf import env_bool

from .base import *  # noqa: F403
from .base import SECRET_KEY

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True, "Send cookies over HTTPS only.")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
