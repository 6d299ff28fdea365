"""`python -m factgate`."""

import sys

from factgate.cli import main

sys.exit(main())
