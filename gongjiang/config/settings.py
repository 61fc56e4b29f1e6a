"""Django settings. Every value comes from `gongjiang.config.env` (one place for the environment)."""

from datetime import timedelta

import dj_database_url

from gongjiang.config import env
from gongjiang.config.profile import refuse_or_continue

# GONGJIANG_ENV=production: stop here, with the reasons, on development keys, DEBUG or SQLite.
refuse_or_continue()

BASE_DIR = env.BASE_DIR
SECRET_KEY = env.SECRET_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gongjiang.core",
    "gongjiang.reference",
    "gongjiang.accounts",
    "gongjiang.audit",
    "gongjiang.registry",
    "gongjiang.demo",
    "gongjiang.ingest",
    "gongjiang.search",
    "gongjiang.demand",
    "gongjiang.incentives",
    "gongjiang.income",
    "gongjiang.evaluation",


    "gongjiang.training",
    "gongjiang.operations",
    "gongjiang.competitions",  # issue 14
    "gongjiang.indicators",  # issue 16: targets and indicators, downstream of every domain (ADR 0025)
    "gongjiang.portal",  # issue 16: the public portal (ADR 0026)
    "gongjiang.guidance",  # issue 16: career guidance (R1.5, ADR 0027)
]

MIDDLEWARE = [
    "gongjiang.core.logs.RequestLogMiddleware",  # first: times and logs every request, one JSON line
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongjiang.core.middleware.SessionRefreshMiddleware",
    "gongjiang.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongjiang.config.urls"
WSGI_APPLICATION = "gongjiang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongjiang.accounts.permissions.template_context",
                "gongjiang.core.navigation.template_context",
            ],
        },
    },
]

if env.DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=env.DB_CONN_MAX_AGE)}
else:
    env.SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.SQLITE_PATH,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env.FAST_PASSWORD_HASHER:  # tests only: Argon2 is slow on purpose
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Log-in hardening (ADR 0004): lock a user name + address after repeated failures.
AXES_FAILURE_LIMIT = env.LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=env.LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env.SESSION_AGE_SECONDS
# Idle expiry: the clock restarts with each request, saved at most once a minute
# (gongjiang.core.middleware.SessionRefreshMiddleware; ADR 0012).
SESSION_SAVE_EVERY_REQUEST = False
GONGJIANG_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Behind HTTPS (issue 18 §2): the reverse proxy terminates TLS and sets X-Forwarded-Proto.
if env.PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (env.PROXY_SSL_HEADER, "https")
SECURE_SSL_REDIRECT = env.SSL_REDIRECT
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env.HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = env.HSTS_PRELOAD
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.PRODUCTION

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", *([env.VENDOR_DIR] if env.VENDOR_DIR.exists() else [])]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: `./run serve` collects into STATIC_ROOT with gzip/brotli copies WhiteNoise serves.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage" if env.PRODUCTION
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not env.PRODUCTION
MEDIA_ROOT = env.MEDIA_ROOT
if env.INCOME_DATA_DIR:
    INCOME_DATA_DIR = env.INCOME_DATA_DIR

GONGJIANG_DATA_KEY = env.DATA_KEY
GONGJIANG_SERVICE_AREA = env.SERVICE_AREA
GONGJIANG_PDF_FONT = env.PDF_FONT
GONGJIANG_DATA_KEY_PREVIOUS = env.DATA_KEY_PREVIOUS
GONGJIANG_CERTIFICATE_KEY = env.CERTIFICATE_KEY
GONGJIANG_CERTIFICATE_KEYS_RETIRED = env.CERTIFICATE_KEYS_RETIRED

# Background jobs (ADR 0006): django-tasks, the backport of Django 6's tasks framework, with its
# database backend, so imports and monthly runs need no service beyond the database.
# Worker: `gongjiang db_worker`. Tests may set GONGJIANG_TASK_BACKEND to the immediate backend.
TASKS = {"default": {"BACKEND": env.TASK_BACKEND}}

# Upload limits (issue 18 §2). Form and JSON bodies (not files) up to FORM_MAX_MB; files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, and the bounded handler stops reading a file
# past the largest limit of any kind, so nothing larger ever reaches the disk.
MB = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env.FORM_MAX_MB * MB
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * MB)
FILE_UPLOAD_HANDLERS = [
    "gongjiang.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
GONGJIANG_UPLOAD_LIMITS = {
    "import_mb": env.IMPORT_MAX_MB,  # one import file as uploaded (per import kind: ImportKind.max_mb)
    "import_inflated_mb": env.IMPORT_MAX_INFLATED_MB,  # an .xlsx once unzipped
    "import_rows": env.IMPORT_MAX_ROWS,
    "result_file_mb": env.RESULT_FILE_MAX_MB,  # the bank's payment-result workbook
    "xlsx_max_ratio": 100,  # a zip member inflating more than 100x is a zip bomb (Apache POI's rule)
}

# Logs (issue 18 §2; ADR 0012): one JSON line per request (gongjiang.request) and per background
# job (gongjiang.job) in production, through python-json-logger; plain text in development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if env.LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "gongjiang.request": {"level": env.LOG_LEVEL},
        "gongjiang.job": {"level": env.LOG_LEVEL},
        # Django logs each 4xx/5xx again on django.request; ours already says it (5xx keep theirs,
        # with the traceback).
        "django.request": {"level": "ERROR"},
    },
}
