from willkommensordner.cli import main

raise SystemExit(main())
