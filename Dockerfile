# The gateway image. Build tools are needed once for better-sqlite3's native module.
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV KP_HOST=0.0.0.0 KP_OPS_HOST=0.0.0.0
EXPOSE 8443 9464
CMD ["node", "--import", "tsx", "main.ts"]
