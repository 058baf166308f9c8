"""A minimal PDF writer for tests: real text-based PDFs built object by object, no binary fixtures.

Each page shows its lines in Helvetica (WinAnsi encoding), so pypdf's text extraction returns them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


def _pdf_string(text: str) -> bytes:
    """A PDF literal string: parentheses and backslashes escaped, non-ASCII as octal WinAnsi codes."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _content_stream(lines: Sequence[str]) -> bytes:
    ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"72 720 Td"]
    for line in lines:
        ops.append(_pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def _assemble(objects: list[bytes], root: int, info: int | None) -> bytes:
    """Objects numbered from 1 in list order; builds the xref table with exact byte offsets."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % (len(objects) + 1))
    out.write(b"0000000000 65535 f \n")
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_pdf(pages: Sequence[Sequence[str] | str], *, title: str | None = None, draw_only: bool = False) -> bytes:
    """A PDF with one page per item (a string or a list of lines).

    ``draw_only`` makes pages that paint a rectangle and carry no text, like a scanned page.
    """
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects: list[bytes] = [b"", b"", font]  # catalog and page tree are filled in once the pages exist
    kids = []
    for page in pages:
        lines = [page] if isinstance(page, str) else list(page)
        stream = b"0.5 0.5 0.5 rg 72 72 400 600 re f" if draw_only else _content_stream(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = None
    if title is not None:
        objects.append(b"<< /Title " + _pdf_string(title) + b" /CreationDate (D:20260301093000Z) >>")
        info = len(objects)
    return _assemble(objects, root=1, info=info)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner-secret") -> bytes:
    """The same PDF encrypted with pypdf (AES-256); an empty user password opens without asking."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
