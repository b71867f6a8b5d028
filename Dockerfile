# syntax=docker/dockerfile:1
# The production example (examples/production) as an image: `docker compose up --build`.

# --- build: compile the library and the examples with the dev toolchain -------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.examples.json ./
COPY src ./src
COPY examples ./examples
RUN npx tsc -p tsconfig.build.json && npx tsc -p tsconfig.examples.json

# --- runtime: production dependencies and compiled JavaScript only -------------------------
FROM node:20-slim
ENV NODE_ENV=production \
    MCP_TRANSPORT=http \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8000 \
    MCP_ALLOWED_HOSTS=localhost,127.0.0.1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The OpenTelemetry SDK and OTLP exporter of examples/production/tracing.ts: the example's
# choice, so dev dependencies of the library; the whole scope has no dependency outside it.
COPY --from=build /app/node_modules/@opentelemetry ./node_modules/@opentelemetry
# package.json stays: the examples import 'mcp-decorators', which resolves to ./dist through it.
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-examples ./dist-examples

# The image's `node` user (uid 1000): the server never runs as root, and cannot write its code.
USER node
EXPOSE 8000

# Liveness through Node's own fetch: slim images have no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MCP_PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node as PID 1 receives SIGTERM from `docker stop` directly: in-flight calls finish, then it exits 0.
CMD ["node", "dist-examples/examples/production/main.js"]
