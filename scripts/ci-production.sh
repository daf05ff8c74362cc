#!/usr/bin/env bash
# CI: the README's production setup, as written — production settings,
# PostgreSQL, migrate, collectstatic, gunicorn with nothing in front — then
# requests as the reverse proxy would send them (X-Forwarded-Proto: https) to
# the login page, a logged-in page, the admin and a static file. Any 5xx (or
# a refused start) fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
DB=fazhi_ci_production
PORT=${FAZHI_CI_PORT:-8765}
WORK=$(mktemp -d)
export DJANGO_SETTINGS_MODULE=fazhi.settings.production FAZHI_ENV=production
export DATABASE_URL="$PG/$DB" ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" FAZHI_VAR_DIR="$WORK"
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
echo "== 生产配置：迁移、静态文件 =="
.venv/bin/fazhi check --deploy --fail-level WARNING
.venv/bin/fazhi migrate --noinput -v0
.venv/bin/fazhi collectstatic --noinput -v0
.venv/bin/python scripts/ci_production_check.py seed

echo "== gunicorn =="
.venv/bin/gunicorn fazhi.wsgi --bind "127.0.0.1:$PORT" --workers 2 --pid "$WORK/gunicorn.pid" \
  --error-logfile "$WORK/gunicorn.log" --daemon
trap 'kill "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
.venv/bin/python scripts/ci_production_check.py requests "http://127.0.0.1:$PORT" \
  || { cat "$WORK/gunicorn.log"; exit 1; }
