"""Unit tests of the pure functions of ``sphinx_scholar.news``: permalink slugs,
headlines, cited keys."""

import pytest
from docutils import nodes
from sphinx import addnodes

from sphinx_scholar.news import cited_keys, first_sentence, slugify, text_without_citations


@pytest.mark.parametrize("text, slug", [
    ("Our paper is accepted by ICLR'19!", "our-paper-is-accepted-by-iclr"),
    ("Élan vital: café", "elan-vital-cafe"),
    ("  many   spaces\tand\nlines ", "many-spaces-and-lines"),
    ("一二三", ""),
    ("a b c d e f g h", "a-b-c-d-e-f"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_words():
    assert slugify("a b c", words=2) == "a-b"


@pytest.mark.parametrize("text, headline", [
    ("Paper accepted. More to come.", "Paper accepted"),
    ("What a year! Thanks all.", "What a year!"),
    ("Version 2.0 is out. Download it.", "Version 2.0 is out"),
    ("e.g. this stays whole", "e.g. this stays whole"),
    ("Talk at MIT. \"Quoted\" next.", "Talk at MIT"),
    # A "[paper]" role or citation removed from the words leaves its space.
    ("(accepted by DAC'2020 )", "(accepted by DAC'2020)"),
    ("Learning to Design Circuits appeared (full version accepted by DAC'2020 ). "
     "Analog IC design is hard.",
     "Learning to Design Circuits appeared (full version accepted by DAC'2020)"),
    ("Open source: AMC is available on GitHub . AMC uses reinforcement learning.",
     "Open source: AMC is available on GitHub"),
    ("Open source: AMC is available on GitHub ", "Open source: AMC is available on GitHub"),
    ("HAT is accepted by ACL , with code  [ and ] slides .",
     "HAT is accepted by ACL, with code [and] slides"),
    ("Accepted by NeurIPS'19 (spotlight).  Next.", "Accepted by NeurIPS'19 (spotlight)"),
    ("One line\nover two.", "One line over two"),
])
def test_first_sentence(text, headline):
    assert first_sentence(text) == headline


def body_citing(*targets: str) -> nodes.container:
    body = nodes.container()
    para = nodes.paragraph("", "Accepted ")
    for target in targets:
        xref = addnodes.pending_xref("", refdomain="cite", reftype="p", reftarget=target)
        xref += nodes.Text(f"[{target}]")
        para += xref
    para += nodes.Text(" today.")
    body += para
    return body


def test_cited_keys_in_order_once():
    assert cited_keys(body_citing("b,a", "a", " c ")) == ("b", "a", "c")


def test_text_without_citations():
    assert text_without_citations(body_citing("x")) == "Accepted  today."
