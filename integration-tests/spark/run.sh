#!/usr/bin/env bash
# Runs the Spark suite: pyspark 4.3.0 in local mode reading and writing a 3-node aerolite through
# the connector jar, offline. Needs the jar (`gradle --no-daemon :java-shim:jar`) and the aerolite
# release binary; the venv (integration-tests/spark/.venv) is made here by scripts/lib.sh.
# Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
SPARK_VENV="$ROOT/integration-tests/spark/.venv"
ensure_venv "$SPARK_VENV" "$ROOT/integration-tests/spark/requirements.txt"
cd "$ROOT/integration-tests/spark"
# spark-submit (used by the Java example's test) and pyspark's launcher come from the venv.
export PATH="$SPARK_VENV/bin:$PATH"
# Offline and loopback only: Spark binds its driver to 127.0.0.1 instead of the host's address.
export SPARK_LOCAL_IP=127.0.0.1
exec "$SPARK_VENV/bin/python" -m pytest "$@"
