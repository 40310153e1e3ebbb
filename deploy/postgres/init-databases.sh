#!/usr/bin/env bash
# docker-compose only: creates one role and one database per service, each role able to reach only its own database.
# The password is a DEVELOPMENT DEFAULT; real deployments provision databases with their own secrets.
set -euo pipefail
for svc in auth user task notification; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE taskhub_${svc} LOGIN PASSWORD '${TASKHUB_DEV_DB_PASSWORD:-taskhub_dev_password}';
CREATE DATABASE taskhub_${svc} OWNER taskhub_${svc};
REVOKE CONNECT ON DATABASE taskhub_${svc} FROM PUBLIC;
GRANT CONNECT ON DATABASE taskhub_${svc} TO taskhub_${svc};
SQL
done
