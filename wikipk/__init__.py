"""wikipk: the publishing system for the Wiki Pakistan knowledge base."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wikipk")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+unknown"
