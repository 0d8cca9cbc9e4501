"""The configuration of a knowledge base (``wikipk.yml``), one frozen dataclass per section.

- ``core.py``: :class:`Config`, the core's own settings and :func:`load_config`;
- ``file.py``: the file as read, every value with its place, and the typed accessors that make
  each wrong setting a located error (``wikipk.yml:LINE:COL: ...``);
- ``wiki.py``, ``site.py``, ``youtube.py``, ``premium.py``, ``zim.py``: a section each, as its
  output reads it.

The sections live in the core (which imports no output), so every output is handed its typed
section (``config.wiki``, ``config.site``, ...) and none parses the file itself.
"""

from __future__ import annotations

from wikipk.config.core import CONFIG_FILE, DEFAULT_LANGUAGES, Config, Language, load_config
from wikipk.config.premium import PremiumSettings
from wikipk.config.site import SiteSettings
from wikipk.config.wiki import WikiNaming, WikiSection
from wikipk.config.zim import ZimSettings

__all__ = [
    "CONFIG_FILE",
    "DEFAULT_LANGUAGES",
    "Config",
    "Language",
    "PremiumSettings",
    "SiteSettings",
    "WikiNaming",
    "WikiSection",
    "ZimSettings",
    "load_config",
]
