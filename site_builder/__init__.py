"""The static website: ``wikipk build`` and ``wikipk serve``.

The pipeline reads top to bottom in :func:`site_builder.build.build_site`:

- :mod:`~site_builder.collect` loads, checks and renders every document in parallel (the one
  parse, rendered by :mod:`~site_builder.render` into :mod:`~site_builder.pages`), reusing the
  pages of unchanged files from :mod:`~site_builder.cache`;
- :mod:`~site_builder.nav` indexes the records by type, tag, language and translation;
- :mod:`~site_builder.assemble` writes every output through the guard of
  :mod:`~site_builder.writer` into a staging folder that replaces the site whole: document pages
  (their markers filled by :mod:`~site_builder.markers`), :mod:`~site_builder.listings`,
  :mod:`~site_builder.images`, :mod:`~site_builder.assets` (with :mod:`~site_builder.fonts`),
  :mod:`~site_builder.feeds`, the service worker of :mod:`~site_builder.offline` and the
  :mod:`~site_builder.search` index, and checks each page against :mod:`~site_builder.budget`.

Addresses are defined in :mod:`~site_builder.urls`; settings (the ``site:`` section of
``wikipk.yml``) in :mod:`~wikipk.config.site`; templates in ``templates/site/``.
"""
