"""`python -m zhicheng.policy [eligibility] [--batch] CASE.json|-`"""

import gc
import sys

from .cli import main

if __name__ == "__main__":
    # A one-shot process: what the imports built lives until exit, so move it out of
    # the collector's passes (in a batch they then see only the current chunk).
    gc.freeze()
    sys.exit(main(sys.argv[1:]))
