"""The wiki templates that rendered pages call, as data the publisher publishes.

Their wikitext lives in ``templates/wiki/<Name with underscores>.wikitext`` at the root of the
repository; each file becomes the page ``Template:<Name with spaces>``.
"""

from __future__ import annotations

from pathlib import Path

#: The metadata box at the top of every page.
INFOBOX = "Infobox document"
#: Opens an admonition box (note, tip, warning); :data:`BOX_END` closes it.
BOX_START = "Box start"
#: Closes a box opened by :data:`BOX_START`.
BOX_END = "Box end"

#: The folder that holds the templates' wikitext.
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "wiki"


def template_title(name: str) -> str:
    """The wiki page title of a template (``Box start`` -> ``Template:Box start``)."""
    return f"Template:{name}"


def wiki_templates(folder: Path = TEMPLATE_DIR) -> dict[str, str]:
    """Every template the rendered pages need, by page title.

    Args:
        folder: Where the ``*.wikitext`` files are.

    Returns:
        Page title (``Template:Infobox document``) to wikitext, with trailing whitespace removed
        as MediaWiki stores it (so the stored text's sha1 is the sha1 of this text).
    """
    return {
        template_title(path.stem.replace("_", " ")): path.read_text(encoding="utf-8").rstrip()
        for path in sorted(folder.glob("*.wikitext"))
    }
