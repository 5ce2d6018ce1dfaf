# One image for every Arrears process (docker-compose.yml): the gateway (GraphQL API + the built admin
# app, the default command), the worker (apps/gateway/dist/worker.main.js) and migrate (tools/cli/dist/migrate.js).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
COPY . .
# Dependency install scripts are reviewed in package.json `allowScripts` (.npmrc: strict-allow-scripts).
RUN npm ci --no-audit --no-fund
RUN npx nx run-many -t build --projects=@arrears/gateway,@arrears/cli,@arrears/admin

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/gateway/dist/main.js"]
