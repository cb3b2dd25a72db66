#!/usr/bin/env bash
# CI test of the Docker image (docs/docker.md): builds a base image from Debian's packages (no image
# registry is reachable here), checks docker/compose.yaml (Debian's docker-compose), builds the image
# on that base and starts it through the compose file (host networking) inside a network namespace
# that has only loopback, submits the stock WordCount with -libjars to the container's YARN
# (wordcount-demo), checks every count against the text with the demo's own checker, and takes the
# service down. The namespace is also a PID namespace: dockerd, containerd and the container end with it.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

WORK="$ROOT/docker/build/ci"
mkdir -p "$WORK"
if ! command -v dockerd >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v docker-compose >/dev/null; then
  log "installing docker.io, docker-compose and mmdebstrap (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose mmdebstrap >/dev/null
fi
ensure_venv

log "building the image's context (Hadoop's jars, the connector, aerolite)"
gradle --no-daemon --quiet :docker:context

# A minimal Debian with Java 17, from the Debian mirror; kept between runs of one checkout.
if [ ! -f "$WORK/rootfs.tar" ] || [ ! -s "$WORK/rootfs.tar" ]; then
  log "building the base image's root file system with mmdebstrap"
  # mmdebstrap picks the output's format from its name: keep the .tar ending on the partial file.
  rm -rf "$WORK/rootfs.part.tar"
  as_root mmdebstrap --quiet --variant=minbase --include=ca-certificates,openjdk-17-jre-headless,procps \
    bookworm "$WORK/rootfs.part.tar"
  mv "$WORK/rootfs.part.tar" "$WORK/rootfs.tar"
fi

log "docker build and run, in a loopback-only network namespace"
EXEC="$(mktemp -d /tmp/ahd.XXXX)"
status=0
as_root unshare --net --pid --fork --mount --mount-proc --kill-child \
  bash "$ROOT/docker/ci-namespace.sh" "$WORK" "$VENV/bin/python" "$EXEC" || status=$?
as_root rm -rf "$EXEC" "$WORK/docker-root"
exit "$status"
