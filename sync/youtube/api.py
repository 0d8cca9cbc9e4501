"""The calls the publisher makes, typed, priced and metered, with errors in the user's terms.

Every call is charged to a :class:`Meter` before it is sent; the meter refuses a call that would
pass the run's budget. Reads and updates let the library retry 5xx answers and dropped
connections; inserts never do, because a retry after a committed insert makes a duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError

from sync.youtube.errors import ApiError, BudgetExhausted, CredentialsError, QuotaExhausted
from wikipk.config.youtube import Method

log = logging.getLogger(__name__)

BATCH = 50
"""Ids per ``videos.list`` call and items per page: the API's maximum."""

LOGIN_AGAIN = "run 'wikipk youtube login' again and update the CI secret"


def videos_label(count: int) -> str:
    """``1 video``, ``6 videos``: how a plan line counts the videos a call reads."""
    return f"{count} video" if count == 1 else f"{count} videos"


@dataclass(frozen=True)
class Call:
    """One API call, as the plan and the report list it."""

    method: Method
    detail: str
    """What it was for, such as ``mine`` or ``12 videos``."""
    cost: int
    """Units charged to the quota."""


@dataclass
class Meter:
    """Units spent by this run, and the budget it must stay within."""

    costs: Mapping[Method, int]
    budget: int
    calls: list[Call] = field(default_factory=list)

    @property
    def spent(self) -> int:
        """Units charged so far."""
        return sum(call.cost for call in self.calls)

    def charge(self, method: Method, detail: str) -> None:
        """Record a call about to be made.

        Raises:
            BudgetExhausted: the call would pass the budget; nothing is recorded.
        """
        cost = self.costs[method]
        if self.spent + cost > self.budget:
            raise BudgetExhausted(
                f"the budget of {self.budget} units would be passed by {method.value} "
                f"({cost} units, {self.spent} spent)"
            )
        self.calls.append(Call(method, detail, cost))


@dataclass(frozen=True)
class Channel:
    """The channel the sign-in belongs to."""

    id: str
    title: str


@dataclass(frozen=True)
class RemotePlaylist:
    """A playlist of the channel."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class RemoteItem:
    """One entry of a playlist."""

    id: str
    video_id: str


@dataclass(frozen=True)
class VideoSnippet:
    """The writable part of a video's snippet: what ``videos.update`` must send back whole."""

    title: str
    description: str
    category_id: str
    tags: tuple[str, ...] = ()
    default_language: str | None = None
    default_audio_language: str | None = None

    def to_body(self) -> dict[str, Any]:
        """The snippet as the API takes it; fields left out would be deleted by YouTube."""
        body: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "categoryId": self.category_id,
        }
        if self.tags:
            body["tags"] = list(self.tags)
        if self.default_language:
            body["defaultLanguage"] = self.default_language
        if self.default_audio_language:
            body["defaultAudioLanguage"] = self.default_audio_language
        return body


@dataclass(frozen=True)
class RemoteVideo:
    """A video as ``videos.list`` shows it."""

    id: str
    channel_id: str
    privacy: str
    """``public``, ``unlisted`` or ``private``."""
    embeddable: bool
    upload_status: str
    """``processed``, ``uploaded``, ``deleted``, ``failed`` or ``rejected``."""
    snippet: VideoSnippet


class YouTubeApi:
    """The YouTube Data API as the publisher uses it. Close it (or use ``with``) when done."""

    def __init__(self, service: Any, meter: Meter, retries: int = 3) -> None:
        """Wrap a client made by :func:`sync.youtube.client.build_service`.

        Args:
            service: the googleapiclient resource.
            meter: charges every call against the budget.
            retries: library retries for reads and updates (never for inserts).
        """
        self._service = service
        self.meter = meter
        self.retries = retries

    def __enter__(self) -> YouTubeApi:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the client's connections."""
        self._service.close()

    def my_channel(self) -> Channel:
        """The channel of the signed-in account.

        Raises:
            CredentialsError: the account has no YouTube channel.
        """
        answer = self._run(
            Method.CHANNELS_LIST,
            "mine",
            self._service.channels().list(part="id,snippet", mine=True),
        )
        items = answer.get("items") or []
        if not items:
            raise CredentialsError(
                "the signed-in Google account has no YouTube channel; "
                "run 'wikipk youtube login' and choose the channel's account"
            )
        return Channel(items[0]["id"], items[0].get("snippet", {}).get("title", ""))

    def my_playlists(self) -> list[RemotePlaylist]:
        """Every playlist of the channel."""
        request = self._service.playlists().list(part="snippet", mine=True, maxResults=BATCH)
        return [
            RemotePlaylist(
                item["id"],
                item["snippet"].get("title", ""),
                item["snippet"].get("description", ""),
            )
            for item in self._pages(
                Method.PLAYLISTS_LIST, "mine", self._service.playlists(), request
            )
        ]

    def playlist_items(self, playlist_id: str) -> list[RemoteItem]:
        """The entries of a playlist, in its order."""
        resource = self._service.playlistItems()
        request = resource.list(part="contentDetails", playlistId=playlist_id, maxResults=BATCH)
        return [
            RemoteItem(item["id"], item["contentDetails"]["videoId"])
            for item in self._pages(Method.PLAYLIST_ITEMS_LIST, playlist_id, resource, request)
        ]

    def videos(self, video_ids: Sequence[str]) -> dict[str, RemoteVideo]:
        """The videos among ``video_ids`` that YouTube shows this channel, by id."""
        found: dict[str, RemoteVideo] = {}
        for start in range(0, len(video_ids), BATCH):
            batch = video_ids[start : start + BATCH]
            request = self._service.videos().list(part="snippet,status", id=",".join(batch))
            answer = self._run(Method.VIDEOS_LIST, videos_label(len(batch)), request)
            for item in answer.get("items", []):
                found[item["id"]] = _video(item)
        return found

    def insert_playlist(self, title: str, description: str, privacy: str) -> str:
        """Create a playlist; returns its id. Not retried: see :mod:`sync.youtube.apply`."""
        body = {
            "snippet": {"title": title, "description": description},
            "status": {"privacyStatus": privacy},
        }
        request = self._service.playlists().insert(part="snippet,status", body=body)
        return str(self._run(Method.PLAYLISTS_INSERT, title, request, retries=0)["id"])

    def insert_item(self, playlist_id: str, video_id: str) -> str:
        """Append a video to a playlist; returns the entry's id. Not retried."""
        body = {
            "snippet": {
                "playlistId": playlist_id,
                "resourceId": {"kind": "youtube#video", "videoId": video_id},
            }
        }
        request = self._service.playlistItems().insert(part="snippet", body=body)
        return str(self._run(Method.PLAYLIST_ITEMS_INSERT, video_id, request, retries=0)["id"])

    def delete_item(self, item_id: str) -> None:
        """Remove an entry from a playlist (a retry that finds it gone is not an error)."""
        request = self._service.playlistItems().delete(id=item_id)
        try:
            self._run(Method.PLAYLIST_ITEMS_DELETE, item_id, request)
        except ApiError as error:
            if error.status != 404:
                raise

    def update_snippet(self, video_id: str, snippet: VideoSnippet) -> None:
        """Replace a video's snippet (the whole of it: see :class:`VideoSnippet`)."""
        body = {"id": video_id, "snippet": snippet.to_body()}
        request = self._service.videos().update(part="snippet", body=body)
        self._run(Method.VIDEOS_UPDATE, video_id, request)

    def _pages(
        self, method: Method, detail: str, resource: Any, request: Any
    ) -> Iterator[dict[str, Any]]:
        page = 1
        while request is not None:
            answer = self._run(method, f"{detail}, page {page}", request)
            yield from answer.get("items", [])
            request = resource.list_next(request, answer)
            page += 1

    def _run(
        self, method: Method, detail: str, request: Any, retries: int | None = None
    ) -> dict[str, Any]:
        self.meter.charge(method, detail)
        log.info("YouTube %s %s", method.value, detail)
        try:
            answer = request.execute(num_retries=self.retries if retries is None else retries)
        except HttpError as error:
            raise _http_error(error, method) from None
        except RefreshError as error:
            raise _refresh_error(error) from None
        except TransportError:
            raise ApiError(
                "cannot reach Google's sign-in service to renew the access token; "
                "check the network and run again"
            ) from None
        except (httplib2.HttpLib2Error, OSError) as error:
            host = urlsplit(str(getattr(request, "uri", ""))).netloc or "YouTube"
            raise ApiError(
                f"cannot reach YouTube ({host}): {_reason(error)}; check the network and run again"
            ) from None
        return answer if isinstance(answer, dict) else {}


def _video(item: dict[str, Any]) -> RemoteVideo:
    snippet = item.get("snippet", {})
    status = item.get("status", {})
    return RemoteVideo(
        id=item["id"],
        channel_id=snippet.get("channelId", ""),
        privacy=status.get("privacyStatus", "public"),
        embeddable=bool(status.get("embeddable", True)),
        upload_status=status.get("uploadStatus", "processed"),
        snippet=VideoSnippet(
            title=snippet.get("title", ""),
            description=snippet.get("description", ""),
            category_id=str(snippet.get("categoryId", "")),
            tags=tuple(snippet.get("tags", ())),
            default_language=snippet.get("defaultLanguage"),
            default_audio_language=snippet.get("defaultAudioLanguage"),
        ),
    )


def _reasons(error: HttpError) -> list[str]:
    details = error.error_details
    if not isinstance(details, list):
        return []
    return [str(detail.get("reason", "")) for detail in details if isinstance(detail, dict)]


def _http_error(error: HttpError, method: Method) -> Exception:
    status = int(error.status_code or 0)
    reasons = _reasons(error)
    reason = reasons[0] if reasons else ""
    if status == 403 and "quotaExceeded" in reasons:
        return QuotaExhausted(
            "YouTube's daily quota for this project is used up (quotaExceeded); "
            "it resets at midnight Pacific Time"
        )
    if status == 401:
        return CredentialsError(f"YouTube refused the sign-in (401); {LOGIN_AGAIN}")
    if status == 403 and reason in ("insufficientPermissions", "youtubeSignupRequired"):
        return CredentialsError(
            f"the sign-in may not manage this channel ({reason}); {LOGIN_AGAIN}, "
            "allowing access to the YouTube account"
        )
    label = f"{status} {reason}".strip()
    return ApiError(f"YouTube answered {label} to {method.value}", status, reason)


def _refresh_error(error: RefreshError) -> CredentialsError:
    # args[1] is the token endpoint's JSON answer; only its error code is shown, never the body.
    answer = error.args[1] if len(error.args) > 1 else None
    code = answer.get("error") if isinstance(answer, dict) else None
    if isinstance(code, str) and code.replace("_", "").isalnum():
        return CredentialsError(
            f"Google refused the stored YouTube sign-in ({code}): it was revoked, has expired "
            f"or belongs to another OAuth client; {LOGIN_AGAIN}"
        )
    return CredentialsError(f"the stored YouTube sign-in could not be renewed; {LOGIN_AGAIN}")


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, TimeoutError):
        return "no answer in time"
    return "the connection failed"
