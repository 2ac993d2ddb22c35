"""Widgets shared by the screens: a paged record table, an as-of date dialog, figure panels."""
