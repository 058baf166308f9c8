"""Models page downloads: progress while bytes arrive, then installed and verified; cancel keeps nothing
installed. The "catalog" here lists a file served from 127.0.0.1 (a generated file, no network)."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engines.paths import assets_dir

SIZE = 6 * 1024 * 1024


class _SlowHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder in small pieces, so progress (and a cancel) happen mid-transfer."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            self.server.sent.wait(0.01)  # an Event never set: a 10 ms pause per piece

    def log_message(self, *_: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, *_: Any) -> None:
        pass  # a client that cancels mid-transfer resets the connection: expected here


@pytest.fixture
def local_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    payload = os.urandom(SIZE)
    served = tmp_path / "served"
    served.mkdir()
    (served / "tiny.gguf").write_bytes(payload)
    handler = lambda *a, **k: _SlowHandler(*a, directory=str(served), **k)  # noqa: E731
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.sent = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    assets = tmp_path / "assets"
    shutil.copytree(assets_dir(), assets, ignore=shutil.ignore_patterns("demo", "*.png"))
    entry = {
        "id": "tiny-test-model", "role": "llm", "architecture": "dense", "backend": "llama.cpp",
        "title": "Tiny test model (served locally)", "license": "MIT", "source": "test",
        "params_total_b": 0.01, "params_active_b": 0.01, "context_length": 2048,
        "files": [{"name": "model.gguf", "url": f"http://127.0.0.1:{server.server_address[1]}/tiny.gguf",
                   "sha256": hashlib.sha256(payload).hexdigest(), "size": SIZE}],
        "ram_gb": 0.1, "vram_gb": 0.1,
    }
    catalog = json.loads((assets / "models.json").read_text())
    catalog["models"] = [entry]
    (assets / "models.json").write_text(json.dumps(catalog))
    monkeypatch.setenv("DAYCAST_ASSETS", str(assets))
    monkeypatch.setenv("DAYCAST_MODELS", str(tmp_path / "models"))
    yield entry
    server.shutdown()


def _select(models: Any, model_id: str) -> None:
    row = next(i for i, r in enumerate(models.rows) if r.id == model_id)
    models.models_table.selectRow(row)


def test_download_shows_progress_and_installs_the_verified_file(qtbot: Any, window: Any, local_catalog: dict,
                                                                tmp_path: Path) -> None:
    models = window.models
    window.show_page(3)
    qtbot.waitUntil(lambda: models.loaded and any(r.id == "tiny-test-model" for r in models.rows), timeout=60_000)
    _select(models, "tiny-test-model")
    assert models.download_button.isEnabled()
    seen: list[float] = []
    worker = models.download_selected()
    worker.progress.connect(lambda _s, done, total, _m: seen.append(done / total))
    qtbot.waitUntil(lambda: not worker.running, timeout=120_000)
    assert "Installed and verified" in models.download_status.text(), models.download_status.text()
    assert any(0 < f < 1 for f in seen) and seen[-1] == 1.0
    target = tmp_path / "models" / "tiny-test-model" / "model.gguf"
    assert target.stat().st_size == SIZE
    qtbot.waitUntil(lambda: any(r.id == "tiny-test-model" and r.installed for r in models.rows), timeout=60_000)


def test_cancelled_download_installs_nothing(qtbot: Any, window: Any, local_catalog: dict, tmp_path: Path) -> None:
    models = window.models
    window.show_page(3)
    qtbot.waitUntil(lambda: models.loaded and any(r.id == "tiny-test-model" for r in models.rows), timeout=60_000)
    _select(models, "tiny-test-model")
    worker = models.download_selected()
    qtbot.waitUntil(lambda: models.download_bar.value() > 0, timeout=60_000)
    models._selection_changed()  # another row clicked meanwhile: still one download, its Cancel still live
    assert not models.download_button.isEnabled() and models.download_selected() is None
    assert models.cancel_button.isEnabled()
    models.cancel_button.click()
    qtbot.waitUntil(lambda: not worker.running, timeout=60_000)
    assert "cancelled" in models.download_status.text().lower()
    assert not (tmp_path / "models" / "tiny-test-model" / "model.gguf").exists()


@pytest.fixture
def unverified_catalog(local_catalog: dict[str, Any]) -> dict[str, Any]:
    """The same served file, listed without a SHA-256 (as the catalog's Whisper and Piper voices are)."""
    assets = Path(os.environ["DAYCAST_ASSETS"])
    catalog = json.loads((assets / "models.json").read_text())
    del catalog["models"][0]["files"][0]["sha256"]
    (assets / "models.json").write_text(json.dumps(catalog))
    return local_catalog


def test_an_unverified_model_is_downloaded_only_once_the_user_accepts_it(qtbot: Any, window: Any,
                                                                         unverified_catalog: dict,
                                                                         tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    models = window.models
    window.show_page(3)
    qtbot.waitUntil(lambda: models.loaded and any(r.id == "tiny-test-model" for r in models.rows), timeout=60_000)
    row = next(i for i, r in enumerate(models.rows) if r.id == "tiny-test-model")
    assert models.models_table.item(row, models.models_table.columnCount() - 1).text() == "Available, unverified"
    _select(models, "tiny-test-model")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:  # the user's click on the real (modal) dialog
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        dialog.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    assert models.download_selected() is None
    assert "no recorded checksum" in models.download_status.text() and "cannot check" in asked[0]
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    worker = models.download_selected()
    qtbot.waitUntil(lambda: not worker.running, timeout=120_000)
    assert models.download_status.text() == "Installed, unverified: no checksum is recorded for it."
    assert (tmp_path / "models" / "tiny-test-model" / "model.gguf").stat().st_size == SIZE
