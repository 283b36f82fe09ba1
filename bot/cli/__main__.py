"""`python -m bot.cli ARGS`, as the `mentorbot` command."""

import sys

from bot.cli import main

sys.exit(main())
