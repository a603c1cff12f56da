#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379 (for the task-queue tests); install it when absent.
set -euo pipefail
up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
up && exit 0
if ! command -v redis-server >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
mkdir -p /var/lib/redis /var/log/redis
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
  --dir /var/lib/redis --logfile /var/log/redis/migis-test.log
for _ in $(seq 1 30); do up && exit 0; sleep 0.5; done
echo "Redis did not start on 127.0.0.1:6379" >&2
exit 1
