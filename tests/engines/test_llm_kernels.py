"""Which llama.cpp CPU weight layout Daycast chooses: plain weights on AVX512-VNNI CPUs (faster prompts
there, no second copy of the weights, and no AMX buffer type), llama.cpp's repacked layouts elsewhere."""

from __future__ import annotations

from engines.llm_llamacpp import plain_kernels_preferred

SAPPHIRE = ("CPU : SSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | AVX512 = 1 | AVX512_VNNI = 1 | AMX_INT8 = 1 | "
            "REPACK = 1 |")
AVX2_ONLY = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | AVX512_VNNI = 0 | REPACK = 1 |"


def test_plain_weights_on_avx512_vnni_or_amx_cpus() -> None:
    assert plain_kernels_preferred(SAPPHIRE)
    assert plain_kernels_preferred("CPU : AVX2 = 1 | AMX_INT8 = 1 |")


def test_repacked_weights_where_the_cpu_has_neither() -> None:
    assert not plain_kernels_preferred(AVX2_ONLY)
    assert not plain_kernels_preferred("")
