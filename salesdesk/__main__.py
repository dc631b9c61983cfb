"""`python -m salesdesk` runs the command line (the main window when given no command)."""

import sys

from salesdesk.cli import main

sys.exit(main())
