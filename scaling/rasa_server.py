"""`python -m scaling.rasa_server run ...`: `rasa run ...` with every patch of
rasa_patches applied (its README lists them); the launcher starts the Rasa servers
this way. Plain `python -m rasa run` is the same without the speed-ups.
"""

from __future__ import annotations

import sys


def main() -> None:
    import rasa_patches

    rasa_patches.apply_all()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
