#!/usr/bin/env bash
# Start the machine's PostgreSQL cluster if it is not accepting connections.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  exit 0
fi
echo "PostgreSQL 未运行，正在启动……"
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 1
done
echo "PostgreSQL 启动失败" >&2
exit 1
