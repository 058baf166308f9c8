"""No English text reaches a Qt widget without passing through the translation system.

The catalogue test (test_japanese_ui) only sees strings lupdate can find, that is strings already inside
``tr()``/``translate()``; a literal handed straight to ``setText`` never reaches the catalogue and stays English
in the Japanese window. This test reads app/ui and app/kiosk with ``ast`` and reports every string literal
(f-string text included) with an English word that is an argument of a Qt text-setting call, directly or as a
branch of a conditional, ``or``, concatenation or ``%``/``.format`` template, and is not wrapped in
``tr()``/``translate()``/``QT_TRANSLATE_NOOP()``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from engines.paths import PROJECT_ROOT

FOLDERS = ("app/ui", "app/kiosk")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")

# Calls whose arguments are shown to the user: Qt setters and constructors, and this code base's own text
# helpers (page headers, banners, placeholders). Any QMessageBox.* or QFileDialog.* static call counts too.
TEXT_CALLS = frozenset({
    "setText", "setPlaceholderText", "setToolTip", "setWindowTitle", "setStatusTip", "setWhatsThis",
    "setAccessibleName", "setAccessibleDescription", "addItem", "addItems", "insertItem", "insertItems",
    "setItemText", "setTitle", "showMessage", "setHeaderLabels", "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels", "setTabText", "addTab", "insertTab", "addRow", "addMenu", "setLabelText",
    "setSuffix", "setPrefix", "setSpecialValueText", "setFormat",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu", "QMessageBox",
    "QListWidgetItem", "QTableWidgetItem",
    # Daycast's helpers that put their argument on screen
    "PageHeader", "muted", "section", "set_subtitle", "set_placeholder", "show_message",
})
STATIC_TEXT_CLASSES = frozenset({"QMessageBox", "QFileDialog", "QInputDialog"})
TRANSLATORS = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP"})

# Literals that may reach the screen untranslated, each with the reason; matched against the whole literal
# (or the whole constant part of an f-string).
ALLOWED = frozenset({
    "Daycast",  # the product name, the same in every language
    ".json",  # the extension of the file name the Save script dialog suggests
    "gpu-box.example.org, .home.example.org",  # placeholder of the trusted hosts field: example host names
})


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _is_text_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in STATIC_TEXT_CLASSES:
        return True
    return _call_name(call) in TEXT_CALLS


def _bare_strings(node: ast.AST) -> Iterator[ast.Constant]:
    """String constants that reach the call unchanged: through conditionals, ``or``, ``+``, ``%``, f-strings and
    ``"...".format()``, but not through any other call (``tr()`` among them: its argument is translated)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _bare_strings(part.value if isinstance(part, ast.FormattedValue) else part)
    elif isinstance(node, ast.IfExp):
        yield from _bare_strings(node.body)
        yield from _bare_strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _bare_strings(value)
    elif isinstance(node, ast.BinOp):
        yield from _bare_strings(node.left)
        yield from _bare_strings(node.right)
    elif isinstance(node, (ast.List, ast.Tuple)):  # addItems([...]), setHorizontalHeaderLabels([...])
        for element in node.elts:
            yield from _bare_strings(element)
    elif isinstance(node, ast.Call) and _call_name(node) == "format" and isinstance(node.func, ast.Attribute):
        yield from _bare_strings(node.func.value)  # "Made by: {name}".format(...) is English all the same
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            yield from _bare_strings(arg)


def untranslated(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call) or not _is_text_call(node) or _call_name(node) in TRANSLATORS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            for literal in _bare_strings(arg):
                if ENGLISH_WORD.search(literal.value) and literal.value not in ALLOWED:
                    yield literal.lineno, literal.value


def test_the_checker_finds_bare_text_and_accepts_translated_text(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'b.setText("Pause" if playing else self.tr("Play"))\n'
        'QPushButton(self.tr("Join in"))\n'
        'label.setText(f"No answer: {message}")\n'
        'label.setText(self.tr("No answer: {message}").format(message=m))\n'
        'QMessageBox.warning(self, "Oops", QCoreApplication.translate("X", "Bad"))\n'
        'self.setWindowTitle("Daycast")\n'
        'self.bar.setFormat("%p%")\n', encoding="utf-8")
    assert list(untranslated(sample)) == [(1, "Pause"), (3, "No answer: "), (5, "Oops")]


def test_every_ui_string_goes_through_tr() -> None:
    offenders = [f"{path.relative_to(PROJECT_ROOT)}:{line}: {text!r}"
                 for folder in FOLDERS for path in sorted((PROJECT_ROOT / folder).glob("*.py"))
                 for line, text in untranslated(path)]
    assert not offenders, "wrap these in self.tr() / QCoreApplication.translate():\n" + "\n".join(offenders)
