"""Premium documents: who may open them on the static site (``subscribers.py``, the registry).

Their setting is the ``premium:`` section of ``wikipk.yml`` (``wikipk/config/premium.py``); the
site seals their bodies (``site_builder/premium.py``) and the wiki shows a teaser.
"""
