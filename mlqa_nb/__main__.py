import sys

from ._frontends.cli import main

sys.exit(main())
