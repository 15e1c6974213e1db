"""``python -m sphinx_scholar`` (or ``sphinx-scholar``): see ``cli``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
