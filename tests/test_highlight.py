"""Highlighted provenance (views.highlight): escaped always, marks well formed however spans overlap, Arabic right to
left, the popup's evidence line from the spans alone."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from dashboard.models import SPAN_FIELDS
from dashboard.views.highlight import (
    SPAN_COLOURS,
    evidence_line_html,
    highlight_evidence,
    highlight_html,
    legend_html,
)

SCRIPT = 'Blast near <script>alert("x")</script> Kirkuk & <img src=x onerror=alert(1)> today.'


class _Tags(HTMLParser):
    """Every tag and the text between them; raises on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.marked: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for tag, attrs in self.stack:
            if tag == "mark":
                self.marked.setdefault(attrs["title"], []).append(data)


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    assert not parser.stack, f"unclosed {parser.stack}"
    return parser


def test_script_payload_comes_out_escaped_only():
    start = SCRIPT.index("<script>")
    spans = {"evidence": [(0, len(SCRIPT))], "place": [(SCRIPT.index("Kirkuk"), SCRIPT.index("Kirkuk") + 6)],
             "type": [(start, start + 20)]}
    markup = highlight_html(SCRIPT, spans, language="en")
    parsed = _parse(markup)
    assert set(parsed.tags) <= {"div", "mark"}  # no script, no img: they are text
    assert "".join(parsed.text) == SCRIPT
    assert "<script" not in markup and "<img" not in markup and "&lt;script&gt;" in markup
    assert "".join(parsed.marked["place"]) == "Kirkuk"
    line = highlight_evidence({"text": SCRIPT, "spans": spans, "language": "en"})
    assert "<script" not in line and "".join(_parse(line).text) == SCRIPT


def test_each_field_gets_its_class_title_and_colour():
    text = "On Friday a drone struck a car in Sinjar district, killing three; the IRGC was blamed."
    words = {"date": "Friday", "type": "drone struck", "place": "Sinjar", "place_context": "Sinjar district",
             "casualties": "killing three", "actor": "IRGC"}
    spans = {name: [(text.index(w), text.index(w) + len(w))] for name, w in words.items()}
    markup = highlight_html(text, spans, language="en")
    parsed = _parse(markup)
    for name, word in words.items():
        assert f'class="span-{name}" title="{name}"' in markup
        assert SPAN_COLOURS[name] in markup
        assert "".join(parsed.marked[name]) == word, name
    assert 'dir="ltr"' in markup


def test_arabic_is_right_to_left():
    text = "سقطت ثلاثة صواريخ على قاعدة عين الأسد"
    start = text.index("قاعدة")
    markup = highlight_html(text, {"place": [(start, len(text))]}, language="ar")
    assert 'dir="rtl"' in markup and 'lang="ar"' in markup
    assert "".join(_parse(markup).marked["place"]) == "قاعدة عين الأسد"


@given(
    text=st.text(alphabet=st.sampled_from(list("ab <>&\"'بغداد\n")), min_size=0, max_size=40),
    spans=st.dictionaries(st.sampled_from([*SPAN_FIELDS, "bogus"]),
                          st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=4), max_size=8),
)
def test_any_overlap_gives_well_formed_escaped_html(text, spans):
    parsed = _parse(highlight_html(text, spans, language="en"))
    assert "".join(parsed.text) == text  # every character once, in order, nothing added
    assert set(parsed.tags) <= {"div", "mark"}
    for name, pieces in parsed.marked.items():  # a marked character lies inside one of that field's spans
        assert name in SPAN_FIELDS
        assert pieces


def test_nested_and_crossing_spans_mark_exactly_their_characters():
    text = "0123456789"
    markup = highlight_html(text, {"place": [(2, 6)], "date": [(4, 8)], "evidence": [(0, 10)]}, language="en")
    parsed = _parse(markup)
    assert "".join(parsed.marked["place"]) == "2345"
    assert "".join(parsed.marked["date"]) == "4567"
    assert "".join(parsed.marked["evidence"]) == text


def test_popup_evidence_line_from_spans_without_the_article():
    text = "Intro sentence.  A rocket hit Baghdad airport. Later text. Two people were hurt in Baghdad. End."
    first, second = "A rocket hit Baghdad airport.", "Two people were hurt in Baghdad."
    evidence_spans = [(text.index(first), text.index(first) + len(first)),
                      (text.index(second), text.index(second) + len(second))]
    hurt = text.index("Two people were hurt")
    spans = {"evidence": evidence_spans, "place": [(text.index("Baghdad airport"), text.index("Baghdad airport") + 15)],
             "casualties": [(hurt, hurt + 20)], "date": [(0, 5)]}  # the date is outside the evidence
    evidence = f"{first} … {second}"
    line = evidence_line_html(evidence, spans)
    parsed = _parse(line)
    assert "".join(parsed.text) == evidence
    assert parsed.marked == {"place": ["Baghdad airport"], "casualties": ["Two people were hurt"]}
    full = highlight_evidence({"text": text, "spans": spans, "language": "en"})
    assert "".join(_parse(full).text) == evidence and "span-place" in full
    # spans that do not describe this evidence (an older row): the line is plain, escaped
    assert evidence_line_html("<b>edited</b>", spans) == html.escape("<b>edited</b>")
    assert "".join(_parse(evidence_line_html(evidence, spans, limit=18)).text) == evidence[:18]


def test_no_provenance_gives_nothing_to_highlight():
    assert highlight_evidence({"text": "", "spans": {}, "candidates": []}) == ""
    assert highlight_evidence({"text": "abc", "spans": {"place": [(0, 1)]}}) == ""


def test_legend_names_every_field_in_both_languages():
    for language in ("en", "ar"):
        legend = legend_html(language)
        assert all(f"span-{name}" in legend for name in SPAN_FIELDS)
    assert "المكان" in legend_html("ar") and 'dir="rtl"' in legend_html("ar")


def test_an_extracted_article_with_a_script_payload_highlights_to_text_only():
    from datetime import date

    from dashboard.pipeline.articles import article_from_text
    from dashboard.pipeline.extraction import extract_article

    text = ('<script>document.title="pwned"</script> A car bomb exploded in Sadr City on Thursday, killing 12 '
            'people <img src=x onerror=alert(1)>.')
    article = article_from_text(text, url="payload.txt", published=date(2024, 5, 10), language="en")
    [event] = extract_article(article)
    for markup in (highlight_html(article.text, event.spans, language="en"),
                   highlight_evidence({"text": article.text, "spans": event.spans}),
                   evidence_line_html(event.evidence, event.spans)):
        parsed = _parse(markup)
        assert set(parsed.tags) <= {"div", "mark"}, parsed.tags
        assert "<script" not in markup and "<img" not in markup
    assert "".join(_parse(highlight_html(article.text, event.spans, language="en")).marked["place"]) == "Sadr City"


def test_map_popup_highlights_its_evidence_line(tmp_path):
    from dashboard.events import store
    from dashboard.pipeline.articles import read_article
    from dashboard.pipeline.ingest import ingest_articles
    from dashboard.views.mapview import map_data, popup_html

    conn = store.open_store(tmp_path / "s.db")
    ingest_articles(conn, [read_article("seeds/000_9dd459dba4470899.txt")])
    events = store.load_events(conn)
    data = map_data(events)
    assert all("<mark style=" in p for p in data["popups"])
    balad = events[events["location"] == "Balad Air Base"].iloc[0].to_dict()
    line = _parse(popup_html(balad))
    assert "".join(line.marked["place"]) == "قاعدة بلد الجوية"
    assert "".join(line.marked["casualties"]) == "إصابة متعاقد"
    # an article's words stay text in the popup, with or without spans
    bad = {**balad, "evidence": "<script>alert(1)</script> قاعدة", "spans": '{"evidence":[[0,31]],"place":[[26,31]]}'}
    markup = popup_html(bad)
    assert "<script" not in markup and "&lt;script&gt;" in markup
    assert "<script" not in popup_html({**bad, "spans": ""})
