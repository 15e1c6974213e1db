"""Incremental builds exactly as clean ones, where Sphinx alone would
differ: the search index keeps no word of a page written again, and every
page is written again when the navigation it shows (titles, toctrees)
changed.
"""

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .digest import digest_of

def drop_stale_search_terms(app: Sphinx):
    """``html-collect-pages`` (after every page is written and indexed, before
    the index is dumped at the end of the finish tasks): before an incremental
    build rewrites pages, Sphinx removes them from the search index it loads,
    but keeps their words with no page left, and writes them as ``"word":[]``,
    which a clean build does not have. Drop them, once (per page, the walk
    over the whole vocabulary made a build quadratic in its pages)."""
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", None), getattr(indexer, "_title_mapping", None)):
        if mapping:
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []


def pages_showing_titles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page shows the site's navigation (furo's
    sidebar, the prev/next links), so when a page title or a toctree (its
    entries, their titles, its caption) changes, every page is written again;
    Sphinx itself rewrites only the changed page and its toctree parents. The
    fingerprint is kept for the feed (made outside documents)."""
    outline = []
    # A page in no toctree (a paper's page, the 404 page) is in no navigation.
    shown = {app.config.root_doc, *(child for children in env.toctree_includes.values()
                                    for child in children)}
    for docname in sorted(shown & set(env.all_docs)):
        title = env.titles.get(docname)
        toctrees = [(toctree.get("caption"), toctree["entries"])  # entries: explicit titles
                    for toctree in env.tocs[docname].findall(addnodes.toctree)] \
            if docname in env.tocs else []
        outline.append((docname, title.astext() if title else "",
                        env.toctree_includes.get(docname), toctrees))
    store = env.get_domain("homepage").data
    previous, store["outline"] = store["outline"], digest_of(*outline)
    return sorted(env.all_docs) if previous not in ("", store["outline"]) else []
