"""Pure functions behind issue #13: LaTeX and al-folio HTML to text and
markup, months, keywords, research-area spelling, name keys, entry
locations and biblatex's fields."""

import pytest
from pybtex.database import Entry, Person

from sphinx_scholar.areas import misspelt_area
from sphinx_scholar.bibfiles import LocatingParser, vancouver_list
from sphinx_scholar.fieldtext import html_to_rich, latex_to_rich, plain
from sphinx_scholar.papers import (month_name, month_number, normalise_fields, ordinary_keywords,
                             split_keywords)
from sphinx_scholar.style import person_parts


@pytest.mark.parametrize("latex, text", [
    (r"\textit{Italic} \emph{em} \textbf{bold} \textsc{Caps} \texttt{mono}",
     "Italic em bold Caps mono"),
    (r"{\em old} and {\bf bold} style", "old and bold style"),
    (r"\url{https://example.org/a_b%20c}", "https://example.org/a_b%20c"),
    (r"\href{https://example.org}{the \emph{docs}}", "the docs"),
    (r"{$\{$USENIX$\}$} Security", "USENIX Security"),
    (r"{\{}GAN{\}}s", "GANs"),
    (r"$O(n \log n)$ and $\alpha$-ice at $1.5^\circ$C", "O(n log n) and α-ice at 1.5°C"),
    (r"$\{0,1\}^n$", "{0,1}n"),  # real braces in real math
    (r"self\/-play", "self-play"),
    (r"line\\ break", "line break"),
    (r"a~b", "a b"),
    (r"1990--2020 --- a review", "1990–2020 — a review"),
    (r'{\"u} \"{u} \"u {\'\i} \'{\i}', "ü ü ü í í"),
    (r"\ss{} \o{} \aa{} \l{} \O{} \AA{} \L{}", "ß ø å ł Ø Å Ł"),
    (r"Stra\ss e", "Straße"),
    (r"\c{C}a\u{g}r{\i} Nguy\~{\^e}n", "Çağrı Nguyễn"),
    (r"R\&D \$5 \#1 snake\_case 50\%", "R&D $5 #1 snake_case 50%"),
    ("improves by 5% over", "improves by 5% over"),  # a field's % is a percent sign
    ("Science & Tech #1", "Science & Tech #1"),
    (r"\LaTeX\ and \TeX{}", "LaTeX and TeX"),
    (r"\unknowncommand{kept}", "kept"),
    ("Ünïcödé stays", "Ünïcödé stays"),
])
def test_latex_to_text(latex, text):
    import unicodedata
    assert unicodedata.normalize("NFC", plain(latex_to_rich(latex))) == text


def test_latex_markup_as_html():
    html = latex_to_rich(r"\emph{a} \textbf{b} \href{https://x.org}{c} $x^2$").render_as("html")
    assert "<em>" in html and "<strong>" in html and "<sup>" in html
    assert '<a href="https://x.org">' in html
    # never a link to anything but the web
    assert "<a" not in latex_to_rich(r"\href{javascript:alert(1)}{c}").render_as("html")
    assert "<a" not in latex_to_rich(r"\url{javascript:alert(1)}").render_as("html")


@pytest.mark.parametrize("bad", [r"{unbalanced", r"unbalanced}", "trailing \\", r"$open math",
                                 r"\emph{open"])
def test_unreadable_latex_raises(bad):
    with pytest.raises(Exception):
        latex_to_rich(bad)


@pytest.mark.parametrize("value, text, html", [
    ("<b>Editor's Pick</b>", "Editor's Pick", "<strong>Editor's Pick</strong>"),
    ("<i>p</i> &lt; 0.05", "p < 0.05", "<em>p</em> &lt; 0.05"),
    ("a<br>b", "a b", "a b"),
    ("<nobr><em>*</em></nobr> Equal", "* Equal", "<em>*</em> Equal"),
    (r"<b>R\&D</b>", "R&D", "<strong>R&amp;D</strong>"),
    ("<script>alert(1)</script>x", "alert(1)x", "alert(1)x"),
    ("<img src=x onerror=alert(1)>y", "y", "y"),
    ('<a href="javascript:alert(1)">j</a>', "j", "j"),
    ('<a href="https://x.org" onclick="alert(1)">ok</a>', "ok", '<a href="https://x.org">ok</a>'),
])
def test_alfolio_html(value, text, html):
    rich = html_to_rich(value)
    assert plain(rich) == text
    assert rich.render_as("html") == html


@pytest.mark.parametrize("value, number, name", [
    ("jun", 6, "June"), ("Jun", 6, "June"), ("June", 6, "June"), ("june.", 6, "June"),
    ("6", 6, "June"), ("06", 6, "June"), ("sept", 9, "September"), ("13", None, "13"),
    ("Spring", None, "Spring"), ("", None, ""), ("ma", None, "ma"),
])
def test_months(value, number, name):
    assert month_number(value) == number
    assert month_name(value) == name


@pytest.mark.parametrize("value, words", [
    ("snowball Earth, climate dynamics", ["snowball Earth", "climate dynamics"]),
    ("Arctic Regions; Ice Cover; Models, Theoretical", ["Arctic Regions", "Ice Cover",
                                                        "Models, Theoretical"]),
    ("a, a ,b,, ", ["a", "b"]),
    ("", []),
])
def test_split_keywords(value, words):
    assert split_keywords(value) == words


def test_only_declared_areas_are_areas():
    entry = Entry("misc", fields={"keywords": r"sea-ice, Schr{\"o}dinger equation, albedo"})
    assert ordinary_keywords(entry, {"sea-ice"}) == ["Schrödinger equation", "albedo"]


@pytest.mark.parametrize("keyword, meant", [
    ("compresion", "compression"), ("Compression", "compression"), ("hw for ml", "hw-for-ml"),
    ("HW_for_ML", "hw-for-ml"), ("snowball Earth", None), ("climate", None),
    ("compressed sensing", None),
])
def test_misspelt_areas(keyword, meant):
    assert misspelt_area(keyword, {"compression", "hw-for-ml", "secure-ai"}) == meant


def test_person_parts_tell_last_jr_from_last_first():
    assert person_parts(Person("Doe, John,")) != person_parts(Person("Doe, John"))
    assert person_parts(Person("John Doe")) == person_parts(Person("Doe, John"))


@pytest.mark.parametrize("name, vancouver", [
    ("Doe J, Roe R", True), ("Doe JR, Roe RS", True), ("Doe, J.", False), ("Doe, John", False),
    ("John Doe", False), ("Li X", False), ("van der Berg, Anna", False),
])
def test_vancouver_lists(name, vancouver):
    assert vancouver_list(Person(name)) == vancouver


def test_entries_located_in_any_layout():
    text = ('% comment\r\n@string{ x = "X" }\r\n@comment{kept by hand}\r\n'
            '@preamble{ "\\newcommand{\\noop}[1]{}" }\r\n'
            "@article{\r\n  nextline,\r\n  title = {A}, year = 2020}\r\n"
            "@misc( paren ,\r\n\ttitle = {B}, year = 2020)\r\n"
            "  @Book { DBLP:conf/x/Y21 , title = {C}, year = 2020}\r\n"
            "@misc{nextline, title = {D}}\r\n")
    parser = LocatingParser("utf-8")
    parser.parse_string(text)
    assert parser.lines == {"nextline": 5, "paren": 8, "DBLP:conf/x/Y21": 10}
    assert [(p.key, p.line) for p in parser.problems] == [("nextline", 11)]  # the copy


def test_biblatex_fields_and_empty_fields():
    entry = Entry("article", fields={"date": "2020-05-01/2020-05-03", "journaltitle": "J",
                                     "location": "Bremen", "volume": "", "number": " "})
    normalise_fields(entry)
    assert dict(entry.fields) == {"date": "2020-05-01/2020-05-03", "journaltitle": "J",
                                  "location": "Bremen", "year": "2020", "month": "05",
                                  "journal": "J", "address": "Bremen"}
    kept = Entry("article", fields={"date": "2020-05", "year": "2019", "month": "jan"})
    normalise_fields(kept)
    assert (kept.fields["year"], kept.fields["month"]) == ("2019", "jan")  # BibTeX's win
