"""The YouTube channel: the publisher of the documents' videos and playlists, its API client,
sign-in and quota.
"""
