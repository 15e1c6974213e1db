"""What a bib field's value shows: its LaTeX read as text and markup, and in
al-folio's HTML fields their inline tags, both as pybtex rich text. The
formatting style, the pages (through pybtex-docutils, escaped by Sphinx's
writer) and every plain-text output (``render_as("text")``: meta tags,
JSON-LD, the feed, the search index, RIS) then show the same thing.

LaTeX is read by pylatexenc (its parser and its tables of accents, symbols
and specials). pybtex's own ``Text.from_latex`` knows only braces and, through
latexcodec, accented letters: ``\\emph``, ``\\url``, ``$...$``, ``\\textsc``
and every other command stay as backslashes. pylatexenc parses the whole of
it into nodes, so the commands that carry meaning on a web page (emphasis,
links) are turned into rich text here, and everything else (accents in every
spelling, ``\\ss``, ``--``, ``~``, ``\\&``, math as text) is left to its
well-tested LaTeX-to-text tables.

HTML is cleaned by nh3 (the binding of the Rust sanitizer ammonia; bleach, the
other maintained choice once, is deprecated): it parses as browsers do, keeps
only the allowlisted tags and the ``href`` of links with a web scheme, and
returns well-formed markup, which is then mapped to the same rich text.
"""

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import BaseText, HRef, Protected, String, Tag, Text
from pylatexenc import macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import (LatexCharsNode, LatexEnvironmentNode, LatexGroupNode,
                                    LatexMacroNode, LatexMathNode, LatexSpecialsNode, LatexWalker,
                                    get_default_latex_context_db as walker_context_db)

#: Fields al-folio's templates write out as HTML (``note = {<b>Oral</b>}``,
#: ``annotation = {* Equal contribution<br>...}``): their inline tags are
#: kept. Other fields are text (an abstract's "x<y" is no tag).
HTML_FIELDS = frozenset({"note", "award", "award_name", "annotation", "additional_info"})

#: Inline tags of al-folio's fields -> the pybtex tag they become (None: the
#: content only). pybtex-docutils renders em, strong, sup, sub and tt.
HTML_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "sup": "sup",
             "sub": "sub", "code": "tt", "tt": "tt", "span": None, "nobr": None, "u": None,
             "small": None, "a": None, "br": None}

#: LaTeX commands with a meaning on a web page -> pybtex tag (None: the text).
LATEX_TAGS = {"emph": "em", "textit": "em", "textsl": "em", "mathit": "em",
              "textbf": "strong", "mathbf": "strong", "texttt": "tt", "mathtt": "tt",
              "textsuperscript": "sup", "textsubscript": "sub",
              "textsc": None, "textrm": None, "textsf": None, "textup": None,
              "textnormal": None, "textmd": None, "mbox": None, "hbox": None, "text": None,
              "mathrm": None, "ensuremath": None, "NoCaseChange": None, "nocase": None}
#: Declarations (``{\\em word}``, ``{\\bf word}``): the rest of their group.
LATEX_DECLARATIONS = {"em": "em", "it": "em", "itshape": "em", "sl": "em", "bf": "strong",
                      "bfseries": "strong", "tt": "tt", "ttfamily": "tt", "sc": None,
                      "scshape": None, "rm": None, "sf": None, "normalfont": None}


def is_web_url(url: str) -> bool:
    """An http(s) address: ``javascript:``, ``data:`` and words are not."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def _context():
    """pylatexenc's tables, with the commands bib files use that it lacks."""
    walker = walker_context_db()
    walker.add_context_category("homepage", prepend=True, macros=[
        macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("url", "{"),
        macrospec.MacroSpec("\\", ""),  # a line break, also at the very end of a title
        *(macrospec.MacroSpec(name, "{") for name in LATEX_TAGS),
    ])
    text = get_default_latex_context_db()
    text.add_context_category("homepage", prepend=True, macros=[
        MacroTextSpec("LaTeX", "LaTeX"), MacroTextSpec("TeX", "TeX"),
        MacroTextSpec("BibTeX", "BibTeX"), MacroTextSpec("/", ""),  # italic correction
        MacroTextSpec("\\", " "),  # a line break in a one-line field
    ])
    return walker, text


_WALKER_CONTEXT, _TEXT_CONTEXT = _context()
_to_text = LatexNodes2Text(latex_context=_TEXT_CONTEXT, math_mode="text")

# A field value is no LaTeX document: "%" is a percent sign, not a comment
# (what every reference manager means by it), so it is read as "\%".
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
# In a URL argument, the escapes LaTeX needs are not part of the address.
_URL_ESCAPE = re.compile(r"\\([%_&#~$])")


def _url(node) -> str:
    return _URL_ESCAPE.sub(r"\1", node.latex_verbatim()[1:-1].strip()) if node else ""


def _is_escaped_brace(node) -> bool:
    return isinstance(node, LatexMacroNode) and node.macroname in ("{", "}")


def _rich_nodes(nodes) -> list[BaseText]:
    parts: list[BaseText] = []
    for index, node in enumerate(nodes):
        if isinstance(node, LatexMacroNode) and node.macroname in LATEX_DECLARATIONS:
            rest = _rich_nodes(nodes[index + 1:])
            name = LATEX_DECLARATIONS[node.macroname]
            parts.append(Tag(name, *rest) if name else Text(*rest))
            break
        parts.extend(_rich_node(node))
    return parts


def _rich_node(node) -> list[BaseText]:
    if node is None:
        return []
    if isinstance(node, LatexCharsNode):
        return [String(" ".join(node.chars.split("\n")))]
    if isinstance(node, LatexGroupNode):
        return [Protected(*_rich_nodes(node.nodelist))]
    if isinstance(node, LatexEnvironmentNode):
        return _rich_nodes(node.nodelist)
    if isinstance(node, LatexMathNode):
        # Google Scholar writes a protected {USENIX} as {$\{$USENIX$\}$}: math
        # that is only an escaped brace stands for the brace it escapes.
        if all(_is_escaped_brace(child) for child in node.nodelist):
            return []
        return _rich_math(node.nodelist)
    if isinstance(node, LatexSpecialsNode) and node.specials_chars in ("&", "#"):
        return [String(node.specials_chars)]  # alignment characters in no table: as written
    if isinstance(node, LatexMacroNode):
        return _rich_macro(node)
    return [String(_to_text.node_to_text(node))]


def _rich_math(nodes) -> list[BaseText]:
    """Inline math as text: symbols as characters (``\\alpha`` α), ``^`` and
    ``_`` as superscript and subscript, ``^\\circ`` as a degree sign."""
    tokens: list = []
    for node in nodes:
        tokens.extend(node.chars if isinstance(node, LatexCharsNode) else [node])
    parts: list[BaseText] = []
    script = ""
    for token in tokens:
        if isinstance(token, str) and token in "^_":
            script = token
            continue
        if isinstance(token, str):
            text: list[BaseText] = [String(token)]
        elif _is_escaped_brace(token):
            text = [String(token.macroname)]  # a set, {0,1}: real braces
        elif isinstance(token, LatexGroupNode):
            text = _rich_math(token.nodelist)
        else:
            text = _rich_node(token)
        if isinstance(token, LatexMacroNode) and token.macro_post_space:
            text.append(String(" "))  # "n \\log n": the space math would make
        if script == "^" and isinstance(token, LatexMacroNode) and token.macroname == "circ":
            text = [String("°")]
        elif script:
            text = [Tag("sup" if script == "^" else "sub", *text)]
        script = ""
        parts.extend(text)
    return parts


def _rich_macro(node: LatexMacroNode) -> list[BaseText]:
    name = node.macroname
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    if _is_escaped_brace(node):
        return []  # exporters' escape of a protecting brace ({\{}GAN{\}}s), not a brace
    if name == "url":
        url = _url(arguments[0] if arguments else None)
        return [HRef(url, url) if is_web_url(url) else String(url)]
    if name == "href":
        url = _url(arguments[0] if arguments else None)
        label = _rich_node(arguments[1] if len(arguments) > 1 else None) or [String(url)]
        return [HRef(url, *label) if is_web_url(url) else Text(*label)]
    if name in LATEX_TAGS:
        content = [part for argument in arguments for part in _rich_node(argument)]
        tag = LATEX_TAGS[name]
        return [Tag(tag, *content) if tag else Text(*content)]
    text = _to_text.node_to_text(node)
    if not text and arguments:  # a command pylatexenc does not know: its text
        return [part for argument in arguments for part in _rich_node(argument)]
    return [String(text)] if text else []


@functools.lru_cache(maxsize=None)
def latex_to_rich(value: str) -> Text:
    """A LaTeX field value as rich text. Raises pylatexenc's
    ``LatexWalkerError`` for LaTeX it cannot read (an unbalanced brace)."""
    stripped = value.rstrip()
    if (len(stripped) - len(stripped.rstrip("\\"))) % 2:
        raise ValueError("a backslash with no command after it")  # pylatexenc drops it
    walker = LatexWalker(_UNESCAPED_PERCENT.sub(r"\\%", value),
                         latex_context=_WALKER_CONTEXT, tolerant_parsing=False)
    nodes, _, _ = walker.get_latex_nodes()
    return Text(*_rich_nodes(nodes))


class _RichHTML(HTMLParser):
    """Sanitized inline HTML -> rich text; its text is LaTeX (``\\&``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, list[BaseText]]] = [("", {}, [])]

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.stack[-1][2].append(String(" "))  # a one-line field: a space
        else:
            self.stack.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if len(self.stack) > 1 and self.stack[-1][0] == tag:
            tag, attrs, parts = self.stack.pop()
            href = attrs.get("href") or ""
            if tag == "a" and is_web_url(href):
                element: BaseText = HRef(href, *parts)
            elif HTML_TAGS.get(tag):
                element = Tag(HTML_TAGS[tag], *parts)
            else:
                element = Text(*parts)
            self.stack[-1][2].append(element)

    def handle_data(self, data):
        self.stack[-1][2].append(latex_to_rich(data))

    def result(self) -> Text:
        while len(self.stack) > 1:  # nh3's output is balanced; be safe anyway
            self.handle_endtag(self.stack[-1][0])
        return Text(*self.stack[0][2])


@functools.lru_cache(maxsize=None)
def html_to_rich(value: str) -> Text:
    """An al-folio HTML field as rich text: allowlisted inline tags kept,
    every other tag removed (its text kept), no attribute but a link's web
    address."""
    clean = nh3.clean(value, tags=set(HTML_TAGS), attributes={"a": {"href"}},
                      url_schemes={"http", "https"}, clean_content_tags=set(), link_rel=None,
                      strip_comments=True)
    parser = _RichHTML()
    parser.feed(clean)
    parser.close()
    return parser.result()


def rich_field(field: str, value: str) -> Text:
    """The value of ``field`` as rich text."""
    return html_to_rich(value) if field.lower() in HTML_FIELDS else latex_to_rich(value)


_SPACES = re.compile(r"[ \t\r\n]+")

# One backend for every plain text: ``render_as("text")`` would look the
# backend up among the installed packages' entry points on every call (a
# scan of every distribution, most of a small build). It keeps no state.
_PLAIN_TEXT = PlainTextBackend()


def plain(text: BaseText) -> str:
    """Rich text as one line of plain text. A no-break space (``~``) is a
    space: meta tags, feeds and exports are not typeset."""
    return _SPACES.sub(" ", text.render(_PLAIN_TEXT).replace("\xa0", " ")).strip()


def plain_field_text(field: str, value: str) -> str:
    """Plain text of ``field = {value}``: LaTeX, and in al-folio's HTML
    fields, the text of its tags."""
    return plain_text(value, field.lower() in HTML_FIELDS)


@functools.lru_cache(maxsize=None)
def plain_text(value: str, is_html: bool = False) -> str:
    """Plain text of a LaTeX value (or of al-folio's HTML). A pure function,
    memoised like ``latex_to_rich``: values recur (venues, names) and every
    page and output reads them again."""
    return plain(html_to_rich(value) if is_html else latex_to_rich(value))
