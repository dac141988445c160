"""Entry script of the bundled app: the same `main` as the `willkommensordner` console script."""

from willkommensordner.cli import main

raise SystemExit(main())
