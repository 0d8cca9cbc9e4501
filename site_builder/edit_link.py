"""The link from a document's page on the site to its editor on the wiki (``edit_on_wiki``)."""

from __future__ import annotations

from urllib.parse import quote

from wikipk.wiki_titles import normal_form


def wiki_edit_url(wiki_url: str, title: str) -> str:
    """The address of the wiki's editor for a page, as MediaWiki writes its own edit links.

    Args:
        wiki_url: The wiki's folder, ending in ``/`` (:attr:`SiteSettings.wiki_url`).
        title: The page's title, as the publisher names it (``normal_form`` of the document's
            title): spaces become underscores, and the rest is encoded as ``wfUrlencode`` does.
    """
    name = quote(normal_form(title).replace(" ", "_"), safe=";@$!*(),/~:")
    return f"{wiki_url}index.php?title={name}&action=edit"
