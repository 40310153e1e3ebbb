# One image per service, built from the whole workspace: docker build --build-arg APP=task-service -t taskhub/task-service .
# APP is one of auth-service, user-service, task-service, notification-service, gateway.
FROM node:20.20-bookworm-slim AS build
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs && npm prune --omit=dev

FROM node:20.20-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /srv
COPY --from=build --chown=node:node /workspace/node_modules ./node_modules
COPY --from=build --chown=node:node /workspace/dist ./dist
COPY --from=build --chown=node:node /workspace/kong ./kong
# the workspace version (each service's OpenAPI document states it)
COPY --from=build --chown=node:node /workspace/package.json ./package.json
# where the gateway image's render-kong-config writes the file Kong loads (a volume mounted here starts owned by node),
# where compose's jwt-keys one-shot writes the signing key pairs and publishes their public halves (named volumes first
# mounted here are owned by node; the key pairs' folder readable by node alone)
# and where the task service archives old activity months in compose (ACTIVITY_ARCHIVE_DIR; likewise owned by node)
RUN mkdir /srv/kong-rendered /srv/jwt-signing-keys /srv/jwt-public-keys /srv/activity-archive \
  && chown node:node /srv/kong-rendered /srv/jwt-signing-keys /srv/jwt-public-keys /srv/activity-archive \
  && chmod 700 /srv/jwt-signing-keys
USER node
# Serves by default; the one-shot migration step runs the same image with `migrate.js` instead (see docker-compose.yml
# and the init container in deploy/k8s).
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
