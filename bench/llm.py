"""LLM speed: prompt and generation tok/s for the dense Qwen2.5-1.5B and its upcycled MoE form.

Each model is measured through Daycast (``LlamaCppModel.stream_chat``) and through a bare
llama-cpp-python loop (eval the prompt, then sample and eval one token at a time) on the *same*
loaded model and threads, alternating the two so machine noise hits both alike; the ratio
Daycast/bare is the pipeline's own cost. The KV cache is cleared before every run so prompt
processing is always measured cold. ``python -m bench.llm`` prints a table; ``run()`` returns a dict.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from engines import bundled
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.types import ChatMessage, ChatRequest, ChatResult

MODELS = {"dense": "qwen2.5-1.5b-instruct-q4km", "moe": "qwen2.5-1.5b-moe2x-split-q4km"}
PROMPT = (
    "You are preparing a spoken morning briefing. Here are today's notes: the team stand-up moved to 10:30; "
    "the quarterly report is due on Friday and still needs the revenue table; it will rain in the afternoon, "
    "so the cycling meetup is postponed; the library returns two books tomorrow; a new version of the "
    "calendar app asks everyone to re-link their accounts. Write a friendly, detailed briefing of about "
    "two hundred words that covers every item in order."
)


def _bare(llm: Any, prompt_tokens: list[int], n_gen: int) -> tuple[float, float, int]:
    """(prompt tok/s, generation tok/s, tokens generated) with plain llama-cpp-python calls."""
    llm.reset()
    start = time.perf_counter()
    llm.eval(prompt_tokens)
    prompt_s = time.perf_counter() - start
    start = time.perf_counter()
    made = 0
    for _ in range(n_gen):
        token = llm.sample(temp=0.0, top_k=1)
        if llm.token_eos() == token:
            break
        llm.eval([token])
        made += 1
    gen_s = time.perf_counter() - start
    return len(prompt_tokens) / prompt_s, made / gen_s if made else 0.0, made


def _daycast(model: LlamaCppModel, n_gen: int) -> tuple[float, float, int]:
    """(prompt tok/s, generation tok/s, tokens generated) through stream_chat."""
    model.llama.reset()  # cold prompt, like the bare loop
    request = ChatRequest((ChatMessage("user", PROMPT),), max_tokens=n_gen, temperature=0.0)
    result = next(r for r in model.stream_chat(request) if isinstance(r, ChatResult))
    prompt_rate = result.prompt_tokens / result.first_token_seconds if result.first_token_seconds else 0.0
    gen_s = result.seconds - result.first_token_seconds
    made = max(0, result.completion_tokens - 1)
    return prompt_rate, made / gen_s if gen_s > 0 else 0.0, result.completion_tokens


def _prompt_tokens(model: LlamaCppModel) -> list[int]:
    llm = model.llama
    chat = f"<|im_start|>user\n{PROMPT}<|im_end|>\n<|im_start|>assistant\n"
    return llm.tokenize(chat.encode(), add_bos=False, special=True)


Row = tuple[float, float, int]


def _summary(model: LlamaCppModel, bare: list[Row], ours: list[Row], prompt_tokens: int) -> dict[str, Any]:
    def med(rows: list[Row], index: int) -> float:
        return statistics.median(r[index] for r in rows)

    figures: dict[str, Any] = {"id": model.info.id, "device": model.info.device, "prompt_tokens": prompt_tokens,
                               "generated": int(med(ours, 2))}
    for index, name in ((0, "prompt_tok_s"), (1, "gen_tok_s")):
        daycast, plain = med(ours, index), med(bare, index)
        figures[name] = {"daycast": round(daycast, 1), "bare": round(plain, 1),
                         "ratio": round(daycast / plain, 3) if plain else 0.0}
    return figures


def _measure(models: dict[str, LlamaCppModel], n_gen: int, reps: int) -> dict[str, Any]:
    """Every model through both paths, interleaved rep by rep so load changes hit them all alike."""
    prompts = {kind: _prompt_tokens(model) for kind, model in models.items()}
    bare: dict[str, list[Row]] = {kind: [] for kind in models}
    ours: dict[str, list[Row]] = {kind: [] for kind in models}
    for model in models.values():
        _daycast(model, 4)  # warm-up: page the weights in
    for _ in range(reps):
        for kind, model in models.items():
            bare[kind].append(_bare(model.llama, prompts[kind], n_gen))
            ours[kind].append(_daycast(model, n_gen))
    return {kind: _summary(model, bare[kind], ours[kind], len(prompts[kind])) for kind, model in models.items()}


def _load(model_id: str, threads: int, device: str, repack: bool | None) -> LlamaCppModel:
    model = bundled.require(model_id)
    return LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=1024, n_threads=threads, device=device,
                                     sha256=model.files[0].sha256, license=model.license, repack_weights=repack))


def run(
    n_gen: int = 32, reps: int = 2, device: str = "auto", log: Callable[[str], None] | None = None,
    threads: int = 0, repack: bool | None = None,
) -> dict[str, Any]:
    """Dense vs MoE, each through Daycast and bare; returns the figures (and ratios).

    ``threads`` 0 means every core; on a shared, busy machine 1 thread measures more steadily.
    ``repack`` None lets Daycast choose as it does for users (plain weights on AVX512-VNNI CPUs, see
    ``engines.llm_llamacpp.plain_kernels_preferred``); True puts CPU weights in llama.cpp's repacked
    layouts (its repacked MUL_MAT_ID reads a prompt one token at a time, so the MoE falls to ~0.5x the
    dense model there); False forces the plain kernels.
    """
    threads = threads or os.cpu_count() or 2
    results: dict[str, Any] = {"threads": threads, "n_gen": n_gen, "reps": reps, "repack": repack, "models": {}}
    if log:
        log(f"loading {', '.join(MODELS.values())}")
    models = {kind: _load(model_id, threads, device, repack) for kind, model_id in MODELS.items()}
    try:
        results["models"] = _measure(models, n_gen, reps)
        info = models["moe"].moe_info
        results["models"]["moe"]["experts"] = f"{info.expert_used_count} of {info.expert_count}"
    finally:
        for model in models.values():
            model.close()
    dense, moe = results["models"]["dense"], results["models"]["moe"]
    results["moe_vs_dense"] = {
        "gen_bare": round(moe["gen_tok_s"]["bare"] / dense["gen_tok_s"]["bare"], 3),
        "gen_daycast": round(moe["gen_tok_s"]["daycast"] / dense["gen_tok_s"]["daycast"], 3),
        "prompt_bare": round(moe["prompt_tok_s"]["bare"] / dense["prompt_tok_s"]["bare"], 3),
    }
    return results


def render(results: dict[str, Any], console: Console) -> None:
    kernels = {None: "", True: ", repacked CPU weights", False: ", plain CPU kernels"}[results["repack"]]
    table = Table(title=f"LLM tok/s ({results['threads']} threads, {results['n_gen']} generated tokens, "
                        f"median of {results['reps']}{kernels})", title_justify="left")
    for name in ("model", "device", "prompt Daycast", "prompt bare", "ratio", "gen Daycast", "gen bare", "ratio"):
        table.add_column(name, justify="right" if name != "model" else "left")
    for kind, row in results["models"].items():
        p, g = row["prompt_tok_s"], row["gen_tok_s"]
        table.add_row(f"{kind}: {row['id']}", row["device"], f"{p['daycast']:.1f}", f"{p['bare']:.1f}",
                      f"{p['ratio']:.2f}", f"{g['daycast']:.1f}", f"{g['bare']:.1f}", f"{g['ratio']:.2f}")
    console.print(table)
    r = results["moe_vs_dense"]
    console.print(f"MoE / dense generation: {r['gen_bare']:.2f} (bare), {r['gen_daycast']:.2f} (Daycast); "
                  f"prompt {r['prompt_bare']:.2f} (bare)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.llm", description=__doc__)
    parser.add_argument("--tokens", type=int, default=32, help="tokens to generate per run")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: every core)")
    parser.add_argument("--repack", action=argparse.BooleanOptionalAction, default=None,
                        help="force llama.cpp's repacked CPU weights on or off (default: as Daycast chooses)")
    args = parser.parse_args(argv)
    console = Console()
    figures = run(args.tokens, args.reps, args.device, log=console.print, threads=args.threads,
                  repack=args.repack)
    render(figures, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
