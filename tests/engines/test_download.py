"""The downloader against a real HTTP server on 127.0.0.1: resume, checksum, errors, cancel."""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
from pathlib import Path

import pytest
from range_server import Behaviour, closed_port, serve

from engines.cancel import CancelToken
from engines.download import DownloadRequest, download, part_path, safe_url
from engines.errors import Cancelled, ChecksumError, DownloadError

PAYLOAD = os.urandom(3 * 1024 * 1024 + 123)
SHA = hashlib.sha256(PAYLOAD).hexdigest()


def test_downloads_verifies_and_installs_atomically(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base:
        result = download(DownloadRequest(f"{base}/m.bin", tmp_path / "m.bin", SHA, len(PAYLOAD)),
                          progress=lambda done, total: seen.append((done, total)))
    assert (tmp_path / "m.bin").read_bytes() == PAYLOAD
    assert result.sha256 == SHA and result.verified and result.resumed_from == 0
    assert not part_path(tmp_path / "m.bin").exists()
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert all(a[0] < b[0] for a, b in itertools.pairwise(seen))


def test_interrupted_transfer_resumes_from_the_part_offset(tmp_path: Path) -> None:
    behaviour = Behaviour(files={"/m.bin": PAYLOAD}, drop_after=1_000_000)
    dest = tmp_path / "m.bin"
    with serve(behaviour) as base:
        request = DownloadRequest(f"{base}/m.bin", dest, SHA, len(PAYLOAD))
        with pytest.raises(DownloadError, match=r"dropped after 1000000 bytes"):
            download(request, retries=0)
        assert part_path(dest).stat().st_size == 1_000_000 and not dest.exists()
        result = download(request, retries=0)
    assert result.resumed_from == 1_000_000
    assert behaviour.requests[-1]["range"] == "bytes=1000000-"
    assert dest.read_bytes() == PAYLOAD


def test_a_dropped_connection_is_resumed_within_one_call(tmp_path: Path) -> None:
    behaviour = Behaviour(files={"/m.bin": PAYLOAD}, drop_after=500_000)
    with serve(behaviour) as base:
        download(DownloadRequest(f"{base}/m.bin", tmp_path / "m.bin", SHA, len(PAYLOAD)), retries=2)
    assert [r["range"] for r in behaviour.requests] == ["", "bytes=500000-"]
    assert (tmp_path / "m.bin").read_bytes() == PAYLOAD


def test_server_ignoring_range_restarts_cleanly(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(PAYLOAD[:1000])
    with serve(Behaviour(files={"/m.bin": PAYLOAD}, ignore_range=True)) as base:
        result = download(DownloadRequest(f"{base}/m.bin", dest, SHA, len(PAYLOAD)))
    assert result.resumed_from == 0 and dest.read_bytes() == PAYLOAD


def test_wrong_checksum_is_rejected_and_nothing_installed(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base, pytest.raises(ChecksumError) as err:
        download(DownloadRequest(f"{base}/m.bin", dest, "0" * 64, len(PAYLOAD)))
    assert SHA in err.value.message and "nothing was installed" in err.value.message
    assert not dest.exists() and not part_path(dest).exists()


def test_a_corrupt_part_is_caught_by_the_hash(tmp_path: Path) -> None:
    dest = tmp_path / "m.bin"
    part_path(dest).write_bytes(b"x" * 2000)  # a stale part from some other file
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base, pytest.raises(ChecksumError):
        download(DownloadRequest(f"{base}/m.bin", dest, SHA, len(PAYLOAD)))
    assert not dest.exists() and not part_path(dest).exists()


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_name_the_url(tmp_path: Path, status: int) -> None:
    behaviour = Behaviour(files={"/m.bin": PAYLOAD}, status=500 if status == 500 else None)
    with serve(behaviour) as base:
        url = f"{base}/{'missing' if status == 404 else 'm'}.bin"
        with pytest.raises(DownloadError) as err:
            download(DownloadRequest(url + "?token=secret", tmp_path / "m.bin", SHA))
    assert f"HTTP {status}" in err.value.message and url in err.value.message
    assert "secret" not in str(err.value)
    assert not (tmp_path / "m.bin").exists()


def test_connection_refused_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://user:pw@127.0.0.1:{closed_port()}/m.bin"
    with pytest.raises(DownloadError, match=r"Cannot connect to http://127\.0\.0\.1") as err:
        download(DownloadRequest(url, tmp_path / "m.bin", SHA))
    assert "pw" not in str(err.value)


def test_cancel_leaves_the_resumable_part(tmp_path: Path) -> None:
    cancel = CancelToken()
    dest = tmp_path / "m.bin"

    def stop_after_first_mb(done: int, total: int | None) -> None:
        if done >= 1024 * 1024:
            cancel.cancel("test")

    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base:
        request = DownloadRequest(f"{base}/m.bin", dest, SHA, len(PAYLOAD))
        with pytest.raises(Cancelled):
            download(request, progress=stop_after_first_mb, cancel=cancel)
        kept = part_path(dest).stat().st_size
        assert 1024 * 1024 <= kept < len(PAYLOAD) and not dest.exists()
        result = download(request)
    assert result.resumed_from == kept and dest.read_bytes() == PAYLOAD


def test_unverified_files_are_refused_unless_allowed(tmp_path: Path) -> None:
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base:
        with pytest.raises(DownloadError, match="No SHA-256 is recorded") as err:
            download(DownloadRequest(f"{base}/m.bin", tmp_path / "m.bin", None))
        assert "--allow-unverified" in err.value.hint and not (tmp_path / "m.bin").exists()
        result = download(DownloadRequest(f"{base}/m.bin", tmp_path / "m.bin", None, allow_unverified=True))
    assert result.sha256 == SHA and not result.verified


def test_safe_url_strips_credentials_and_query() -> None:
    assert safe_url("https://u:p@host:8080/a/b.gguf?token=x#f") == "https://host:8080/a/b.gguf"


def test_a_download_is_installed_durably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the rename into place the folder is fsynced: a power cut cannot lose the installed model."""
    real_fsync, folders = os.fsync, []

    def recording_fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            folders.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as base:
        download(DownloadRequest(f"{base}/m.bin", tmp_path / "m.bin", SHA, len(PAYLOAD)))
    assert folders == [tmp_path]


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, made now (no fixture files)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_an_https_download_redirected_to_plain_http_is_refused(tmp_path: Path) -> None:
    import http.server
    import ssl
    import threading

    import httpx

    cert, key = _self_signed(tmp_path)
    with serve(Behaviour(files={"/m.bin": PAYLOAD})) as plain:

        class Redirect(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(302)
                self.send_header("Location", f"{plain}/m.bin")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        trusting = ssl.create_default_context(cafile=str(cert))
        try:
            with httpx.Client(verify=trusting, follow_redirects=True) as client, \
                    pytest.raises(DownloadError, match="non-https address"):
                download(DownloadRequest(f"https://127.0.0.1:{httpd.server_address[1]}/m.bin", tmp_path / "m.bin",
                                         SHA, len(PAYLOAD)), client=client)
        finally:
            httpd.shutdown()
            httpd.server_close()
    assert not (tmp_path / "m.bin").exists()
