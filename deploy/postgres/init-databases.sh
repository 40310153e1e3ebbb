#!/usr/bin/env bash
# docker-compose only: creates one role and one database per service, each role able to reach only its own database,
# with the password TASKHUB_<SERVICE>_DB_PASSWORD (from the .env of `npm run compose:env`, passed in by
# docker-compose.yml). Real deployments provision databases with their own secrets.
set -euo pipefail
for svc in auth user task notification; do
  password_variable="TASKHUB_${svc^^}_DB_PASSWORD"
  password="${!password_variable:-}"
  if [ -z "$password" ]; then
    echo "init-databases.sh: $password_variable is not set (run npm run compose:env)" >&2
    exit 1
  fi
  # the password reaches SQL as a psql variable (:'password' quotes it), never spliced into the statement text
  psql -v ON_ERROR_STOP=1 -v password="$password" --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE taskhub_${svc} LOGIN PASSWORD :'password';
CREATE DATABASE taskhub_${svc} OWNER taskhub_${svc};
REVOKE CONNECT ON DATABASE taskhub_${svc} FROM PUBLIC;
GRANT CONNECT ON DATABASE taskhub_${svc} TO taskhub_${svc};
SQL
done
