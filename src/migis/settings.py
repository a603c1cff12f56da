"""Django settings for migis. Every environment variable is declared in migis.config."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from migis import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()  # 0700, and the process's umask 077: what migis writes there is 0600
config.tighten(DATA_DIR)  # what an older migis left there readable by others

SECRET_KEY = config.secret_key()
DEBUG = config.get("MIGIS_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in config.get("MIGIS_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in config.get("MIGIS_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "migis.core",
    "migis.accounts",
    "migis.geo",
    "migis.organisations",
    "migis.frameworks",
    "migis.dialogues",
    "migis.documents",
    "migis.projects",
    "migis.events",
    "migis.indicators",
    "migis.reference",
    "migis.ingest",
    "migis.feeds",
    "migis.search",
    "migis.portal",
    "migis.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "migis.core.middleware.LanguageAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "migis.accounts.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "migis.urls"
WSGI_APPLICATION = "migis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "migis.core.cache.context",
            ],
        },
    },
]

_sqlite = f"sqlite:///{DATA_DIR / 'migis.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(config.get("MIGIS_DATABASE_URL") or _sqlite, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers go on while an import writes; the timeout waits for a writer instead of failing.
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers (worker processes) wait
    # for each other instead of failing with "database is locked" when a read turns into a write.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = config.get("MIGIS_LANGUAGE")
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders when collectstatic has not run (tests, development).
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "migis").is_dir()
WHITENOISE_MAX_AGE = 3600

# Per-process memory cache by default; MIGIS_CACHE_URL (redis://...) shares it between processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "migis"}}
if config.get("MIGIS_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": config.get("MIGIS_CACHE_URL"),
        }
    }

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "migis.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Files Django writes itself (collectstatic, uploads) get these modes rather than its 0644 default.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# MIGIS_HTTPS=1: served over HTTPS through a reverse proxy that sets X-Forwarded-Proto (and strips the
# clients' own). `migis manage check --deploy` is clean with it (tests/test_security.py).
if config.is_on("MIGIS_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health$"]  # the proxy's health check may come over plain HTTP
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images come from this site only;
# no inline script or style attribute, no eval, no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sign-in lockouts (django-axes, see migis.accounts.lockout): an account, and separately an address,
# is locked out after MIGIS_LOGIN_FAILURE_LIMIT failures, for MIGIS_LOGIN_COOLOFF_MINUTES after the last.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = config.integer("MIGIS_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=config.integer("MIGIS_LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = "migis.accounts.lockout.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "migis.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = False  # a success must not lift the lock another address holds on the account
AXES_HTTP_RESPONSE_CODE = 429
if config.is_on("MIGIS_FORWARDED_FOR"):
    AXES_CLIENT_IP_CALLABLE = "migis.accounts.lockout.forwarded_address"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_without_traceback": {"()": "migis.core.logfilters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # An ordinary 403 gets its one-line warning, without a traceback.
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "django.security": {"filters": ["forbidden_without_traceback"]},
        "django.security.csrf": {"filters": ["forbidden_without_traceback"]},
        # Lockouts are reported once by migis.security; axes' own line per failure masks the
        # username and address, so it only repeats that less clearly.
        "axes": {"level": "ERROR"},
        "migis.security": {"level": "INFO"},
    },
}
