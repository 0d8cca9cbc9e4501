"""The plan of every target at once (wiki, site, YouTube), and its text, JSON and Markdown.

Each target's plan is the publisher's own plan object, printed by that publisher's own
renderers; a target that could not be checked (no login, an unreachable service) carries the
sentence that says why instead of a plan.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from site_builder.diff import SiteDiff
from sync.wiki.output import plan_markdown as wiki_markdown
from sync.wiki.plan import WikiPlan
from sync.youtube.output import plan_markdown as youtube_markdown
from sync.youtube.plan import YouTubePlan


class Target(enum.Enum):
    """Where the knowledge base is published."""

    WIKI = "wiki"
    SITE = "site"
    YOUTUBE = "youtube"

    @property
    def label(self) -> str:
        """The target's name in headings."""
        return {"wiki": "Wiki Pakistan", "site": "Site", "youtube": "YouTube"}[self.value]


TargetPlan = WikiPlan | SiteDiff | YouTubePlan


@dataclass(frozen=True)
class Unchecked:
    """A target the plan could not check, and why, in one sentence a user can act on."""

    reason: str


@dataclass(frozen=True)
class ChangePlan:
    """What publishing the change at hand would do, target by target, in the order asked."""

    parts: tuple[tuple[Target, TargetPlan | Unchecked], ...]

    def to_text(self) -> str:
        """Every target's plan as its own publisher prints it, under a heading."""
        blocks = []
        for target, part in self.parts:
            if isinstance(part, Unchecked):
                blocks.append(f"== {target.label}\nnot checked: {part.reason}")
            else:
                blocks.append(f"== {target.label}\n{part.to_text()}")
        return "\n\n".join(blocks)

    def to_markdown(self) -> str:
        """Every target's plan as Markdown, for a pull-request comment or a job summary."""
        blocks = ["## What merging this change publishes"]
        for target, part in self.parts:
            if isinstance(part, Unchecked):
                blocks.append(f"### {target.label}: not checked\n\n> {part.reason}")
            else:
                blocks.append(_markdown(part))
        return "\n\n".join(blocks)

    def to_json(self) -> dict[str, Any]:
        """``{target: {"checked": bool, "plan": ... | "reason": ...}}`` in the order asked."""
        data: dict[str, Any] = {}
        for target, part in self.parts:
            if isinstance(part, Unchecked):
                data[target.value] = {"checked": False, "reason": part.reason}
            else:
                data[target.value] = {"checked": True, "plan": part.to_json()}
        return data


def _markdown(part: TargetPlan) -> str:
    if isinstance(part, WikiPlan):
        return wiki_markdown(part)
    if isinstance(part, YouTubePlan):
        return youtube_markdown(part)
    return part.to_markdown()
