"""`python -m zhicheng.policy [eligibility] [--batch] CASE.json|-`"""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
