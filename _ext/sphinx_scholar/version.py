"""The extension's one version number. Everything saved between builds
(Sphinx's environment, the ``homepage`` domain's data, the bib check's
results, the social card's digest) is tagged with it, so one bump after a
change in what is saved or drawn makes every build redo it."""

__version__ = "0.3.1"


def version_number(version: str = __version__) -> int:
    """The version as the integer Sphinx wants for ``env_version`` and a
    domain's ``data_version``: "0.2.0" is 200, "1.3.12" 10312."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major * 10_000 + minor * 100 + patch


VERSION_NUMBER = version_number()
