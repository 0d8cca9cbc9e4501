"""Scorecards: the scoring framework, the gazetteer of places, field surveys turned into
scores, a report's own rules, and what the reports add up to (:mod:`.board`).
"""
