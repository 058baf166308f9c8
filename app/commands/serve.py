"""``daycast serve``: Daycast's models for other programs over the OpenAI API (and Wyoming).

Loopback by default; any other address needs an API key (``python -m engines.secrets set --account
server`` or ``DAYCAST_SERVER_KEY``). Requests queue per model; past ``--queue`` waiting they get 503.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from rich.console import Console

from app.core import settings as settings_mod
from app.core.remote_routes import default_ledger
from app.server.models import ServeOptions
from app.server.run import ServerConfig, is_loopback, serve
from engines.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the models over the OpenAI API (and Wyoming)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="HTTP port of the OpenAI API (default: 8765)")
    parser.add_argument("--wyoming", action="store_true", help="also serve ASR and TTS over Wyoming")
    parser.add_argument("--wyoming-asr-port", type=int, default=10300, help="Wyoming ASR port (default: 10300)")
    parser.add_argument("--wyoming-tts-port", type=int, default=10200, help="Wyoming TTS port (default: 10200)")
    parser.add_argument("--model", help="chat model id (default: the LLM in Settings)")
    parser.add_argument("--asr", help="speech recognition model id (default: the one in Settings)")
    parser.add_argument("--voice", help="default voice, e.g. piper:en_US-joe-medium (default: Settings)")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], help="compute device (default: Settings)")
    parser.add_argument("--n-ctx", type=int, default=4096, help="chat context length (default: 4096)")
    parser.add_argument("--threads", type=int, default=0, help="LLM threads (default: llama.cpp's choice)")
    parser.add_argument("--queue", type=int, default=8, metavar="N",
                        help="requests that may wait per model before the server answers 503 (default: 8)")
    parser.add_argument("--preload", action="store_true", help="load the models before accepting requests")
    parser.add_argument("--tls-cert", default="", metavar="PEM", help="certificate: serve https (with --tls-key)")
    parser.add_argument("--tls-key", default="", metavar="PEM", help="private key of --tls-cert")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    settings = settings_mod.load_and_report(console.print).settings
    options = ServeOptions(
        llm_model=args.model or settings.llm_model, asr_model=args.asr or settings.asr_model,
        default_voice=args.voice or settings.voices.briefing_voice, device=args.device or settings.device,
        n_ctx=args.n_ctx, max_waiting=max(0, args.queue), threads=args.threads,
    )
    config = ServerConfig(host=args.host, port=args.port, wyoming=args.wyoming,
                          wyoming_asr_port=args.wyoming_asr_port, wyoming_tts_port=args.wyoming_tts_port,
                          preload=args.preload, tls_cert=args.tls_cert, tls_key=args.tls_key)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    for flag, value in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key)):
        if value and not Path(value).expanduser().is_file():  # TLS says "No such file" without naming it
            raise UsageError(f"{flag} {value}: no such file", hint="give the PEM files of the certificate and its key")
    where = f"{'https' if args.tls_cert else 'http'}://{args.host}:{args.port}/v1"
    lines = [f"Daycast serves {options.llm_model}, {options.asr_model} and its voices at {where}"]
    if args.wyoming:
        lines.append(f"Wyoming: ASR on tcp://{args.host}:{args.wyoming_asr_port}, "
                     f"TTS on tcp://{args.host}:{args.wyoming_tts_port}")
        if not is_loopback(args.host):
            lines.append("[yellow]![/] Wyoming has no authentication: anyone who reaches these ports can use them")
    serve(config, options, default_ledger(), on_ready=partial(console.print, "\n".join(lines)))
    return 0
