"""The throw-away local Wiki Pakistan (Debian's MediaWiki under ``php -S``) for the demo and
the tests.
"""
