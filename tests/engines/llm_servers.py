"""Servers for the LLM client and router tests.

``LlamaServer``: a REAL ``llama_cpp.server`` subprocess on loopback serving SmolLM2 (the "cloud"),
with an API key. Requests are counted from its own uvicorn access log, which uvicorn writes before
the response headers, so a count read after a reply is exact.

``MemoryKeyring``: a fake keyring backend.

``small_smollm2``: SmolLM2 in-process with a 256-token context, so "too long for the local model"
is real and cheap (use it as a module fixture).

``FakeOpenAIServer``: a tiny in-process HTTP server that answers with scripted OpenAI-protocol replies
(a 400 context_length_exceeded body, 5xx, 401, a stream cut off mid-answer, a usage chunk): failure
shapes a real server cannot be made to produce on demand. No model runs in it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.serving import wait_serving

SMALL_CTX = 256


def small_smollm2() -> Iterator[object]:
    from engines import bundled
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=SMALL_CTX, n_threads=1,
                                    sha256=model.files[0].sha256, license=model.license))
    yield llm
    llm.close()


_ACCESS = re.compile(r'"(GET|POST|PUT|DELETE|PATCH) (\S+) HTTP/[\d.]+" (\d+)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"


@dataclass
class LlamaServer:
    model_path: Path
    log_path: Path
    n_ctx: int = 8192
    alias: str = "smol-cloud"
    api_key: str = field(default_factory=lambda: "srv-" + secrets.token_hex(12))
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout_s: float = 90.0) -> None:
        cmd = [
            sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path), "--model_alias", self.alias,
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(self.n_ctx), "--n_threads", "1",
            "--n_threads_batch", "1", "--logits_all", "False",  # one thread: far faster on a shared, busy CPU
            "--api_key", self.api_key, "--interrupt_requests", "False",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        headers = {"Authorization": f"Bearer {self.api_key}"}

        def answers() -> bool:
            try:
                return httpx.get(f"{self.base_url}/models", headers=headers, timeout=1.0).status_code == 200
            except httpx.HTTPError:
                return False

        if wait_serving(self.proc, answers, timeout_s):
            return
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not start:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def hits(self) -> Counter[str]:
        """Requests the server answered, as "METHOD path" -> count (readiness polls excluded)."""
        found = Counter(f"{m.group(1)} {m.group(2)}" for m in _ACCESS.finditer(self.log()))
        found.pop("GET /v1/models", None)
        return found

    def chats(self) -> int:
        return self.hits()["POST /v1/chat/completions"]


Reply = Callable[[BaseHTTPRequestHandler, dict], None]


def sse(handler: BaseHTTPRequestHandler, chunks: list[dict | str], *, done: bool = True) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for chunk in chunks:
        data = chunk if isinstance(chunk, str) else json.dumps(chunk)
        handler.wfile.write(f"data: {data}\n\n".encode())
        handler.wfile.flush()
    if done:
        handler.wfile.write(b"data: [DONE]\n\n")
    handler.wfile.flush()


def delta(text: str, finish: str | None = None) -> dict:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


def error_body(handler: BaseHTTPRequestHandler, status: int, body: dict | str) -> None:
    raw = (body if isinstance(body, str) else json.dumps(body)).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(raw)))
    handler.end_headers()
    handler.wfile.write(raw)


class FakeOpenAIServer:
    """Scripted OpenAI-protocol replies on loopback; ``reply`` decides each answer; ``seen`` records requests."""

    def __init__(self, reply: Reply, *, keep_alive: bool = False) -> None:
        self.reply = reply
        self.seen: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if self.path.endswith("/chat/completions") or "chat/completions" in self.path:
                    owner.reply(self, body)
                else:
                    error_body(self, 404, {"detail": "Not Found"})
                self.close_connection = self.close_connection or not keep_alive

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class MemoryKeyring(KeyringBackend):
    """A fake OS keyring (none can exist in this container): a dict in memory."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("no such password")
        del self.store[(service, username)]
