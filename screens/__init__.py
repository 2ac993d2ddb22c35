"""Textual screens of xiumei; each screen's styles sit beside it in a .tcss file.

Screens format what tracker functions return and never add up money themselves. Key bindings
are declared with i18n keys and translated per instance (see ``screens.keys``).
"""

from pathlib import Path

SCREENS_DIR = Path(__file__).resolve().parent
APP_CSS = SCREENS_DIR / "app.tcss"
