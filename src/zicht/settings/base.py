"""Settings shared by every environment. Environment files only change defaults."""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from zicht.conf import env, env_bool, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/zicht
BASE_DIR = PACKAGE_DIR.parent.parent  # repository root
VAR_DIR = BASE_DIR / env(
    "ZICHT_VAR_DIR",
    "var",
    "Folder for the SQLite database, uploads and Parquet files (relative to the checkout, or absolute).",
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env(
    "SECRET_KEY", "", "Django secret key. Required in production; the demo makes one up."
)
DEBUG = env_bool("DEBUG", False, "Show tracebacks in the browser. Never in production.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "localhost,127.0.0.1", "Host names the site answers to, comma-separated."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS",
    "",
    "Origins trusted for POST behind a proxy, e.g. https://zicht.example.nl.",
)
SITE_URL = env(
    "SITE_URL",
    "http://127.0.0.1:8000",
    "Public base URL, used in e-mails and the OpenAPI servers list.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "zicht.core",
    "zicht.reference",
    "zicht.accounts",
    "zicht.registry",
    "zicht.sdg",
    "zicht.spend",
    "zicht.procurement",
    "zicht.opportunities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zicht.core.middleware.ApiHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zicht.urls"
WSGI_APPLICATION = "zicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicht.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": environ.Env.db_url_config(
        env(
            "DATABASE_URL",
            "",
            "Database URL: sqlite:////abs/path or postgres://user:pass@host:5432/name. "
            "Empty: SQLite file zicht.sqlite3 in ZICHT_VAR_DIR.",
        )
        or f"sqlite:///{VAR_DIR / 'zicht.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids
    # "database is locked" on write upgrades inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
_conn_max_age = int(env("DB_CONN_MAX_AGE", "60", "Seconds a PostgreSQL connection is reused."))
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = _conn_max_age
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Brute-force protection (django-axes): lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(
    env("AXES_FAILURE_LIMIT", "5", "Failed logins before a username/IP pair is locked out.")
)
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.5", "Hours a lock-out lasts."))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form field; our USERNAME_FIELD is email
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted into now

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic in demo and tests
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / env(
    "MEDIA_ROOT",
    "media",
    "Folder for uploaded evidence files and imports (relative to ZICHT_VAR_DIR).",
)
SPEND_STORE = VAR_DIR / env(
    "SPEND_STORE",
    "spend",
    "Folder for the Parquet files of invoice lines (relative to ZICHT_VAR_DIR).",
)
EVIDENCE_MAX_BYTES = int(
    env("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024), "Largest evidence file accepted, in bytes.")
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django e-mail backend; use django.core.mail.backends.smtp.EmailBackend in production.",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", "SMTP server.")
EMAIL_PORT = int(env("EMAIL_PORT", "25", "SMTP port."))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False, "Use STARTTLS for SMTP.")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Zicht <noreply@zicht.example>", "Sender of e-mails."
)

TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "Task backend; the database backend needs `zicht worker` running.",
        ),
        "QUEUES": ["default"],
    }
}

# `zicht scheduler`: the schedule itself is zicht.core.scheduler.SCHEDULE (set SCHEDULE here
# to replace it). A slot missed while no scheduler ran is caught up once within this window.
SCHEDULER_CATCH_UP_HOURS = float(
    env(
        "SCHEDULER_CATCH_UP_HOURS",
        "12",
        "`zicht scheduler`: a job slot missed by at most this many hours (the scheduler was "
        "down) is enqueued once on start; an older one is skipped and logged.",
    )
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "zicht.core.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env(
            "API_ANON_RATE", "120/minute", "Requests per period for anonymous API callers."
        ),
        "sdg_classify_anon": env(
            "API_SDG_ANON_RATE",
            "30/minute",
            "SDG classifications per period for anonymous callers.",
        ),
    },
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zicht API",
    "DESCRIPTION": "Register of social enterprises, SDG profiles, opportunities and social procurement.",
    "VERSION": "1.0.0",
    "CONTACT": {"name": "Zicht", "email": "api@zicht.example", "url": "https://zicht.example/api"},
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": "/api/v1", "description": "This Zicht instance, API major version 1"}],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "COMPONENT_SPLIT_REQUEST": True,
    # One English document, whatever the active language: no drift when translations change.
    "DEFAULT_GENERATOR_CLASS": "zicht.core.api.schema.SchemaGenerator",
    # Dutch API Design Rules: API-Version headers, /openapi.json resource, problem+json.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.core.api.schema.adr_postprocessing_hook",
    ],
    # Same field name, different choices: name the enums so `make openapi` has no warnings.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "zicht.registry.models.OrganisationKind",
        "CertificationKindEnum": "zicht.registry.models.CertificationKind",
    },
    "TAGS": [
        {"name": "organisations", "description": "The register: directory and member edits."},
        {"name": "verification", "description": "Profiles waiting for a reviewer (non-public)."},
        {"name": "openapi", "description": "This document."},
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env("LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING, ERROR."),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}
