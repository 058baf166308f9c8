"""Documents (or an edited script) to a finished episode: script → voices → mix → export.

``run_podcast`` is a generator of pipeline events ending in ``Finished(EpisodeResult)``. The
render keeps a journal and a segment cache in the output's job folder, so a stopped run resumes
where it was and an edited script re-voices only the turns that changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import astuple, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.core.audio.encode import format_for
from app.core.events import (
    QT_TRANSLATE_NOOP,
    Finished,
    Notice,
    PipelineEvent,
    Stage,
    StageFinished,
    StageStarted,
    notice,
    stage_started,
)
from app.core.notices import language_notice, reading_stage, writing_stage
from app.core.podcast import dialogue
from app.core.podcast import script as script_mod
from app.core.podcast.export import EpisodeResult, ExportRequest, export_episode
from app.core.podcast.mix import MixOptions, episode_seconds, mix_episode
from app.core.podcast.plan import BRIEF_CAP_S, format_minutes
from app.core.podcast.render import (
    Journal,
    Prerenderer,
    RenderJob,
    Segment,
    SegmentAudio,
    Voice,
    job_dir,
    load_segments,
    plan_segments,
    render_segments,
    script_sha,
)
from app.core.podcast.script import Host, Script, Turn
from app.core.podcast.writer import DEFAULT_HOSTS, ScriptOptions, generate_script
from app.core.remote_routes import metered_tts
from app.core.sources.load import load_sources
from app.core.trust.disclosure import MODES, DisclosureMode, disclosure_text
from app.core.trust.voices import resolve, voice_provenance
from engines import language
from engines.cancel import NEVER, CancelToken
from engines.errors import DaycastError, NoSourcesError, UsageError
from engines.fsutil import atomic_write_text, check_writable
from engines.protocols import LanguageModel
from engines.tts import load_tts

__all__ = ["EpisodeResult", "PodcastEngines", "PodcastRequest", "ensure_disclosure", "run_podcast",
           "run_podcast_script", "tts_loader"]

VoiceLoader = Callable[[str], Voice]
_JOB_SCRIPT = "written-script.json"


@dataclass(frozen=True)
class PodcastRequest:
    """One episode to make. Either ``inputs`` (documents) or ``from_script`` (an edited script)."""

    out: Path
    inputs: tuple[Path, ...] = ()
    minutes: float = 5.0
    title: str = ""
    hosts: tuple[Host, Host] | None = None
    """Names, voices and speeds; None keeps the script's (or the defaults for a new script)."""
    script_out: Path | None = None
    from_script: Path | None = None
    formats: tuple[str, ...] = ()
    """Extra audio formats beside ``out``'s own: ".m4a", ".opus"…"""
    feed_dir: Path | None = None
    feed_url: str = ""
    """Where the feed folder is published (``Settings.feed_url``): the feed's links become web addresses."""
    disclosure: DisclosureMode = "full"
    language: str = "auto"
    """"en", "ja" or "auto" (the documents' language when clear, else English)."""
    channels: int = 2
    chapters: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    format: str = "deep-dive"
    """deep-dive | brief | critique | debate."""
    focus: str = ""
    """What to emphasise, who the audience is."""
    prerender: bool | None = None
    """Speak finished chapters while the next ones are written (the render then reuses them). None: only
    when the model does not write on this CPU (see :func:`prerender_pays`)."""


@dataclass
class PodcastEngines:
    """The LLM (only needed to write a script) and a loader from voice spec to a loaded voice."""

    load_voice: VoiceLoader
    llm: LanguageModel | None = None


def tts_loader(device: str = "auto") -> VoiceLoader:
    """Load voices with ``engines.tts.load_tts`` (engines shared between hosts that use one model); each
    voice's use goes to the usage ledger."""
    def load(spec: str) -> Voice:
        tts, name = load_tts(spec, device=device)
        return Voice(metered_tts(tts, name, task="podcast"), name, spec)

    return load


def normalise_formats(out: Path, formats: tuple[str, ...]) -> tuple[str, ...]:
    """".mp3"-style extensions, checked before any work; ``out``'s own format first."""
    format_for(out)
    wanted = [out.suffix.lower()]
    for item in formats:
        ext = "." + item.strip().lower().lstrip(".")
        if ext != "." and ext not in wanted:
            format_for(Path(f"episode{ext}"))
            wanted.append(ext)
    return tuple(wanted[1:])


def ensure_disclosure(script: Script, disclosure: DisclosureMode) -> tuple[Script, bool]:
    """The episode must open with the spoken AI disclosure; put it back if an edit removed it."""

    texts = [disclosure_text(mode, lang) for mode in MODES for lang in language.LANGUAGES]
    if any(_first_line(script).startswith(text) for text in texts):
        return script, False
    chapter = script.chapters[0]
    speaker = script.hosts[0].name
    turns = (Turn(speaker, disclosure_text(disclosure, spoken_language(script))), *chapter.turns)
    return replace(script, chapters=(replace(chapter, turns=turns), *script.chapters[1:])), True


def spoken_language(script: Script) -> str:
    """The language the episode opens in, for its disclosure and tags (a hand-written script may not say)."""
    return "ja" if script.language == "ja" or language.has_japanese(_first_line(script)) else "en"


def _first_line(script: Script) -> str:
    return script.chapters[0].turns[0].text if script.chapters and script.chapters[0].turns else ""


def _hosts_for_language(hosts: tuple[Host, Host], lang: str) -> tuple[Host, Host]:
    """Hosts whose voice cannot speak ``lang`` (Piper's English voice, for Japanese) get a Japanese Kokoro one."""
    roles = ("host_a", "host_b")
    changed = [replace(h, voice=language.voice_for(lang, h.voice, role)) for h, role in zip(hosts, roles, strict=True)]
    return changed[0], changed[1]


def prerender_pays(llm: LanguageModel | None) -> bool:
    """Whether speaking chapters while the model writes saves time: when the model runs on a GPU or a
    server. On the CPU the two fight for the same cores, and llama.cpp's threads stall whenever one of
    them is preempted: a 10-minute episode of a 45,000-character document took 541 s with both at once
    and 421 s in turn (2-core CPU, default models; the script alone 479 s against 269 s)."""
    if llm is None:  # no script to write
        return False
    info = llm.info
    return info.route != "local" or info.device not in ("cpu", "")


def run_podcast(
    request: PodcastRequest, engines: PodcastEngines, cancel: CancelToken | None = None
) -> Iterator[PipelineEvent]:
    cancel = cancel or NEVER
    out = check_writable(request.out)
    formats = normalise_formats(out, request.formats)
    if request.channels not in (1, 2):
        raise UsageError(f"channels must be 1 (mono) or 2 (stereo), not {request.channels}")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    voices: dict[str, Voice] = {}
    prerender: Prerenderer | None = None
    wanted = request.prerender if request.prerender is not None else prerender_pays(engines.llm)
    if request.from_script is None and request.inputs and wanted:
        early = request.hosts or DEFAULT_HOSTS
        voices = yield from _load_voices(early, engines.load_voice)
        prerender = Prerenderer(early, voices, job_dir(out), cancel)
    try:
        script = yield from _script(request, engines, cancel, timings, out, prerender)
    except BaseException:
        if prerender is not None:
            prerender.stop()
        raise
    fresh = frozenset[str]()
    if prerender is not None:
        t0 = time.perf_counter()
        fresh = prerender.finish()
        timings["tts_wait"] = time.perf_counter() - t0
        timings["tts_beside_script"] = prerender.busy_seconds
    if request.hosts is not None:
        script = script.with_hosts(request.hosts)
    script, restored = ensure_disclosure(script, request.disclosure)
    if restored:
        yield notice("podcast.disclosure_restored", QT_TRANSLATE_NOOP("Notice", "The script did not open with "
                     "the AI-voice disclosure; it was put back as the first line (it can be shortened in settings, "
                     "not removed)."))
    if script.hosts[0].voice == script.hosts[1].voice:
        yield notice("podcast.same_voice", QT_TRANSLATE_NOOP("Notice", "Both hosts speak with {voice}; listeners "
                     "will not tell them apart. Give them different voices (--voices A,B)."),
                     voice=script.hosts[0].voice)
    script_path = _save_script(request, script, out)
    folder = job_dir(out)
    if {h.name: h.voice for h in script.hosts} != {n: v.spec for n, v in voices.items()}:
        voices = yield from _load_voices(script.hosts, engines.load_voice)
    job = RenderJob(script, voices, folder, out, fresh)
    t0 = time.perf_counter()
    yield from render_segments(job, cancel)
    timings["tts"] = time.perf_counter() - t0

    yield stage_started(Stage.MIX, QT_TRANSLATE_NOOP("Notice", "Mixing, loudness and watermark"))
    t0 = time.perf_counter()
    fitted, rendered = yield from _fit_brief(job, request)
    if fitted is not script:
        script, script_path = fitted, _save_script(request, fitted, out)
    mixdown = mix_episode(script, rendered, MixOptions(channels=request.channels), cancel)
    timings["mix"] = time.perf_counter() - t0
    yield StageFinished(Stage.MIX, timings["mix"], {"lufs": round(mixdown.lufs, 2),
                                                "true_peak_dbtp": round(mixdown.true_peak, 2)})
    journal = Journal(folder)
    journal.load()
    journal.set_state("exporting")
    yield writing_stage(out)
    t0 = time.perf_counter()
    export = replace(_export_request(request, script, out, formats, timings),
                     models=_models(script, voices, engines), script_path=script_path)
    result = export_episode(script, mixdown, export, cancel)
    timings["export"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    journal.set_state("done", duration=round(result.duration, 3))
    yield StageFinished(Stage.EXPORT, timings["export"], {"duration": round(result.duration, 2)})
    off = length_notice(request, result.duration)
    if off is not None:
        yield off
    coverage = script.extra.get("coverage", [])
    yield Finished(replace(result, timings=dict(timings),
                           coverage=tuple(coverage) if isinstance(coverage, list) else ()))


def _fit_brief(job: RenderJob, request: PodcastRequest) -> Generator[
        PipelineEvent, None, tuple[Script, list[tuple[Segment, SegmentAudio]]]]:
    """The script and its rendered turns, cut to fit when a brief runs over two minutes whatever the voice's
    pace: its last topic lines are left out (intro and wrap-up stay) until it fits. Each try re-plans the
    segments of the shorter script (their chapter indices change) on the audio already loaded."""
    script, rendered = job.script, load_segments(job)
    if request.format != "brief":
        return script, rendered
    options = MixOptions(channels=request.channels)
    seconds = long = episode_seconds(rendered, options)
    audio = {segment.key: made for segment, made in rendered}
    while seconds > BRIEF_CAP_S and (shorter := script.without_last_topic_line()) is not None:
        script = shorter
        rendered = [(segment, audio[segment.key]) for segment in plan_segments(script, job.voices)]
        seconds = episode_seconds(rendered, options)
    if script is not job.script:
        left_out = sum(1 for _ in job.script.turns()) - sum(1 for _ in script.turns())
        yield notice("podcast.brief_cut", QT_TRANSLATE_NOOP("Notice", "The brief ran {long:.0f} s; its last "
                     "{left_out} line(s) were left out to keep it under two minutes ({seconds:.0f} s)."),
                     level="info", long=long, left_out=left_out, seconds=seconds)
    return script, rendered


def length_notice(request: PodcastRequest, duration: float) -> Notice | None:
    """The rendered episode against the asked minutes (±15%), when the script was written for them."""
    if request.from_script is not None and not request.inputs:
        return None
    asked = format_minutes(request.format, request.minutes)
    if abs(duration / 60 - asked) <= 0.15 * asked:
        return None
    return notice("podcast.length", QT_TRANSLATE_NOOP("Notice", "The episode is {minutes:.1f} minutes long, not "
                  "the {asked:g} asked (the sources or the model's script fell outside ±15%)."), level="info",
                  minutes=duration / 60, asked=asked)


def _export_request(request: PodcastRequest, script: Script, out: Path, formats: tuple[str, ...],
                    timings: dict[str, float]) -> ExportRequest:
    """What the exporter records: settings, prompts and the script's hash go into the provenance."""
    return ExportRequest(
        out=out, disclosure=disclosure_text(request.disclosure, spoken_language(script)), models=(), formats=formats,
        feed_dir=request.feed_dir, feed_url=request.feed_url, chapters=request.chapters,
        settings={**request.settings, "minutes": request.minutes, "channels": request.channels,
                  "format": request.format, "focus": request.focus,
                  "coverage": script.extra.get("coverage", []),
                  "disclosure": request.disclosure, "formats": [out.suffix, *formats],
                  "hosts": _host_provenance(script)},
        timings=timings, prompts={"dialogue_system": dialogue.system_prompt(
            "Daycast", _names(script), dialogue.Style(request.format, request.focus)),
                                  "source_rule": dialogue.SOURCE_RULE},
        script_sha256=script_sha(script),
    )


def _host_provenance(script: Script) -> list[dict[str, Any]]:
    return [{"name": h.name, "speed": h.speed, "voice": voice_provenance(h.voice)} for h in script.hosts]


def _names(script: Script) -> tuple[str, str]:
    return script.hosts[0].name, script.hosts[1].name


def _script(request: PodcastRequest, engines: PodcastEngines, cancel: CancelToken,
            timings: dict[str, float], out: Path,
            prerender: Prerenderer | None = None) -> Generator[PipelineEvent, None, Script]:
    if request.from_script is not None:
        script = script_mod.load(request.from_script)
        yield notice("podcast.from_script", QT_TRANSLATE_NOOP("Notice", "Using the script {path} ({words} words, "
                     "about {minutes:.1f} minutes)"), level="info", path=request.from_script,
                     words=script.word_count, minutes=script.estimated_minutes())
        return script
    if not request.inputs:
        raise UsageError("Nothing to talk about", hint="pass documents or folders, or --from-script script.json")
    if engines.llm is None:
        raise UsageError("Writing a script needs a language model")

    yield reading_stage(len(request.inputs))
    t0 = time.perf_counter()
    imported = load_sources(list(request.inputs), day=date.today(), cancel=cancel)
    for problem in imported.problems:
        yield Notice(problem.code, str(problem))
    documents = [*imported.documents, *imported.events]
    if not documents:
        raise NoSourcesError("No usable input: every file was missing, empty or unreadable",
                             hint="pass PDFs, Markdown, text, saved HTML pages, feeds or folders of them")
    timings["import"] = time.perf_counter() - t0
    yield StageFinished(Stage.IMPORT, timings["import"], {"documents": len(documents)})
    choice = language.choose(request.language, (f"{d.title}\n{d.text[:2000]}" for d in documents))
    yield language_notice(choice, "episode")
    hosts = _hosts_for_language(request.hosts or DEFAULT_HOSTS, choice.lang)
    options = ScriptOptions(minutes=request.minutes, title=request.title, hosts=hosts,
                            disclosure=request.disclosure, format=request.format, focus=request.focus,
                            language=choice.lang)
    key = _script_key(documents, options, engines.llm)
    saved = _saved_script(job_dir(out), key)
    if saved is not None:
        yield notice("podcast.script_reused", QT_TRANSLATE_NOOP("Notice", "Reusing the script written for these "
                     "documents by the earlier, interrupted run (delete the job folder to write a new one)"),
                     level="info")
        return saved
    t0 = time.perf_counter()
    written: Script | None = None
    sink = prerender.submit if prerender is not None else None
    for event in generate_script(documents, engines.llm, options, cancel, on_chapter=sink):
        if isinstance(event, Finished):
            written = event.result
        else:
            yield event
    timings["script"] = time.perf_counter() - t0
    if written is None:  # generate_script always finishes with a script; this guards a broken stub
        raise UsageError("The script writer stopped without a script")
    atomic_write_text(job_dir(out) / _JOB_SCRIPT, json.dumps({"key": key, "script": script_mod.to_dict(written)}))
    return written


def _script_key(documents: list[Any], options: ScriptOptions, llm: LanguageModel) -> str:
    """What a written script depends on: the documents' text, the options and the model."""
    payload = json.dumps({
        "documents": [[d.title, d.text, d.source] for d in documents],
        "options": [options.minutes, options.title, [list(astuple(h)) for h in options.hosts], options.disclosure,
                    options.format, options.focus],
        "model": llm.info.id,
    }, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _saved_script(folder: Path, key: str) -> Script | None:
    """The script an interrupted run wrote for the same documents, so a resumed render matches it."""
    try:
        saved = json.loads((folder / _JOB_SCRIPT).read_text(encoding="utf-8"))
        return script_mod.from_dict(saved["script"]) if saved.get("key") == key else None
    except (OSError, ValueError, KeyError, TypeError, DaycastError):
        return None


def _save_script(request: PodcastRequest, script: Script, out: Path) -> Path | None:
    """The editable script beside the episode (or where asked); an input script is never overwritten."""
    target = request.script_out
    if target is None:
        if request.from_script is not None:
            return request.from_script
        target = out.with_suffix(".script.json")
    atomic_write_text(target, script_mod.to_json(script))
    return target


def _load_voices(
    hosts: tuple[Host, ...], load_voice: VoiceLoader
) -> Generator[PipelineEvent, None, dict[str, Voice]]:

    yield StageStarted(Stage.VOICES, ", ".join(f"{h.name}: {h.voice}" for h in hosts))
    for host in hosts:
        resolve(host.voice)  # only bundled, catalog or consented voices speak; checked before loading
    t0 = time.perf_counter()
    voices = {host.name: load_voice(host.voice) for host in hosts}
    yield StageFinished(Stage.VOICES, time.perf_counter() - t0)
    return voices


def _models(script: Script, voices: dict[str, Voice], engines: PodcastEngines) -> tuple[Any, ...]:
    models = [voices[h.name].tts.info for h in script.hosts]
    if engines.llm is not None and script.models:
        models.insert(0, engines.llm.info)
    return tuple(dict.fromkeys(models))


def run_podcast_script(request: PodcastRequest, script: Script, engines: PodcastEngines,
                       cancel: CancelToken | None = None) -> Iterator[PipelineEvent]:
    """:func:`run_podcast` for a script already in memory (saved to ``request.script_out`` first)."""
    target = request.script_out or Path(request.out).with_suffix(".script.json")
    check_writable(request.out)
    atomic_write_text(target, script_mod.to_json(script))
    yield from run_podcast(replace(request, from_script=target, script_out=None), engines, cancel)

