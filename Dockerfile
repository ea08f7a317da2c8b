# vpcep-emulator as a production image:
#   docker build -t vpcep-emulator . && docker run -p 9600:9600 -v vpcep-data:/data vpcep-emulator
# Two stages: node:20-bookworm (with python3, make and g++) installs and builds, node:20-bookworm-slim runs
# only the compiled JavaScript, the production dependencies and the migrations, as the non-root node user.

FROM node:20-bookworm AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary when it can, and otherwise compiles from source. node-gyp then
# takes Node's headers from the image (the official images keep them under /usr/local) instead of the
# network, so the build also works where nothing but the npm registry can be reached.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-if-stale.mjs ./scripts/
COPY src ./src
# The project's one build: tsc, and the dashboard's page, scripts and styles copied beside them.
RUN node scripts/build-if-stale.mjs --clean \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj \
      node_modules/better-sqlite3/build/Release/test_extension.node

FROM node:20-bookworm-slim
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="vpcep-emulator" \
      org.opencontainers.image.description="Local emulator of the Open Telekom Cloud VPC Endpoint (VPCEP) API v1" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/node:20-bookworm-slim"
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=9600 VPCEP_DB=/data/vpcep.db LOG_FORMAT=json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE README.md ./
COPY migrations ./migrations
COPY openapi ./openapi
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 9600
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/_emulator/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1: the emulator handles SIGTERM itself (closes the database, exits 0) well within docker stop's 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=2", "dist/server.js"]
