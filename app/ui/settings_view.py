"""Settings: sources, voices, output, audio devices, privacy and cloud, schedule, appearance.

Each control saves its change at once (validated, atomic); nothing waits for an OK button.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import Settings
from app.jobs.voices import known_voices, voice_label
from app.ui.cloud_editor import CloudEditor
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.page_header import PageHeader, muted, section
from app.ui.playback import audio_inputs, audio_outputs
from app.ui.routes_editor import RoutesEditor
from app.ui.schedule_editor import ScheduleEditor
from app.ui.settings_store import SettingsStore
from app.ui.source_list_editor import SourceListEditor

POLICIES = ((QT_TRANSLATE_NOOP("SettingsView", "This computer and my own servers only"), "local_only"),
            (QT_TRANSLATE_NOOP("SettingsView", "This computer first, then my servers, then the cloud"), "local_first"),
            (QT_TRANSLATE_NOOP("SettingsView", "My own servers first, then this computer"), "self_hosted_first"),
            (QT_TRANSLATE_NOOP("SettingsView", "Cloud first, this computer as fallback"), "cloud_first"))
THEMES = ((QT_TRANSLATE_NOOP("SettingsView", "Follow the system"), "system"),
          (QT_TRANSLATE_NOOP("SettingsView", "Light"), "light"), (QT_TRANSLATE_NOOP("SettingsView", "Dark"), "dark"))
LANGUAGES = ((QT_TRANSLATE_NOOP("SettingsView", "Follow the sources"), "auto"), ("English", "en"),
             ("日本語", "ja"))
UI_LANGUAGES = ((QT_TRANSLATE_NOOP("SettingsView", "Follow the system"), "system"), ("English", "en"), ("日本語", "ja"))
DEFAULT_DEVICE = QT_TRANSLATE_NOOP("SettingsView", "System default")


def _card(title: str, *widgets: QWidget, note: str = "") -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(8)
    layout.addWidget(section(title))
    if note:
        layout.addWidget(muted(note))
    for widget in widgets:
        layout.addWidget(widget)
    return frame


def fill_devices(combo: QComboBox, names: list[str], stored: str) -> None:
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(QCoreApplication.translate("SettingsView", DEFAULT_DEVICE), "")
    for name in names:
        combo.addItem(name, name)
    if stored and stored not in names:
        combo.addItem(QCoreApplication.translate("SettingsView", "{name} (not connected)").format(name=stored), stored)
    combo.setCurrentIndex(max(0, combo.findData(stored)))
    combo.blockSignals(False)


class SettingsView(QWidget):
    theme_changed = Signal(str)

    def __init__(self, store: SettingsStore, parent: QWidget | None = None, **injected: Any) -> None:
        super().__init__(parent)
        self.store = store
        s = store.settings
        self.header = PageHeader(self.tr("Settings"), self.tr("Changes are saved as you make them."))
        self.message = QLabel(store.load_message)
        self.message.setProperty("role", "warning")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Settings file message"))
        self.message.setVisible(bool(store.load_message))
        self.sources = SourceListEditor(s.sources, pick_files=injected.get("pick_files"),
                                        pick_folder=injected.get("pick_folder"))
        self.voice = QComboBox()
        self.voice.setAccessibleName(self.tr("Briefing voice"))
        for spec, label in known_voices():
            self.voice.addItem(label, spec)
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0.5, 2.0)
        self.speed.setSingleStep(0.05)
        self.speed.setSuffix("×")
        self.speed.setAccessibleName(self.tr("Speaking speed"))
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 30)
        self.minutes.setSingleStep(0.5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Briefing length in minutes"))
        for spin in (self.speed, self.minutes):
            spin.setMaximumWidth(160)
        self.output_dir = QLineEdit()
        self.output_dir.setAccessibleName(self.tr("Output folder"))
        self.output_dir.setPlaceholderText(str(s.resolved_output_dir()))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setAccessibleName(self.tr("Choose the output folder"))
        self.input_device = QComboBox()
        self.input_device.setAccessibleName(self.tr("Microphone"))
        self.output_device = QComboBox()
        self.output_device.setAccessibleName(self.tr("Speakers or headphones"))
        self.privacy = QCheckBox(self.tr(
            "Privacy mode: nothing goes to the cloud (only this computer and your own servers)"))
        self.privacy.setAccessibleName(self.tr("Privacy mode"))
        self.policy = QComboBox()
        self.policy.setAccessibleName(self.tr("Model routing policy"))
        for label, value in POLICIES:
            self.policy.addItem(self.tr(label), value)
        self.cloud = CloudEditor(s.cloud, key_saver=injected.get("key_saver"))
        self.routes = RoutesEditor(s.routes, s.trusted_hosts, key_saver=injected.get("route_key_saver"))
        self.schedule = ScheduleEditor(s.schedule, installer=injected.get("installer"))
        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Theme"))
        for label, value in THEMES:
            self.theme.addItem(self.tr(label), value)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of briefings, podcasts and the assistant"))
        for label, value in LANGUAGES:
            self.language.addItem(self.tr(label), value)
        self.ui_language = QComboBox()
        self.ui_language.setAccessibleName(self.tr("Language of the window"))
        for label, value in UI_LANGUAGES:
            self.ui_language.addItem(self.tr(label), value)
        self._layout()
        self.refresh(s)
        self._connect()

    def _layout(self) -> None:
        voices = QFormLayout()
        voices.addRow(self.tr("Briefing voice"), self.voice)
        voices.addRow(self.tr("Speed"), self.speed)
        voices.addRow(self.tr("Briefing length"), self.minutes)
        voices_box = QWidget()
        voices_box.setLayout(voices)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_dir, 1)
        out_row.addWidget(self.browse)
        out_box = QWidget()
        out_box.setLayout(out_row)
        devices = QFormLayout()
        devices.addRow(self.tr("Microphone"), self.input_device)
        devices.addRow(self.tr("Speakers"), self.output_device)
        devices_box = QWidget()
        devices_box.setLayout(devices)
        privacy = QFormLayout()
        privacy.addRow(self.privacy)
        privacy.addRow(self.tr("Which models answer"), self.policy)
        privacy_box = QWidget()
        privacy_box.setLayout(privacy)
        theme = QFormLayout()
        theme.addRow(self.tr("Theme"), self.theme)
        theme_box = QWidget()
        theme_box.setLayout(theme)
        languages = QFormLayout()
        languages.addRow(self.tr("Speech and writing"), self.language)
        languages.addRow(self.tr("Window"), self.ui_language)
        languages_box = QWidget()
        languages_box.setLayout(languages)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(14)
        column.addWidget(self.header)
        column.addWidget(self.message)
        column.addWidget(_card(self.tr("Sources"), self.sources, note=self.tr(
            "Feeds, calendar files (.ics), notes, PDFs and saved pages; folders are read whole.")))
        column.addWidget(_card(self.tr("Voice"), voices_box))
        column.addWidget(_card(self.tr("Output folder"), out_box, note=self.tr(
            "Briefings and episodes are saved here; History lists them.")))
        column.addWidget(_card(self.tr("Audio devices"), devices_box, note=self.tr(
            "Stored by name, so a device is found again after it is unplugged and plugged back.")))
        column.addWidget(_card(self.tr("Privacy and cloud"), privacy_box, self.cloud))
        column.addWidget(_card(self.tr("Your servers and cloud routes"), self.routes, note=self.tr(
            "OpenAI-compatible servers for the language model, speech recognition and voices: vLLM, llama-server, "
            "another Daycast (`daycast serve`). `daycast devices` shows which one served what.")))
        column.addWidget(_card(self.tr("Daily schedule"), self.schedule, note=self.tr(
            "While Daycast runs it prepares the briefing itself; the user timer also does it while Daycast is "
            "closed.")))
        column.addWidget(_card(self.tr("Language"), languages_box, note=self.tr(
            "Briefings, podcasts and the assistant speak English or Japanese; \"Follow the sources\" picks the "
            "language the sources are written in. The window's language applies the next time Daycast starts.")))
        column.addWidget(_card(self.tr("Appearance"), theme_box))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll

    def _connect(self) -> None:
        st = self.store
        self.sources.changed.connect(lambda items: st.update(sources=items))
        self.voice.currentIndexChanged.connect(
            lambda _i: st.update_section("voices", briefing_voice=self.voice.currentData()))
        self.speed.editingFinished.connect(lambda: st.update_section("voices", speed=round(self.speed.value(), 2)))
        self.minutes.editingFinished.connect(lambda: st.update(briefing_minutes=self.minutes.value()))
        self.output_dir.editingFinished.connect(lambda: st.update(output_dir=self.output_dir.text().strip()))
        self.browse.clicked.connect(self._browse)
        self.input_device.currentIndexChanged.connect(
            lambda _i: st.update(input_device=self.input_device.currentData() or ""))
        self.output_device.currentIndexChanged.connect(
            lambda _i: st.update(output_device=self.output_device.currentData() or ""))
        self.privacy.toggled.connect(lambda on: st.update(privacy_mode=on))
        self.policy.currentIndexChanged.connect(lambda _i: st.update(policy=self.policy.currentData()))
        self.cloud.changed.connect(lambda fields: st.update_section("cloud", **fields))
        self.routes.changed.connect(lambda fields: st.update(**fields))
        self.schedule.changed.connect(lambda text: st.update(schedule=text))
        self.theme.currentIndexChanged.connect(self._theme)
        self.language.currentIndexChanged.connect(lambda _i: st.update(language=self.language.currentData()))
        self.ui_language.currentIndexChanged.connect(lambda _i: st.update(ui_language=self.ui_language.currentData()))
        st.changed.connect(self.refresh)

    def refresh(self, s: Settings) -> None:
        """Show ``s`` without re-saving it (signals blocked while filling)."""
        widgets = (self.voice, self.speed, self.minutes, self.output_dir, self.privacy, self.policy, self.theme,
                   self.language, self.ui_language)
        for widget in widgets:
            widget.blockSignals(True)
        self.sources.set_sources(s.sources)
        if self.voice.findData(s.voices.briefing_voice) < 0:
            self.voice.addItem(voice_label(s.voices.briefing_voice), s.voices.briefing_voice)
        self.voice.setCurrentIndex(self.voice.findData(s.voices.briefing_voice))
        self.speed.setValue(s.voices.speed)
        self.minutes.setValue(s.briefing_minutes)
        if not self.output_dir.hasFocus():
            self.output_dir.setText(s.output_dir)
        self.privacy.setChecked(s.privacy_mode)
        self.policy.setCurrentIndex(max(0, self.policy.findData(s.policy)))
        self.cloud.setEnabled(not s.privacy_mode)  # the policy still orders this computer and your own servers
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(s.ui_language)))
        for widget in widgets:
            widget.blockSignals(False)
        fill_devices(self.input_device, audio_inputs(), s.input_device)
        fill_devices(self.output_device, audio_outputs(), s.output_device)
        self.cloud.set_cloud(s.cloud)
        self.routes.set_routes(s.routes, s.trusted_hosts)
        if self.schedule.text() != s.schedule:
            self.schedule.set_text(s.schedule)

    def _browse(self) -> None:
        start = self.output_dir.text() or str(self.store.settings.resolved_output_dir())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), start)
        if chosen:
            self.output_dir.setText(chosen)
            self.store.update(output_dir=str(Path(chosen)))

    def _theme(self, _index: int) -> None:
        value = self.theme.currentData()
        if self.store.update(theme=value):
            self.theme_changed.emit(value)

    def show_sources(self) -> None:
        self.scroll_area.ensureWidgetVisible(self.sources)
        self.sources.list.setFocus(Qt.FocusReason.OtherFocusReason)
