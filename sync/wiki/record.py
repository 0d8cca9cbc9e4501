"""What a publish run leaves for the next one: the publish cache and the no-op record.

A run given a :class:`RunRecord` fingerprints its inputs before anything is loaded. Its plan
may then come from the publish cache (:mod:`sync.wiki.cache`): the desired pages' sha1s saved
by the last clean run with the same inputs. Applying first forgets the no-op record (whatever
the run writes, the wiki no longer matches it); a clean, complete run then saves the publish
cache and, when the login came from the environment and the wiki was seen to match every page,
the record that lets the next run with nothing to do answer from one request
(:mod:`sync.wiki.unchanged`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sync.wiki import cache as wiki_cache
from sync.wiki import unchanged
from sync.wiki.inputs import Inputs, read_inputs
from sync.wiki.output import FORMATS, plan_output, report_output
from sync.wiki.plan import DesiredFile, DesiredPage, PlanInput, WikiPlan
from sync.wiki.report import WikiReport
from sync.wiki.unchanged import PLAN_HEAD, Printed, RecentChange, split_json

if TYPE_CHECKING:
    from sync.wiki.publish import PublishOptions


@dataclass(frozen=True)
class RunRecord:
    """Where a publish run finds and keeps its records, and what they are checked against."""

    root: Path
    """The knowledge base's root (the records are below its ``.wikipk/cache/``)."""
    content_option: Path | None
    """``--content`` as given (None when not given): the no-op record is for that option."""
    content_dir: Path
    inputs: Inputs
    """The digest and fingerprint of every input, taken before the documents were loaded."""
    login: tuple[str, str, str] | None
    """The wiki's URL, user and password when the environment gives all three (the no-op path
    only knows a login from there)."""

    def cached(self, wiki: str) -> tuple[list[DesiredPage], list[DesiredFile]] | None:
        """The desired pages and files the last clean run saved for these inputs and wiki."""
        return wiki_cache.load(self.root, self.inputs.digest, wiki)

    def forget(self) -> None:
        """Drop the no-op record: the run is about to write, so the wiki no longer matches it."""
        unchanged.save_published(self.root, None)

    def remember(
        self,
        wiki: str,
        wanted: PlanInput,
        confirmed: tuple[RecentChange, WikiPlan] | None,
        prune: bool,
    ) -> None:
        """Save the publish cache of a clean run, and the no-op record when the wiki was
        ``confirmed`` to match every page after its recent changes stood at a known entry."""
        published = None
        if self.login is not None and confirmed is not None:
            change, matching = confirmed
            published = unchanged.seen_matching(
                change,
                printed(matching),
                self.login,
                self.content_option,
                self.content_dir,
                self.inputs,
                prune,
            )
        unchanged.save_published(self.root, published)
        wiki_cache.save(
            self.root, self.inputs, wiki, [*wanted.fixed, *wanted.documents], list(wanted.files)
        )


def run_record(
    root: Path,
    content_option: Path | None,
    options: PublishOptions,
    login: tuple[str, str, str] | None,
) -> RunRecord:
    """The record of a run about to start, with its inputs read (their digest, and the
    fingerprint of their sizes and times taken first)."""
    inputs = read_inputs(root, options.content_dir, options.shaping())
    return RunRecord(root, content_option, options.content_dir, inputs, login)


def printed(plan: WikiPlan) -> Printed:
    """A plan with nothing to do, and the report of applying it, as each format prints them."""
    done = WikiReport(())
    plans = {form: plan_output(plan, form) for form in FORMATS if form != "json"}
    plans["json"] = split_json(plan.to_json(), PLAN_HEAD)
    reports = {form: text for form in FORMATS if (text := report_output(done, form)) is not None}
    return Printed(plans, reports)
