"""Domain core of the NGO platform: content model, reading, validation, time handling.

Nothing in this package imports Pelican; the Pelican plugins in ``plugins/`` are thin
adapters over it, and the scripts in ``scripts/`` use it directly.
"""
