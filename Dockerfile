# syntax=docker/dockerfile:1
# huquq's image: the API (default) or the worker (command: node dist/apps/worker/src/main.js).
# test/deploy/production-install.e2e-spec.ts runs the run stage's steps outside Docker.

# Build: every dependency (TypeScript, @types/node), then the compiled JavaScript in dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# Run: production dependencies only (npm's cache stays out of the image: a cache mount),
# the build output, the dashboard's static files.
FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY libs/reports/src/dashboard ./libs/reports/src/dashboard
# Not root: the process owns nothing it could change but what it is given.
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# node itself, not npm or a shell, so SIGTERM reaches it; run with an init (compose's
# `init: true`, or `docker run --init`) so orphans are reaped and signals are forwarded.
CMD ["node", "dist/apps/api/src/main.js"]
