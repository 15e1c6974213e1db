"""Nothing of one owner in the engine (issue 15, section 2): each choice of a
site is a ``homepage_*`` setting with a neutral default, checked when the
build starts; robots.txt and the one warning about a missing html_baseurl."""

from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError

from conftest import copied_root, sphinx_build
from sphinx_scholar.config import CONFIG_VALUES, SOCIAL_CARD_STYLE, validate
from sphinx_scholar.metadata import person_json_ld, robots_text
from sphinx_scholar.papers import LINK_FIELDS, PUBLICATION_TYPES, conventions


def settings(**changed) -> SimpleNamespace:
    """A configuration with every homepage_* default, and ``changed``."""
    values = {name: default for name, (default, _, _) in CONFIG_VALUES.items()}
    return SimpleNamespace(**{**values, **changed})


def test_the_defaults_are_valid_and_neutral():
    config = settings()
    validate(None, config)
    site = conventions(config)
    assert site.tag_format == "{venue} {year}" and site.workshop_tag == " Workshop"
    assert site.abbreviations == {} and site.link_labels == LINK_FIELDS
    assert site.type_labels == PUBLICATION_TYPES and site.workshop_words == ("workshop",)
    assert config.homepage_contact_type == "" and config.homepage_social_card_style == {}
    assert config.homepage_news_tags == {"award": "Award", "paper": "Paper", "talk": "Talk",
                                         "press": "Press"}


def test_a_sites_labels_go_over_the_engines():
    site = conventions(settings(homepage_link_labels={"code": "Source"},
                                homepage_publication_types={"preprint": "arXiv"},
                                homepage_tag_abbreviations={"Best Paper": "BP"},
                                homepage_workshop_words=["Atelier"]))
    assert site.link_labels["code"] == "Source" and site.link_labels["url"] == "Paper"
    assert list(site.link_labels) == list(LINK_FIELDS)  # the order stays the engine's
    assert site.type_labels["preprint"] == "arXiv" and site.type_labels["journal"] == "Journal"
    assert site.abbreviations == {"best paper": "BP"} and site.workshop_words == ("atelier",)


@pytest.mark.parametrize("changed, message", [
    ({"homepage_social_card_style": {"colour": "#ffffff"}}, "unknown key(s) colour"),
    ({"homepage_social_card_style": {"accent": "red"}}, "accent = 'red'"),
    ({"homepage_social_card_style": {"title_size": "96"}}, "title_size"),
    ({"homepage_chart_palette": []}, "homepage_chart_palette"),
    ({"homepage_chart_palette": ["#3372c4", "blue"]}, "homepage_chart_palette"),
    ({"homepage_chart_other_colour": "#777"}, "homepage_chart_other_colour"),
    ({"homepage_venue_tag_format": "{venue} {month}"}, "homepage_venue_tag_format"),
    ({"homepage_link_labels": {"code": ""}}, "homepage_link_labels"),
    ({"homepage_tag_abbreviations": {"oral": 1}}, "homepage_tag_abbreviations"),
])
def test_bad_settings_stop_the_build_with_what_to_do(changed, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate(None, settings(**changed))


def test_every_card_style_key_has_a_default_of_its_type():
    validate(None, settings(homepage_social_card_style=dict(SOCIAL_CARD_STYLE)))


def person_app(**changed) -> SimpleNamespace:
    config = settings(author="Ada Lovelace", html_baseurl="https://example.org/~ada/",
                      root_doc="index", homepage_contact_doc="contact", **changed)
    # No page declares awards or degrees (cvfacts): the JSON-LD has none.
    domain = SimpleNamespace(awards=lambda: [], degrees=lambda: [])
    return SimpleNamespace(config=config, builder=SimpleNamespace(
        get_target_uri=lambda docname: f"{docname}.html"),
        env=SimpleNamespace(get_domain=lambda name: domain))


def test_contact_type_only_when_the_site_gives_one():
    assert person_json_ld(person_app())["contactPoint"] == {
        "@type": "ContactPoint", "url": "https://example.org/~ada/contact.html"}
    assert person_json_ld(person_app(homepage_contact_type="academic"))["contactPoint"] == {
        "@type": "ContactPoint", "contactType": "academic",
        "url": "https://example.org/~ada/contact.html"}


@pytest.mark.parametrize("site_url, sitemap, text", [
    ("https://example.org/", "sitemap.xml",
     "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"),
    ("https://example.org/~ada/", "sitemap.xml",
     "User-agent: *\nAllow: /~ada/\n\nSitemap: https://example.org/~ada/sitemap.xml\n"),
    ("https://example.org/~ada/", None, "User-agent: *\nAllow: /~ada/\n"),
    ("", "sitemap.xml", "User-agent: *\nAllow: /\n"),  # no address: no sitemap either
])
def test_robots_txt_under_the_base_path(site_url, sitemap, text):
    assert robots_text(site_url, sitemap) == text


def test_without_html_baseurl_one_warning_names_what_needs_it(tmp_path):
    root = copied_root("test-themes", tmp_path)
    result = sphinx_build(tmp_path / "html", "-d", str(tmp_path / "doctrees"),
                          "-D", "html_baseurl=", srcdir=root, confdir=root)
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    [warning] = warnings
    assert "[homepage.no_baseurl]" in warning and "html_baseurl" in warning
    for needs in ("feed", "canonical links", "sitemap"):
        assert needs in warning
    assert str(root / "conf.py") in warning
    assert (tmp_path / "html" / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


# -- The engine's defaults in other extensions' settings ---------------------

@pytest.mark.sphinx("html", testroot="news")
def test_the_engine_sets_its_pybtex_style_and_colon_fence(app):
    """test-news's conf.py sets neither (nor do the other test roots)."""
    assert app.config.bibtex_default_style == "homepage"
    assert "colon_fence" in app.config.myst_enable_extensions


@pytest.mark.sphinx("html", testroot="news", confoverrides={
    "bibtex_default_style": "plain", "myst_enable_extensions": ["deflist"]})
def test_a_sites_own_choice_stays(app):
    assert app.config.bibtex_default_style == "plain"
    assert list(app.config.myst_enable_extensions) == ["deflist", "colon_fence"]
