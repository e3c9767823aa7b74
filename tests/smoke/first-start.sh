#!/usr/bin/env bash
# The README's first hour, as a newcomer does it: start the gateway with the given command, wait until it is
# ready, send the README's curl and expect a 202 with status published, then stop it. Run by .ci/run twice:
# `npm start` (tsx) and `node dist/main.js` (after `npm run build`).
#   tests/smoke/first-start.sh npm start
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
setsid "$@" >"$log" 2>&1 &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
ops_port=${KP_OPS_PORT:-9464}
for _ in $(seq 1 90); do
  if curl -fsS "http://127.0.0.1:$ops_port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "first-start: '$*' exited before it was ready:"; tail -20 "$log"; exit 1; fi
  sleep 1
done
answer=$(curl -sS -w '\n%{http_code}' --cert certs-dev/out/gemeente-0384.crt --key certs-dev/out/gemeente-0384.key --cacert certs-dev/out/ca.crt \
  -H 'content-type: application/xml' --data-binary @../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml \
  "https://localhost:${KP_PORT:-8443}/v1/messages")
status=$(tail -n1 <<<"$answer")
if [ "$status" != 202 ] || ! grep -q '"status":"published"' <<<"$answer"; then
  echo "first-start: '$*' answered $status to the README's curl:"; head -n1 <<<"$answer"; tail -20 "$log"; exit 1
fi
echo "first-start: '$*' answered 202 published to the README's curl"
