"""The way up: a village sends a signed bundle, a town receives it, a town forwards to the county.

``bundle`` writes and reads bundle files, ``keys`` holds the database's level and signing key,
``receive`` brings a bundle into a town or county database, ``town_ledger`` and ``town_report``
give the figures of every village side by side.
"""
