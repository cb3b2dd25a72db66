#!/usr/bin/env bash
# The part of docker/ci-test.sh that runs inside its namespaces (as root): a Docker daemon of its
# own, the compose file checked, the image built and its container started through it (docker/compose.yaml:
# host networking, the base image as a build argument), the demo job and the check. Arguments: the work directory (holding rootfs.tar), the Python with the Aerospike client,
# an empty directory for the daemon's sockets (a short path: unix socket paths are limited).
set -euo pipefail
WORK="$1"
PYTHON="$2"
EXEC="$3"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ip link set lo up
# The client Debian's docker.io installs with dockerd (another `docker` may come first on PATH).
DOCKER_CLI="$(PATH=/usr/bin:$PATH command -v docker)"
docker() { "$DOCKER_CLI" "$@"; }
COMPOSE_FILE="$ROOT/docker/compose.yaml"
# Debian's docker-compose (Compose 1.29, the Compose Specification format); with the Debian CLI
# first on PATH should it build through the CLI.
compose() { PATH=/usr/bin:$PATH docker-compose --ansi never -f "$COMPOSE_FILE" "$@"; }

rm -rf "$WORK/docker-root"
dockerd --bridge=none --iptables=false --ip6tables=false --data-root "$WORK/docker-root" \
  --exec-root "$EXEC" -H "unix://$EXEC/docker.sock" --pidfile "$EXEC/dockerd.pid" >"$WORK/dockerd.log" 2>&1 &
DOCKERD=$!
export DOCKER_HOST="unix://$EXEC/docker.sock"
finish() {
  compose down --timeout 5 >/dev/null 2>&1 || true
  docker rm -f aerohadoop >/dev/null 2>&1 || true
  kill "$DOCKERD" 2>/dev/null || true
  wait "$DOCKERD" 2>/dev/null || true
  rm -rf "$WORK/docker-root" 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
docker info >/dev/null || { cat "$WORK/dockerd.log"; exit 1; }

# The compose file as Compose reads it: the service, its build (context beside the file, the base
# image argument from the environment) and host networking.
export BASE_IMAGE=aerohadoop-base:bookworm
config="$(compose config)"
for want in 'context: '"$ROOT"'/docker/build/context' 'BASE_IMAGE: aerohadoop-base:bookworm' \
    'network_mode: host' 'container_name: aerohadoop' 'image: aerohadoop:latest'; do
  grep -qF "$want" <<<"$config" || { echo "compose config lacks '$want':"; echo "$config"; exit 1; }
done
echo "compose file valid ($(docker-compose version --short))"

start=$SECONDS
docker import "$WORK/rootfs.tar" aerohadoop-base:bookworm >/dev/null
compose build --quiet >"$WORK/compose-build.log" 2>&1 || { tail -n 40 "$WORK/compose-build.log"; exit 1; }
echo "image built in $((SECONDS - start)) s"

start=$SECONDS
compose up -d >"$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log"; exit 1; }
[ "$(docker inspect -f '{{.HostConfig.NetworkMode}} {{.Config.Image}}' aerohadoop)" = "host aerohadoop:latest" ] ||
  { echo "compose started: $(docker inspect -f '{{.HostConfig.NetworkMode}} {{.Config.Image}}' aerohadoop)"; exit 1; }
for _ in $(seq 1 180); do
  docker logs aerohadoop 2>&1 | grep -q '^aerohadoop ready' && break
  docker inspect -f '{{.State.Running}}' aerohadoop | grep -q true || break
  sleep 1
done
if ! docker logs aerohadoop 2>&1 | grep '^aerohadoop ready'; then
  docker logs aerohadoop 2>&1 | tail -n 50
  exit 1
fi
echo "Hadoop and aerolite ready in $((SECONDS - start)) s"

start=$SECONDS
if ! docker exec aerohadoop wordcount-demo >"$WORK/wordcount.log" 2>&1; then
  tail -n 60 "$WORK/wordcount.log"
  exit 1
fi
grep -E 'Job job_[0-9_]+ completed successfully|Launched (map|reduce) tasks' "$WORK/wordcount.log" | sed 's/^.*INFO *//'
echo "WordCount on the container's YARN in $((SECONDS - start)) s"
"$PYTHON" "$ROOT/examples/demo/top_words.py" --seeds 127.0.0.1:3000 --text "$ROOT/examples/data/sample.txt"

# The service stops and its container goes with it.
compose down --timeout 30 >"$WORK/compose-down.log" 2>&1 || { cat "$WORK/compose-down.log"; exit 1; }
if [ -n "$(docker ps -aq --filter name=aerohadoop)" ]; then
  echo "compose down left: $(docker ps -a --filter name=aerohadoop)"
  exit 1
fi
echo "compose down removed the container"
