"""Entry point: ``python -m retrieval <command>`` (the commands live in ``retrieval.cli``)."""

import sys

from retrieval.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
