"""The documents rendered to wikitext: a page's body, its inline text, escapes, the page
itself (infobox, categories, premium teaser) and a scorecard report's scores.
"""
