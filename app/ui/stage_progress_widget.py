"""One row per pipeline stage: its name, a progress bar and what it is doing now."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from app.ui.i18n import QT_TRANSLATE_NOOP

STAGE_LABELS = {
    "load": QT_TRANSLATE_NOOP("StageProgressWidget", "Loading models"),
    "import": QT_TRANSLATE_NOOP("StageProgressWidget", "Reading sources"),
    "speak": QT_TRANSLATE_NOOP("StageProgressWidget", "Writing and speaking"),
    "summarise": QT_TRANSLATE_NOOP("StageProgressWidget", "Summarising items"),
    "condense": QT_TRANSLATE_NOOP("StageProgressWidget", "Condensing documents"),
    "voices": QT_TRANSLATE_NOOP("StageProgressWidget", "Loading voices"),
    "wait": QT_TRANSLATE_NOOP("StageProgressWidget", "Waiting"),
    "download": QT_TRANSLATE_NOOP("StageProgressWidget", "Downloading"),
    "script": QT_TRANSLATE_NOOP("StageProgressWidget", "Writing the script"),
    "synthesize": QT_TRANSLATE_NOOP("StageProgressWidget", "Voicing lines"),
    "tts": QT_TRANSLATE_NOOP("StageProgressWidget", "Voicing lines"),
    "mix": QT_TRANSLATE_NOOP("StageProgressWidget", "Mixing"),
    "master": QT_TRANSLATE_NOOP("StageProgressWidget", "Loudness"),
    "export": QT_TRANSLATE_NOOP("StageProgressWidget", "Saving files"),
    "add": QT_TRANSLATE_NOOP("StageProgressWidget", "Adding the source"),
    "fetch": QT_TRANSLATE_NOOP("StageProgressWidget", "Fetching sources"),
    "episode": QT_TRANSLATE_NOOP("StageProgressWidget", "Opening the episode"),
    "listen": QT_TRANSLATE_NOOP("StageProgressWidget", "Listening"),
    "asr": QT_TRANSLATE_NOOP("StageProgressWidget", "Transcribing"),
    "llm": QT_TRANSLATE_NOOP("StageProgressWidget", "Writing the answer"),
    "turn": QT_TRANSLATE_NOOP("StageProgressWidget", "Answering"),
    "warm": QT_TRANSLATE_NOOP("StageProgressWidget", "Warming up"),
    "attract": QT_TRANSLATE_NOOP("StageProgressWidget", "Recording the attract clip"),
}


def stage_label(stage: str) -> str:
    known = STAGE_LABELS.get(stage)
    return QCoreApplication.translate("StageProgressWidget", known) if known else stage.replace("_", " ").capitalize()


class StageProgressWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Progress by stage"))
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(6)
        self._grid.setColumnStretch(1, 1)
        self.rows: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        self._done: set[str] = set()  # not read back from the label: "done in 3.2 s" is translated

    def reset(self) -> None:
        for widgets in self.rows.values():
            for widget in widgets:
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.rows.clear()
        self._done.clear()

    def _row(self, stage: str) -> tuple[QLabel, QProgressBar, QLabel]:
        if stage not in self.rows:
            name = QLabel(stage_label(stage))
            bar = QProgressBar()
            bar.setAccessibleName(self.tr("{stage} progress").format(stage=stage_label(stage)))
            bar.setRange(0, 0)
            bar.setTextVisible(False)
            bar.setMaximumHeight(10)
            detail = QLabel("")
            detail.setProperty("role", "muted")
            detail.setMinimumWidth(260)
            row = len(self.rows)
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(bar, row, 1)
            self._grid.addWidget(detail, row, 2)
            self.rows[stage] = (name, bar, detail)
        return self.rows[stage]

    def start(self, stage: str, message: str) -> None:
        _, bar, detail = self._row(stage)
        bar.setRange(0, 0)
        detail.setText(_elide(message))

    def progress(self, stage: str, done: float, total: float, message: str) -> None:
        _, bar, detail = self._row(stage)
        if total > 0:
            bar.setRange(0, 1000)
            bar.setValue(int(1000 * min(1.0, done / total)))
        if message:
            detail.setText(_elide(message))

    def finish(self, stage: str, seconds: float) -> None:
        _, bar, detail = self._row(stage)
        bar.setRange(0, 1)
        bar.setValue(1)
        detail.setText(self.tr("done in {seconds} s").format(seconds=f"{seconds:.1f}"))
        self._done.add(stage)

    def complete_all(self) -> None:
        """The run finished: stages that never reported their end are done too."""
        for stage, (_, bar, detail) in self.rows.items():
            if bar.maximum() == 0 or bar.value() < bar.maximum():
                bar.setRange(0, 1)
                bar.setValue(1)
            if stage not in self._done:
                detail.setText(self.tr("done"))

    def stop_all(self, text: str) -> None:
        """Freeze unfinished rows with ``text`` (cancelled or failed)."""
        for _, bar, detail in self.rows.values():
            if bar.maximum() == 0 or bar.value() < bar.maximum():
                bar.setRange(0, 1)
                bar.setValue(0)
                detail.setText(text)


def _elide(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
