"""Wiki Pakistan (MediaWiki): reading its state, planning and applying a publish, and
bringing people's edits home (:mod:`sync.wiki.pull`).
"""
