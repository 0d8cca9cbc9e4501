"""A YouTube Data API v3 emulator on 127.0.0.1, for the real google-api-python-client to talk to.

Standard library only. It keeps its state in memory, charges quota per call, answers errors in
Google's shape, checks what the real API documents (title and description limits, ownership,
visibility), can inject faults, logs every request, and serves the OAuth token endpoint.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

CHANNEL_ID = "UCwikipakistan0000000001"
OTHER_CHANNEL = "UCsomeoneelse00000000002"
CLIENT_ID = "wikipk-test.apps.googleusercontent.com"
CLIENT_SECRET = "test-client-secret-XYZ"
REFRESH_TOKEN = "1//test-refresh-token-ABC"

COSTS = {
    "channels.list": 1,
    "playlists.list": 1,
    "playlistItems.list": 1,
    "videos.list": 1,
    "playlists.insert": 50,
    "playlistItems.insert": 50,
    "playlistItems.delete": 50,
    "videos.update": 50,
}
_ROUTES = {
    ("GET", "channels"): "channels.list",
    ("GET", "playlists"): "playlists.list",
    ("POST", "playlists"): "playlists.insert",
    ("GET", "playlistItems"): "playlistItems.list",
    ("POST", "playlistItems"): "playlistItems.insert",
    ("DELETE", "playlistItems"): "playlistItems.delete",
    ("GET", "videos"): "videos.list",
    ("PUT", "videos"): "videos.update",
}


class ApiFailure(Exception):
    """An error answer in Google's shape."""

    def __init__(self, status: int, reason: str, message: str, domain: str = "youtube") -> None:
        super().__init__(message)
        self.status, self.reason, self.domain = status, reason, domain

    def body(self) -> dict[str, Any]:
        error = {"message": str(self), "domain": self.domain, "reason": self.reason}
        return {"error": {"code": self.status, "message": str(self), "errors": [error]}}


@dataclass
class Fault:
    """An injected failure for one API method (``*`` for any)."""

    method: str
    action: str = "respond"
    """``respond`` (answer the error, do nothing), ``commit_then_fail`` (do it, then answer the
    error), ``drop`` (close the connection without answering) or ``commit_then_drop``."""
    status: int = 503
    reason: str = "backendError"
    times: int = 1


@dataclass
class Logged:
    """One request as the emulator saw it."""

    method: str
    """The API method (``videos.list``), or ``token``/``auth``."""
    verb: str
    path: str
    query: dict[str, list[str]]
    status: int
    authorization: str
    body: str = ""
    """The request body as text (API calls only; the token endpoint's form holds secrets)."""


@dataclass
class Video:
    """A video on the emulated YouTube."""

    id: str
    channel_id: str = OTHER_CHANNEL
    title: str = "A video"
    description: str = ""
    category_id: str = "27"
    tags: list[str] = field(default_factory=list)
    privacy: str = "public"
    embeddable: bool = True
    upload_status: str = "processed"


class YouTubeState:
    """Everything the emulator holds; tests seed and inspect it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.videos: dict[str, Video] = {}
        self.playlists: dict[str, dict[str, Any]] = {}
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.log: list[Logged] = []
        self.quota_limit = 10_000
        self.quota_used = 0
        self.page_size = 50
        self.refresh_tokens = {REFRESH_TOKEN}
        self.access_tokens: set[str] = set()
        self.codes: dict[str, str] = {}
        self._ids = itertools.count(1)

    def new_id(self, prefix: str) -> str:
        """A fresh resource id."""
        return f"{prefix}{next(self._ids):06d}"

    def add_video(self, video_id: str, **fields: Any) -> Video:
        """Seed a video."""
        self.videos[video_id] = Video(video_id, **fields)
        return self.videos[video_id]

    def writes(self) -> list[Logged]:
        """The API requests that could change something."""
        return [e for e in self.log if e.verb in ("POST", "PUT", "DELETE") and "." in e.method]

    def calls(self, method: str) -> list[Logged]:
        """Requests of one API method."""
        return [entry for entry in self.log if entry.method == method]

    def playlist_videos(self, playlist_id: str) -> list[str]:
        """The video ids of a playlist, in order."""
        return [item["contentDetails"]["videoId"] for item in self.items.get(playlist_id, [])]

    def take_fault(self, method: str) -> Fault | None:
        """The first armed fault for ``method``, used up once."""
        for fault in self.faults:
            if fault.times > 0 and fault.method in (method, "*"):
                fault.times -= 1
                return fault
        return None


class YouTubeEmulator:
    """The server: ``start()`` once, ``reset()`` between tests, ``stop()`` at the end."""

    def __init__(self) -> None:
        self.state = YouTubeState()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/``, the API root to give the client."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def token_uri(self) -> str:
        """The OAuth token endpoint."""
        return self.base_url + "token"

    def start(self) -> YouTubeEmulator:
        """Listen on a free port of 127.0.0.1 in a background thread."""
        emulator = self

        class Handler(_Handler):
            state_owner = emulator

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def reset(self) -> YouTubeState:
        """Forget everything; returns the fresh state."""
        self.state = YouTubeState()
        return self.state

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # keep-alive answers must not wait for a delayed ACK
    wbufsize = 1 << 16  # headers and body leave in one write; flushed after each request
    state_owner: YouTubeEmulator

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, verb: str) -> None:
        state = self.state_owner.state
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with state.lock:
            if url.path == "/token":
                form = parse_qs(raw.decode())
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):  # requests-oauthlib sends the client this way
                    client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
                    form.update(
                        {"client_id": [unquote(client_id)], "client_secret": [unquote(secret)]}
                    )
                status, body = _token(state, form)
                self._log(state, "token", verb, url.path, query, status)
                return self._send(status, body)
            if url.path == "/auth":
                self._log(state, "auth", verb, url.path, query, 302)
                return self._redirect(state, query)
            method = _ROUTES.get((verb, url.path.removeprefix("/youtube/v3/")), "")
            status, answer = self._api(state, method, query, json.loads(raw) if raw else {})
            self._log(state, method, verb, url.path, query, status, raw.decode())
        if answer is _DROP:
            self.close_connection = True
            return None
        return self._send(status, answer)

    def _api(
        self, state: YouTubeState, method: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        try:
            if not method:
                raise ApiFailure(404, "notFound", "no such method")
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in state.access_tokens:
                raise ApiFailure(401, "authError", "Invalid Credentials", "global")
            _charge(state, method)
            fault = state.take_fault(method)
            if fault and fault.action == "drop":
                return 0, _DROP
            if fault and fault.action == "respond":
                raise ApiFailure(fault.status, fault.reason, "injected fault", "global")
            answer = _METHODS[method](state, {k: v[0] for k, v in query.items()}, body)
            if fault and fault.action == "commit_then_drop":
                return 0, _DROP
            if fault:
                raise ApiFailure(
                    fault.status, fault.reason, "injected fault after commit", "global"
                )
            return (204, None) if answer is None else (200, answer)
        except ApiFailure as failure:
            return failure.status, failure.body()

    def _log(
        self,
        state: YouTubeState,
        method: str,
        verb: str,
        path: str,
        query: Any,
        status: int,
        body: str = "",
    ) -> None:
        auth = self.headers.get("Authorization", "")
        state.log.append(Logged(method, verb, path, query, status, auth, body))

    def _send(self, status: int, body: Any) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, state: YouTubeState, query: dict[str, list[str]]) -> None:
        code = state.new_id("code-")
        state.codes[code] = query["client_id"][0]
        target = (
            query["redirect_uri"][0]
            + "?"
            + urlencode({"state": query["state"][0], "code": code, "scope": query["scope"][0]})
        )
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


_DROP = object()


def _charge(state: YouTubeState, method: str) -> None:
    cost = COSTS[method]
    if state.quota_used + cost > state.quota_limit:
        raise ApiFailure(
            403,
            "quotaExceeded",
            "The request cannot be completed because you have exceeded your quota.",
        )
    state.quota_used += cost


def _token(state: YouTubeState, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
    given = {key: values[0] for key, values in form.items()}
    if given.get("client_id") != CLIENT_ID or given.get("client_secret") != CLIENT_SECRET:
        return 401, {
            "error": "invalid_client",
            "error_description": "The OAuth client was not found.",
        }
    if given.get("grant_type") == "authorization_code" and given.get("code") in state.codes:
        del state.codes[given["code"]]
        refresh = state.new_id("1//refresh-")
        state.refresh_tokens.add(refresh)
        return 200, {**_access(state), "refresh_token": refresh}
    if (
        given.get("grant_type") == "refresh_token"
        and given.get("refresh_token") in state.refresh_tokens
    ):
        return 200, _access(state)
    return 400, {
        "error": "invalid_grant",
        "error_description": "Token has been expired or revoked.",
    }


def _access(state: YouTubeState) -> dict[str, Any]:
    token = state.new_id("ya29.access-")
    state.access_tokens.add(token)
    scope = "https://www.googleapis.com/auth/youtube"
    return {"access_token": token, "expires_in": 3599, "token_type": "Bearer", "scope": scope}


def _page(
    state: YouTubeState, kind: str, items: list[Any], query: dict[str, str]
) -> dict[str, Any]:
    size = min(int(query.get("maxResults", 5)), state.page_size)
    start = int(query.get("pageToken") or 0)
    page: dict[str, Any] = {
        "kind": f"youtube#{kind}ListResponse",
        "etag": "etag",
        "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
        "items": items[start : start + size],
    }
    if start + size < len(items):
        page["nextPageToken"] = str(start + size)
    return page


def _check_text(title: str, description: str, title_limit: int = 100) -> None:
    if not title:
        raise ApiFailure(400, "invalidTitle", "The request metadata specifies an empty title.")
    if len(title) > title_limit:
        raise ApiFailure(400, "invalidTitle", "The request metadata specifies an invalid title.")
    if len(description.encode("utf-8")) > 5000:
        raise ApiFailure(400, "invalidDescription", "The description is too long.")
    if any(char in title + description for char in "<>"):
        raise ApiFailure(400, "invalidDescription", "The metadata contains invalid characters.")


def _channels(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    item = {
        "kind": "youtube#channel",
        "etag": "etag",
        "id": CHANNEL_ID,
        "snippet": {"title": "Wiki Pakistan"},
    }
    return _page(state, "channel", [item], query)


def _playlists_list(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    return _page(state, "playlist", list(state.playlists.values()), query)


def _playlists_insert(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    snippet = body.get("snippet", {})
    _check_text(snippet.get("title", ""), snippet.get("description", ""), title_limit=150)
    playlist_id = state.new_id("PL")
    state.playlists[playlist_id] = {
        "kind": "youtube#playlist",
        "etag": "etag",
        "id": playlist_id,
        "snippet": {**snippet, "channelId": CHANNEL_ID},
        "status": {"privacyStatus": body.get("status", {}).get("privacyStatus", "public")},
    }
    state.items[playlist_id] = []
    return state.playlists[playlist_id]


def _items_list(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    if query.get("playlistId") not in state.items:
        raise ApiFailure(404, "playlistNotFound", "The playlist cannot be found.")
    return _page(state, "playlistItem", state.items[query["playlistId"]], query)


def _items_insert(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    snippet = body.get("snippet", {})
    playlist_id, video_id = snippet.get("playlistId"), snippet.get("resourceId", {}).get("videoId")
    if playlist_id not in state.items:
        raise ApiFailure(404, "playlistNotFound", "The playlist cannot be found.")
    if video_id not in _visible(state):
        raise ApiFailure(404, "videoNotFound", "The video cannot be found.")
    if len(state.items[playlist_id]) >= 5000:
        raise ApiFailure(403, "playlistContainsMaximumNumberOfVideos", "The playlist is full.")
    item = {
        "kind": "youtube#playlistItem",
        "etag": "etag",
        "id": state.new_id("PLI"),
        "snippet": {
            "playlistId": playlist_id,
            "resourceId": {"kind": "youtube#video", "videoId": video_id},
        },
        "contentDetails": {"videoId": video_id},
    }
    state.items[playlist_id].append(item)
    return item


def _items_delete(state: YouTubeState, query: dict[str, str], body: Any) -> None:
    for items in state.items.values():
        for item in items:
            if item["id"] == query.get("id"):
                items.remove(item)
                return
    raise ApiFailure(404, "playlistItemNotFound", "The playlist item cannot be found.")


def _visible(state: YouTubeState) -> dict[str, Video]:
    return {
        vid: video
        for vid, video in state.videos.items()
        if video.upload_status != "deleted"
        and (video.privacy != "private" or video.channel_id == CHANNEL_ID)
    }


def _video_json(video: Video) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "channelId": video.channel_id,
        "title": video.title,
        "description": video.description,
        "categoryId": video.category_id,
    }
    if video.tags:
        snippet["tags"] = video.tags
    status = {
        "privacyStatus": video.privacy,
        "embeddable": video.embeddable,
        "uploadStatus": video.upload_status,
    }
    return {
        "kind": "youtube#video",
        "etag": "etag",
        "id": video.id,
        "snippet": snippet,
        "status": status,
    }


def _videos_list(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    ids = [vid for vid in query.get("id", "").split(",") if vid]
    if len(ids) > 50:
        raise ApiFailure(400, "invalidFilters", "Too many ids: at most 50.")
    visible = _visible(state)
    items = [_video_json(visible[vid]) for vid in ids if vid in visible]
    return {
        "kind": "youtube#videoListResponse",
        "etag": "etag",
        "items": items,
        "pageInfo": {"totalResults": len(items), "resultsPerPage": 50},
    }


def _videos_update(state: YouTubeState, query: dict[str, str], body: Any) -> dict[str, Any]:
    video = _visible(state).get(body.get("id", ""))
    if video is None:
        raise ApiFailure(404, "videoNotFound", "The video cannot be found.")
    if video.channel_id != CHANNEL_ID:
        raise ApiFailure(403, "forbidden", "The video cannot be updated by this channel.")
    snippet = body.get("snippet", {})
    if not snippet.get("categoryId"):
        raise ApiFailure(400, "invalidCategoryId", "The snippet must specify a category.")
    _check_text(snippet.get("title", ""), snippet.get("description", ""))
    video.title, video.description = snippet["title"], snippet.get("description", "")
    video.category_id, video.tags = snippet["categoryId"], list(snippet.get("tags", []))
    return _video_json(video)


_METHODS: dict[str, Any] = {
    "channels.list": _channels,
    "playlists.list": _playlists_list,
    "playlists.insert": _playlists_insert,
    "playlistItems.list": _items_list,
    "playlistItems.insert": _items_insert,
    "playlistItems.delete": _items_delete,
    "videos.list": _videos_list,
    "videos.update": _videos_update,
}
