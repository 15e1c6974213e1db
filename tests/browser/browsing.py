"""What the browser tests share: how Chromium is started, the two widths,
and small page helpers."""

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium calls Google's hosts at
# start, which this machine (and the site) must do without.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def set_theme(page, theme: str) -> None:
    """What furo's toggle does: body[data-theme] and the stored choice."""
    page.evaluate("t => { localStorage.setItem('theme', t); document.body.dataset.theme = t; }",
                  theme)


def describe_violations(violations: list[dict]) -> str:
    """One line per rule and node: enough to find and fix it."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"  {violation['id']} ({violation['impact']}): {node['target']} "
                         f"{(node.get('failureSummary') or '').splitlines()[-1].strip()}")
    return "\n".join(lines)
