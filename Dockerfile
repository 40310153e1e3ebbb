# One image per deployable, holding its own bundle and production packages only (tools/bundle.mjs):
#   docker build --build-arg APP=task-service -t taskhub/task-service .
# APP is one of auth-service, user-service, task-service, notification-service, gateway (the gateway image carries the
# one-shots render-kong-config, broker-provision and redis-provision; Kong itself serves the traffic).
# Every stage's base image, pinned by exact version tag (no digest: none could be read on the machines this was
# written on); bump it with the engines field of package.json.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<project>' >&2; exit 1; }
RUN node tools/build.mjs && node tools/bundle.mjs "${APP}" --out /bundle

# the bundle's own packages, from its pruned lock (argon2 comes with its prebuilt binary; no compiler needed)
FROM ${NODE_IMAGE} AS packages
WORKDIR /bundle
COPY --from=build /bundle/package.json /bundle/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=packages /bundle/node_modules ./node_modules
COPY --from=build /bundle/package.json ./package.json
COPY --from=build /bundle/dist ./dist
# where the gateway image's render-kong-config writes the file Kong loads (a volume mounted here starts owned by node),
# where compose's jwt-keys one-shot writes the signing key pairs and publishes their public halves (named volumes first
# mounted here are owned by node; the key pairs' folder readable by node alone)
# and where the task service archives old activity months in compose (ACTIVITY_ARCHIVE_DIR; likewise owned by node)
RUN mkdir /srv/kong-rendered /srv/jwt-signing-keys /srv/jwt-public-keys /srv/activity-archive \
  && chown node:node /srv/kong-rendered /srv/jwt-signing-keys /srv/jwt-public-keys /srv/activity-archive \
  && chmod 700 /srv/jwt-signing-keys
# uid 1000, as deploy/k8s's securityContext expects; the code and packages above stay root's, read-only to it
USER node
# liveness only (the process serves): readiness, which needs the database, is for compose's depends_on and Kubernetes.
# curl is not in the slim image; node is. The gateway image has no server: run its one-shots with a command of theirs.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||require('/srv/package.json').config.port,path:'/health/live',timeout:2500},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
# Serves by default (`node .` runs package.json's main: the service's dist/apps/<app>/src/main.js); the one-shot
# migration step runs the same image with `node dist/apps/<app>/src/migrate.js` instead (docker-compose.yml, and the
# init container in deploy/k8s).
CMD ["node", "."]
