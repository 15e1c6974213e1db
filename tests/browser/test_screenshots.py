"""Screenshots of the main pages at desktop and phone widths, light and
dark, saved under _build/screenshots/ for people to look at."""

import struct
import subprocess
from pathlib import Path

import pytest
from .browsing import DESKTOP, PHONE

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots"


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_screenshots(browser, base_url, paper_page, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"home": "index.html", "news": "news.html", "publications": "publications.html",
             "paper": paper_page, "cv": "cv.html"}
    taken: dict[str, bytes] = {}
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=viewport, base_url=base_url,
                                      color_scheme="light")
        # The stored choice, as furo's toggle leaves it, before any script runs.
        context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
        page = context.new_page()
        for name, path in pages.items():
            page.goto(path)
            assert page.evaluate("document.body.dataset.theme") == theme
            shot = SHOTS / f"{name}-{viewport['width']}-{theme}.png"
            data = page.screenshot(path=shot, full_page=True)
            assert _png_width(data) == viewport["width"]
            taken[f"{name}-{theme}"] = data
        context.close()
    for name in pages:
        assert taken[f"{name}-light"] != taken[f"{name}-dark"], f"{name}: dark looks like light"


def test_cv_pdf_pages_as_png(site):
    """The CV's PDF, each page as a PNG beside the screenshots (cv-pdf-N.png),
    for a person to look at: US letter at 100 dpi, ink on every page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("cv-pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(site / "cv.pdf"),
                    str(SHOTS / "cv-pdf")], check=True)
    shots = sorted(SHOTS.glob("cv-pdf-*.png"))
    assert 1 <= len(shots) <= 6, shots
    for shot in shots:
        data = shot.read_bytes()
        assert _png_width(data) == 850  # 8.5 in at 100 dpi
        # A blank page compresses to almost nothing; a page of text does not.
        assert len(data) > 20_000, f"{shot.name} looks empty"
