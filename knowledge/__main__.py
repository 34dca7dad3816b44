"""``python -m knowledge``: validate, build and search the FAQ knowledge."""

import sys

from knowledge.cli import main

sys.exit(main())
