"""Entry point of the windowed executable: the main window, or a command if given one."""

import sys

from salesdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
