"""A Wyoming client from the ``wyoming`` package (what Home Assistant uses) against ``daycast serve --wyoming``."""

from __future__ import annotations

import asyncio

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeVoice

from engines.metrics import word_error_rate
from tests.server.daycast_server import ASR, DaycastServer

TEXT = "The swimming pool opens at seven and closes at nine."


async def _describe(port: int) -> Info:
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Describe().event())
        event = await client.read_event()
        assert event is not None and Info.is_type(event.type), event
        return Info.from_event(event)


async def _synthesize(port: int, text: str, voice: str) -> tuple[bytes, int]:
    pcm, rate = b"", 0
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Synthesize(text=text, voice=SynthesizeVoice(name=voice)).event())
        while (event := await client.read_event()) is not None:
            if AudioStart.is_type(event.type):
                rate = AudioStart.from_event(event).rate
            elif AudioChunk.is_type(event.type):
                pcm += AudioChunk.from_event(event).audio
            elif AudioStop.is_type(event.type):
                break
            else:
                raise AssertionError(f"unexpected {event.type}: {event.data}")
    return pcm, rate


async def _transcribe(port: int, pcm: bytes, rate: int) -> str:
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcribe(language="en").event())
        await client.write_event(AudioStart(rate=rate, width=2, channels=1).event())
        for offset in range(0, len(pcm), 4096):
            chunk = AudioChunk(rate=rate, width=2, channels=1, audio=pcm[offset:offset + 4096])
            await client.write_event(chunk.event())
        await client.write_event(AudioStop().event())
        event = await client.read_event()
        assert event is not None and Transcript.is_type(event.type), event
        return Transcript.from_event(event).text


def test_wyoming_describe_synthesise_and_transcribe(server: DaycastServer) -> None:
    tts_info = asyncio.run(_describe(server.tts_port))
    voices = {v.name for v in tts_info.tts[0].voices}
    assert "piper:en_US-joe-medium" in voices and any(v.startswith("kokoro:") for v in voices)
    asr_info = asyncio.run(_describe(server.asr_port))
    assert asr_info.asr[0].models[0].name == ASR and asr_info.asr[0].models[0].languages == ["en"]

    pcm, rate = asyncio.run(_synthesize(server.tts_port, TEXT, "piper:en_US-joe-medium"))
    assert rate == 22050 and 2.0 < len(pcm) / 2 / rate < 8.0
    heard = asyncio.run(_transcribe(server.asr_port, pcm, rate))
    assert word_error_rate(TEXT.replace("seven", "7").replace("nine", "9"),
                           heard.replace("seven", "7").replace("nine", "9")) <= 0.2, heard

    served = {(r["engine"], r["task"]) for r in server.ledger.rows()}
    assert {("tts", "serve"), ("asr", "serve")} <= served
