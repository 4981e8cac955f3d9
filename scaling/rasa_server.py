"""`python -m scaling.rasa_server run ...`: `rasa run ...` with scaling.speedups applied."""
from __future__ import annotations

import sys


def main() -> None:
    from scaling import speedups

    speedups.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
