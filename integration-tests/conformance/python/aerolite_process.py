"""Starts and stops one aerolite process for the conformance suite.

aerolite prints `aerolite ready 127.0.0.1:P0,127.0.0.1:P1,...` once every node accepts
connections; the seeds come from that line, so free ports (`--port 0`) need no guessing.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
READY_PREFIX = "aerolite ready "


def aerolite_binary() -> Path:
    """The aerolite executable: $AEROLITE_BIN, else the release build of this checkout."""
    override = os.environ.get("AEROLITE_BIN")
    path = Path(override) if override else REPO_ROOT / "target" / "release" / "aerolite"
    if not path.is_file():
        raise FileNotFoundError(
            f"aerolite binary not found at {path}; run `cargo build --release -p aerolite` "
            "or set AEROLITE_BIN"
        )
    return path


class AeroliteProcess:
    """One aerolite cluster (1..N nodes) running as a child process."""

    def __init__(self, nodes: int, replication_factor: int, log_path: Path,
                 extra_args: tuple[str, ...] = ()):
        self.nodes = nodes
        self.replication_factor = replication_factor
        self.log_path = log_path
        self.extra_args = extra_args
        self.hosts: list[tuple[str, int]] = []
        self._proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 30.0) -> "AeroliteProcess":
        cmd = [
            str(aerolite_binary()),
            "--nodes", str(self.nodes),
            "--port", "0",
            "--replication-factor", str(self.replication_factor),
            "--control",
            *self.extra_args,
        ]
        self._log = open(self.log_path, "wb")
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._log)
        line = self._read_ready_line(timeout)
        self.hosts = [
            (host, int(port))
            for host, port in (seed.rsplit(":", 1) for seed in line.split(","))
        ]
        if len(self.hosts) != self.nodes:
            self.stop()
            raise RuntimeError(f"aerolite announced {len(self.hosts)} nodes, expected {self.nodes}")
        return self

    def _read_ready_line(self, timeout: float) -> str:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + timeout
        buf = b""
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or self._proc.poll() is not None:
                self.stop()
                raise RuntimeError(
                    f"aerolite did not report ready within {timeout}s; see {self.log_path}"
                )
            ready, _, _ = select.select([self._proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self._proc.stdout.fileno(), 4096)
                if not chunk:
                    continue
                buf += chunk
        line = buf.split(b"\n", 1)[0].decode()
        if not line.startswith(READY_PREFIX):
            self.stop()
            raise RuntimeError(f"unexpected first line from aerolite: {line!r}")
        return line[len(READY_PREFIX):].strip()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout is not None:
            proc.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None
