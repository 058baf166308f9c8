"""A REAL ``daycast serve`` subprocess on loopback, for the server, route and end-to-end tests.

Its own data and config folders (its ledger is separate from the client's); the shared model store.
``start`` waits on ``/v1/models`` answering (or the process dying), never on a fixed sleep.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from engines.ledger import Ledger
from engines.paths import PROJECT_ROOT
from tests.engines.llm_servers import free_port

SMOL = "smollm2-135m-instruct-q4_1"
ASR = "whisper-tiny.en-ct2"
VOICE = "piper:en_US-joe-medium"
SERVER_KEY = "test-server-key-4242"


@dataclass
class DaycastServer:
    home: Path
    models_dir: Path
    extra: tuple[str, ...] = ()
    env_extra: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    asr_port: int = field(default_factory=free_port)
    tts_port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def log_path(self) -> Path:
        return self.home / "serve.log"

    @property
    def ledger(self) -> Ledger:
        return Ledger(self.home / "data" / "ledger.sqlite3")

    def env(self) -> dict[str, str]:
        return {**os.environ, "DAYCAST_HOME": str(self.home / "data"), "DAYCAST_CONFIG": str(self.home / "config"),
                "DAYCAST_CACHE": str(self.home / "cache"), "DAYCAST_MODELS": str(self.models_dir),
                "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1", **self.env_extra}

    def command(self) -> list[str]:
        return [sys.executable, "-m", "app.cli", "serve", "--host", self.host, "--port", str(self.port),
                "--wyoming", "--wyoming-asr-port", str(self.asr_port), "--wyoming-tts-port", str(self.tts_port),
                "--model", SMOL, "--asr", ASR, "--voice", VOICE, "--n-ctx", "2048", "--threads", "1", *self.extra]

    def start(self, timeout_s: float = 90.0) -> DaycastServer:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=self.env(),
                                         cwd=PROJECT_ROOT)
        for _ in range(int(timeout_s / 0.1)):
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1.0, headers=self.headers()).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            try:  # waits on the process: returns at once (and fails) when it died
                self.proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            break
        self.stop()
        raise RuntimeError(f"daycast serve did not start:\n{self.log()[-3000:]}")

    def headers(self) -> dict[str, str]:
        key = self.env_extra.get("DAYCAST_SERVER_KEY")
        return {"Authorization": f"Bearer {key}"} if key else {}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
