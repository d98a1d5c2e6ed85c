# syntax=docker/dockerfile:1
# One image for the worker and the gateway (compose picks the command).
# Install scripts are skipped: the prepare script provisions the local Temporal CLI, which
# containers never use (they talk to the Temporal service), and native packages ship
# prebuilt binaries for linux-x64-gnu.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY docker/tsconfig.build.json ./docker/
COPY domain ./domain
COPY runtime ./runtime
COPY cloud ./cloud
COPY recorders ./recorders
COPY activities ./activities
COPY workflows ./workflows
COPY worker ./worker
COPY client ./client
# Compile, then bundle the workflows once (with the encoding failure converter inside),
# so workers start without webpack and all run the very same workflow code.
RUN npx tsc -p docker/tsconfig.build.json \
 && node dist/worker/build-bundle.js dist/workflow-bundle.js

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/worker/main.js"]
