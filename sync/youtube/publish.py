"""The YouTube publisher: keeps the channel's playlists and descriptions in step with the documents.

Usage::

    service = build_service(user, endpoints)            # sync.youtube.client
    with YouTubeApi(service, Meter(settings.costs, budget), settings.retries) as api:
        publisher = YouTubePublisher(api, settings, config.content_dir)
        plan = publisher.plan(documents)                  # reads only
        report = publisher.apply(plan)                    # writes, within the budget

Without a sign-in, ``sync.youtube.offline.offline_plan`` prints what a first publish would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sync.publishing import Publisher
from sync.youtube.api import YouTubeApi
from sync.youtube.apply import YouTubeReport, apply_plan
from sync.youtube.diff import build_plan
from sync.youtube.plan import YouTubePlan
from wikipk.config.youtube import YouTubeSettings
from wikipk.model import Document


class YouTubePublisher:
    """Plans and applies the changes that bring the channel in step with the documents."""

    def __init__(
        self, api: YouTubeApi, settings: YouTubeSettings, content_dir: Path, prune: bool = False
    ) -> None:
        """Publish through ``api``.

        Args:
            api: the metered client; its meter holds the run's budget.
            settings: the ``youtube:`` section of ``wikipk.yml``.
            content_dir: the content folder, to name documents' files in problems.
            prune: also remove entries of managed playlists that no document cites.
        """
        self.api = api
        self.settings = settings
        self.content_dir = content_dir
        self.prune = prune

    def plan(self, documents: Sequence[Document]) -> YouTubePlan:
        """Read the channel (a few units) and plan every write, priced.

        Raises:
            RunStopped: the reads would pass the budget, or the daily quota is spent.
            CredentialsError: the sign-in is refused or is for another channel.
            ApiError: YouTube could not be reached.
        """
        return build_plan(documents, self.api, self.settings, self.content_dir, self.prune)

    def apply(self, plan: YouTubePlan) -> YouTubeReport:
        """Make the plan's changes in order, stopping cleanly at the budget or the quota.

        Raises:
            ValueError: the plan is an offline one, made without reading the channel.
        """
        if plan.offline:
            raise ValueError("an offline plan assumes an empty channel and cannot be applied")
        return apply_plan(plan, self.api)


def _conforms(publisher: YouTubePublisher) -> Publisher[YouTubePlan, YouTubeReport]:
    return publisher  # mypy checks here that the publisher fits the shared interface
