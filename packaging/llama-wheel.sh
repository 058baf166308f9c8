#!/usr/bin/env bash
# Install llama-cpp-python into a virtualenv from a wheel built once per machine and kept outside the
# checkout (~/.cache/daycast/wheels), so a fresh clone installs it in seconds instead of compiling it.
# Usage: packaging/llama-wheel.sh PYTHON VERSION
set -euo pipefail
py=$1
version=$2
args="-DGGML_NATIVE=ON"
if [ "$(uname -m)" = x86_64 ]; then
  # AMX needs the hypervisor's consent, which /proc/cpuinfo does not show: a VM can list amx_* and still
  # fault on the first tile instruction (SIGILL in ggml_backend_amx_mul_mat). Everything else stays native.
  noamx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  args="$args -DCMAKE_C_FLAGS='$noamx' -DCMAKE_CXX_FLAGS='$noamx'"
fi
# A native build fits only CPUs like this one: the CPU's name and flags are part of the key.
key=$({ echo "$version $args"; grep -m1 '^model name' /proc/cpuinfo || true; grep -m1 '^flags' /proc/cpuinfo || true; } \
      | sha256sum | cut -c1-16)
cache="${DAYCAST_WHEELS:-${XDG_CACHE_HOME:-$HOME/.cache}/daycast/wheels}/llama-cpp-python-$version-$key"
if ! compgen -G "$cache/llama_cpp_python-*.whl" >/dev/null; then
  echo "Compiling llama-cpp-python $version once for this machine (about 6 minutes on 2 cores)"
  rm -rf "$cache.partial"
  mkdir -p "$cache.partial"
  CMAKE_ARGS="$args" "$py" -m pip wheel -q --no-deps --no-cache-dir --no-binary llama-cpp-python \
    -w "$cache.partial" "llama-cpp-python==$version"
  mv "$cache.partial" "$cache"
fi
"$py" -m pip install -q --no-deps --force-reinstall "$cache"/llama_cpp_python-*.whl
