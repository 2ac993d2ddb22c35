from screens.main import main

raise SystemExit(main())
