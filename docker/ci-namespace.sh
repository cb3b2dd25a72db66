#!/usr/bin/env bash
# The part of docker/ci-test.sh that runs inside its namespaces (as root): a Docker daemon of its
# own, the image built on the Debian base, the container with host networking, the demo job and the
# check. Arguments: the work directory (holding rootfs.tar), the Python with the Aerospike client,
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

rm -rf "$WORK/docker-root"
dockerd --bridge=none --iptables=false --ip6tables=false --data-root "$WORK/docker-root" \
  --exec-root "$EXEC" -H "unix://$EXEC/docker.sock" --pidfile "$EXEC/dockerd.pid" >"$WORK/dockerd.log" 2>&1 &
DOCKERD=$!
export DOCKER_HOST="unix://$EXEC/docker.sock"
finish() {
  docker rm -f aerohadoop-ci >/dev/null 2>&1 || true
  kill "$DOCKERD" 2>/dev/null || true
  wait "$DOCKERD" 2>/dev/null || true
  rm -rf "$WORK/docker-root" 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
docker info >/dev/null || { cat "$WORK/dockerd.log"; exit 1; }

start=$SECONDS
docker import "$WORK/rootfs.tar" aerohadoop-base:bookworm >/dev/null
docker build --quiet --build-arg BASE_IMAGE=aerohadoop-base:bookworm -t aerohadoop:ci \
  "$ROOT/docker/build/context" >/dev/null
echo "image built in $((SECONDS - start)) s"

start=$SECONDS
docker run -d --name aerohadoop-ci --network host aerohadoop:ci >/dev/null
for _ in $(seq 1 180); do
  docker logs aerohadoop-ci 2>&1 | grep -q '^aerohadoop ready' && break
  docker inspect -f '{{.State.Running}}' aerohadoop-ci | grep -q true || break
  sleep 1
done
if ! docker logs aerohadoop-ci 2>&1 | grep '^aerohadoop ready'; then
  docker logs aerohadoop-ci 2>&1 | tail -n 50
  exit 1
fi
echo "Hadoop and aerolite ready in $((SECONDS - start)) s"

start=$SECONDS
if ! docker exec aerohadoop-ci wordcount-demo >"$WORK/wordcount.log" 2>&1; then
  tail -n 60 "$WORK/wordcount.log"
  exit 1
fi
grep -E 'Job job_[0-9_]+ completed successfully|Launched (map|reduce) tasks' "$WORK/wordcount.log" | sed 's/^.*INFO *//'
echo "WordCount on the container's YARN in $((SECONDS - start)) s"
"$PYTHON" "$ROOT/examples/demo/top_words.py" --seeds 127.0.0.1:3000 --text "$ROOT/examples/data/sample.txt"
