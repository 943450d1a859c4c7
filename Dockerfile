# Auction Lab with the classroom session server, for any host with Docker.
#   docker build -t auction-lab .
#   docker run -p 4173:4173 -v auction-lab-sessions:/data auction-lab
# The command is the one the tests start (src/server/serve.ts through scripts/run-node.mjs); room logs live in
# the /data volume, so a restarted container resumes every room. The server bundle (esbuild) is made on first start,
# into node_modules/.cache/auction-lab.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node node_modules/vite/bin/vite.js build \
  && mkdir -p node_modules/.cache/auction-lab /data/sessions \
  && chown -R node:node node_modules/.cache /data
ENV HOST=0.0.0.0 PORT=4173 SESSION_LOG_DIR=/data/sessions DIST_DIR=/app/dist NODE_ENV=production
VOLUME /data
EXPOSE 4173
USER node
CMD ["node", "scripts/run-node.mjs", "src/server/serve.ts"]
