"""The page's own defences: uploads are type- and size-checked, the server binds 127.0.0.1 by default."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dashboard.cli.serve import streamlit_command
from dashboard.pipeline.articles import MAX_ARTICLE_BYTES
from dashboard.settings import SETTINGS, resolve


@dataclass
class FakeUpload:
    """What ``st.file_uploader`` returns: a name and the bytes."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def _flag(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_server_binds_localhost_by_default(monkeypatch) -> None:
    monkeypatch.delenv("INCIDENT_MAP_HOST", raising=False)
    assert SETTINGS["host"].default == "127.0.0.1" == resolve("host")
    assert _flag(streamlit_command(resolve("host"), "8501"), "--server.address") == "127.0.0.1"


def test_server_refuses_uploads_over_the_article_limit() -> None:
    command = streamlit_command("127.0.0.1", "8501")
    assert int(_flag(command, "--server.maxUploadSize")) * 2**20 <= MAX_ARTICLE_BYTES
    assert _flag(command, "--browser.gatherUsageStats") == "false"


def test_upload_panel_checks_type_size_and_content(monkeypatch) -> None:
    pytest.importorskip("streamlit")
    from dashboard.app import upload_panel

    shown: list[str] = []
    monkeypatch.setattr(upload_panel.st, "error", shown.append)
    files = [
        FakeUpload("good.txt", "A roadside bomb exploded in Tikrit today.".encode("cp1256")),
        FakeUpload("page.html", b"<p>A rocket hit Erbil.</p><script>alert(1)</script>"),
        FakeUpload("report.pdf", b"%PDF-1.4 ..."),
        FakeUpload("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        FakeUpload("huge.txt", b"a" * (MAX_ARTICLE_BYTES + 1)),
        FakeUpload("empty.txt", b""),
    ]
    articles = upload_panel._articles(files, "", None, None)
    assert [a.url.split("#")[0] for a in articles] == ["upload:good.txt", "upload:page.html"]  # + content hash
    assert "alert" not in articles[1].text
    assert len(shown) == 4
    for name, problem in (("report.pdf", "only .txt"), ("photo.txt", "binary"), ("huge.txt", "MiB"),
                          ("empty.txt", "empty")):
        assert any(name in s and problem in s for s in shown), (name, shown)
