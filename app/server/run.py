"""Bind and run the servers: the OpenAI API on ``host:port`` and, with ``wyoming``, the Wyoming ports.

Loopback by default. Any other address serves the network, so the HTTP API then needs an API key:
``DAYCAST_SERVER_KEY`` or the keyring entry ``daycast``/``server`` (``python -m engines.secrets set
--account server``). Without one the server refuses to start. Wyoming has no authentication in its
protocol, so on a non-loopback address its ports are opened only when asked for explicitly.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from dataclasses import dataclass
from functools import partial

import anyio.to_thread
import uvicorn
from wyoming.server import AsyncTcpServer

from app.server.models import ServedModels, ServeOptions
from app.server.openai_api import build_app
from app.server.wyoming_api import AsrHandler, TtsHandler
from engines import secrets
from engines.errors import UsageError
from engines.router import UsageSink

log = logging.getLogger(__name__)

KEY_ACCOUNT = "server"
KEY_ENV = "DAYCAST_SERVER_KEY"


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    wyoming: bool = False
    wyoming_asr_port: int = 10300
    wyoming_tts_port: int = 10200
    preload: bool = False
    tls_cert: str = ""
    tls_key: str = ""
    """PEM files: serve https, so clients may send their key over the network (they refuse plain http)."""


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def server_key(host: str) -> str | None:
    """The API key clients must send; None on loopback without one. Refuses any other bind without a key."""
    key = secrets.get_api_key(secrets.SERVICE, KEY_ACCOUNT, KEY_ENV)
    if key is None and not is_loopback(host):
        raise UsageError(
            f"Refusing to serve on {host} without an API key: other machines could use your models",
            hint=f"store one with `python -m engines.secrets set --account {KEY_ACCOUNT}` or set {KEY_ENV}; "
                 "or serve on 127.0.0.1",
            code="server.no_api_key",
        )
    return key


def serve(config: ServerConfig, options: ServeOptions, ledger: UsageSink | None,
          on_ready: partial[None] | None = None) -> None:
    """Run until interrupted (SIGINT/SIGTERM stop uvicorn, which then stops the Wyoming servers)."""
    key = server_key(config.host)
    served = ServedModels(options, ledger)
    try:
        if config.preload:
            served.preload()
        asyncio.run(_run(config, served, key, on_ready))
    finally:
        served.close()


async def _run(config: ServerConfig, served: ServedModels, key: str | None, on_ready: partial[None] | None) -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()  # shared by both APIs on this loop
    limiter.total_tokens = max(limiter.total_tokens, served.thread_demand())
    http = uvicorn.Server(uvicorn.Config(build_app(served, key), host=config.host, port=config.port,
                                         log_level="warning", access_log=False, timeout_graceful_shutdown=5,
                                         ssl_certfile=config.tls_cert or None, ssl_keyfile=config.tls_key or None))
    wyoming: list[AsyncTcpServer] = []
    if config.wyoming:
        for port, handler in ((config.wyoming_asr_port, AsrHandler), (config.wyoming_tts_port, TtsHandler)):
            server = AsyncTcpServer(config.host, port)
            await server.start(partial(handler, served))
            wyoming.append(server)
    task = asyncio.create_task(http.serve())
    while not http.started and not task.done():
        await asyncio.sleep(0.05)
    if http.started and on_ready is not None:
        on_ready()
    try:
        await task
    finally:
        for server in wyoming:
            with contextlib.suppress(Exception):
                await server.stop()
