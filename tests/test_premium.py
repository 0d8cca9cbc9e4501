"""Subscribers and sealed premium pages: the registry, ``wikipk subscribers``, and the build."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import shutil
import stat
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from site_builder.build import build_site
from site_builder.premium import seal, unseal
from tests.cli_helpers import run
from tests.premium_kb import (
    MARKER,
    PREMIUM_ID,
    PREMIUM_PAGE,
    REGISTRY,
    SECRET_IMAGE,
    add_subscriber,
    copy_starter,
    document_key,
    read_as_subscriber,
    sealed_body,
    write_config,
)
from wikipk.config import load_config
from wikipk.premium.subscribers import derive, load_registry, new_code, normalise_code

CODE = re.compile(r"(?:[A-Z2-7]{4}-){7}[A-Z2-7]{4}")
TODAY = date.today()


@pytest.fixture
def premium_kb(knowledge_base: Path) -> Path:
    """The starter content (marker planted) with a registry setting, as the working directory."""
    (knowledge_base / "content").rmdir()
    copy_starter(knowledge_base, marker=True)
    write_config(knowledge_base)
    return knowledge_base


def build(root: Path) -> Path:
    out = root / "_site"
    build_site(load_config(root), out, search=False)
    return out


def test_a_code_has_160_random_bits_and_is_typed_forgivingly() -> None:
    code = new_code()
    assert CODE.fullmatch(code)
    assert len(base64.b32decode(code.replace("-", ""))) == 20
    assert new_code() != code
    typed = code.lower().replace("-", " ")
    assert normalise_code(typed) == code.replace("-", "")
    assert derive(typed) == derive(code)


def _hkdf(material: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 written out with the standard library, to check the derivation independently."""
    prk = hmac.new(b"wikipk premium v1", material, hashlib.sha256).digest()
    block, out = b"", b""
    for counter in range(1, 3):
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
    return out[:length]


def test_the_key_file_name_and_wrapping_key_are_separate_hkdf_derivations() -> None:
    code = "abcd-" * 7 + "ABC7"
    derived = derive(code)
    material = ("ABCD" * 7 + "ABC7").encode()
    assert derived.key_file == _hkdf(material, b"key-file", 16).hex()
    assert derived.wrap_key == _hkdf(material, b"wrap-key", 32)
    assert derived.wrap_key[:16].hex() != derived.key_file


def test_sealing_is_stable_and_bound_to_its_document() -> None:
    key = bytes(range(32))
    sealed = seal(key, b"doc-a", b"body")
    assert seal(key, b"doc-a", b"body") == sealed
    assert seal(key, b"doc-a", b"other")[:12] != sealed[:12]
    assert unseal(key, b"doc-a", sealed) == b"body"
    with pytest.raises(InvalidTag):
        unseal(key, b"doc-b", sealed)


def test_add_prints_the_code_and_link_once_and_keeps_only_derived_keys(premium_kb: Path) -> None:
    result = run("subscribers", "add", "Quetta District Office", "--expires", "2099-06-30")
    assert result.exit_code == 0, result.output
    code = CODE.search(result.output)
    assert code
    assert result.output.replace(code.group(), "CODE") == (
        "Added Quetta District Office: every premium document, until 2099-06-30.\n"
        "Access code (shown only this once; give it to the subscriber privately):\n"
        "  CODE\n"
        "Or this link, which keeps the code on the reader's device:\n"
        f"  https://wikipakistan.example/docs/{PREMIUM_ID}.html#code=CODE\n"
        "The code works on the site from the next 'wikipk build'.\n"
    )
    registry = premium_kb / REGISTRY
    assert stat.S_IMODE(registry.stat().st_mode) == 0o600
    assert stat.S_IMODE(registry.parent.stat().st_mode) == 0o700
    text = registry.read_text()
    assert code.group() not in text and code.group().replace("-", "") not in text
    (subscriber,) = load_registry(registry).subscribers
    assert subscriber.key_file == derive(code.group()).key_file
    listed = run("subscribers", "list").output
    assert code.group() not in listed


def test_list_shows_what_each_subscriber_opens_until_when(premium_kb: Path) -> None:
    assert run("subscribers", "list").output == (
        "No subscribers yet: add one with 'wikipk subscribers add NAME'.\n"
    )
    run("subscribers", "add", "Punjab PMRU")
    run("subscribers", "add", "AYT franchisee", "--docs", PREMIUM_ID, "--expires", "2099-01-31")
    add_subscriber(premium_kb, "Lapsed NGO", expires=TODAY - timedelta(days=1))
    run("subscribers", "revoke", "Punjab PMRU")
    day = TODAY.isoformat()
    since = (TODAY - timedelta(days=30)).isoformat()
    lapsed = (TODAY - timedelta(days=1)).isoformat()
    assert run("subscribers", "list").output == (
        "name            since       opens                                            status\n"
        f"Punjab PMRU     {day}  every premium document, until revoked            revoked on {day}\n"
        f"AYT franchisee  {day}  {PREMIUM_ID}, until 2099-01-31  active\n"
        f"Lapsed NGO      {since}  every premium document, until {lapsed}         expired on {lapsed}\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("add", "X", "--docs", "balochistan-cap-90-day"),
            "Error: 'balochistan-cap-90-day' is not a premium document of this knowledge base; did you mean 'balochistan-cap-90-day-design'?\n",
        ),
        (
            ("add", "X", "--docs", "grievance-channel"),
            "Error: 'grievance-channel' is not a premium document of this knowledge base\n",
        ),
        (
            ("add", "X", "--expires", "30/06/2027"),
            "Error: --expires must be a date such as 2027-06-30, got '30/06/2027'\n",
        ),
        (
            ("add", "X", "--expires", "2020-01-01"),
            "Error: --expires 2020-01-01 has already passed\n",
        ),
        (
            ("revoke", "Nobody"),
            "Error: no subscriber named 'Nobody'; 'wikipk subscribers list'\n",
        ),
    ],
)
def test_wrong_requests_are_refused_in_one_sentence(
    premium_kb: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("subscribers", *args)
    assert (result.output, result.exit_code) == (message, 2)
    assert not (premium_kb / REGISTRY).exists()


def test_a_name_is_taken_until_it_is_revoked(premium_kb: Path) -> None:
    run("subscribers", "add", "Punjab PMRU")
    again = run("subscribers", "add", "Punjab PMRU")
    assert (again.output, again.exit_code) == (
        "Error: a subscriber named 'Punjab PMRU' already exists; revoke it first or choose another name\n",
        2,
    )
    assert run("subscribers", "revoke", "Punjab PMRU").output == (
        "Revoked Punjab PMRU. From the next 'wikipk build' their code opens nothing, and the "
        "documents they could open get new keys, so pages and key files they kept stay shut.\n"
    )
    assert run("subscribers", "add", "Punjab PMRU").exit_code == 0


def test_without_a_registry_setting_the_commands_say_how_to_set_one(
    premium_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (premium_kb / "wikipk.yml").unlink()
    monkeypatch.delenv("WIKIPK_SUBSCRIBERS_FILE", raising=False)
    result = run("subscribers", "list")
    assert (result.output, result.exit_code) == (
        "Error: no subscriber registry is set: add 'premium: {subscribers_file: PATH}' to "
        "wikipk.yml or set WIKIPK_SUBSCRIBERS_FILE, with a path outside git\n",
        2,
    )


def test_the_environment_names_the_registry_too(
    premium_kb: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WIKIPK_SUBSCRIBERS_FILE", str(tmp_path / "elsewhere.json"))
    run("subscribers", "add", "Punjab PMRU")
    assert (tmp_path / "elsewhere.json").is_file()
    assert not (premium_kb / REGISTRY).exists()


def test_a_registry_inside_the_content_folder_or_readable_by_others_is_refused(
    premium_kb: Path,
) -> None:
    (premium_kb / "wikipk.yml").write_text("premium:\n  subscribers_file: content/subs.json\n")
    inside = run("subscribers", "list")
    assert (inside.output, inside.exit_code) == (
        f"Error: the subscriber registry {premium_kb}/content/subs.json is inside the content "
        "folder; keep it outside git\n",
        2,
    )
    write_config(premium_kb)
    run("subscribers", "add", "Punjab PMRU")
    registry = premium_kb / REGISTRY
    registry.chmod(0o644)
    result = run("subscribers", "list")
    assert result.output == (
        f"Error: the subscriber registry {registry} may be read by other users; "
        f"make it private with 'chmod 600 {registry}'\n"
    )
    build_error = run("build", "--no-search")
    assert build_error.output.endswith("; the site was not built\n")
    assert build_error.exit_code == 2


def test_a_registry_that_git_could_commit_is_refused(premium_kb: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=premium_kb, check=True)
    refused = run("subscribers", "add", "Punjab PMRU")
    assert (refused.output, refused.exit_code) == (
        f"Error: the subscriber registry {premium_kb}/{REGISTRY} is inside a git work tree that "
        "does not ignore it; keep it outside git (such as ~/.config/wikipk/subscribers.json) or "
        "add it to .gitignore\n",
        2,
    )
    assert not (premium_kb / REGISTRY).exists()
    (premium_kb / ".gitignore").write_text("private/\n")
    assert run("subscribers", "add", "Punjab PMRU").exit_code == 0
    assert (premium_kb / REGISTRY).is_file()


def test_a_wrong_premium_setting_names_the_right_one(premium_kb: Path) -> None:
    (premium_kb / "wikipk.yml").write_text("premium:\n  subscriber_file: x.json\n")
    result = run("subscribers", "list")
    assert result.output == (
        "Error: wikipk.yml:2:3: unknown setting 'premium.subscriber_file'\n"
        "    hint: did you mean 'subscribers_file'?\n"
    )


def test_a_code_opens_the_body_and_its_images_and_nothing_is_in_plain_text(
    premium_kb: Path,
) -> None:
    code = add_subscriber(premium_kb, "Punjab PMRU")
    out = build(premium_kb)
    body = read_as_subscriber(out, code)
    assert MARKER in body and '<h2 id="context">Context</h2>' in body
    image = re.search(r'<img src="\.\./(sealed/[0-9a-f]{24}\.bin)" alt="A chart', body)
    assert image, "the image points at its sealed copy"
    key = document_key(out, code, PREMIUM_ID)
    assert key is not None
    plain = unseal(key, PREMIUM_ID.encode(), (out / image.group(1)).read_bytes())
    assert plain == b"image/svg+xml\n" + (premium_kb / SECRET_IMAGE).read_bytes()
    assert not (out / "files" / "media" / "premium-only-chart.svg").exists()
    for path in out.rglob("*"):
        assert not path.is_file() or MARKER.encode() not in path.read_bytes(), path


def test_an_unchanged_build_writes_the_same_sealed_bytes(premium_kb: Path) -> None:
    add_subscriber(premium_kb, "Punjab PMRU")
    out = build(premium_kb)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    out = build(premium_kb)
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second
    assert any(path.parts[0] == "keys" for path in first)


def test_revoking_rotates_the_keys_so_kept_key_files_and_pages_stay_shut(
    premium_kb: Path,
) -> None:
    leaving = add_subscriber(premium_kb, "Leaving")
    staying = add_subscriber(premium_kb, "Staying", docs=(PREMIUM_ID,))
    out = build(premium_kb)
    kept_key = document_key(out, leaving, PREMIUM_ID)
    kept_page = (out / PREMIUM_PAGE).read_text()
    assert kept_key is not None and MARKER in read_as_subscriber(out, leaving)
    assert run("subscribers", "revoke", "Leaving").exit_code == 0
    out = build(premium_kb)
    assert document_key(out, leaving, PREMIUM_ID) is None, "the key file is gone"
    assert len(list((out / "keys").iterdir())) == 1
    sealed = sealed_body((out / PREMIUM_PAGE).read_text())
    with pytest.raises(InvalidTag):
        unseal(kept_key, PREMIUM_ID.encode(), sealed.data)
    assert MARKER in read_as_subscriber(out, staying)
    assert sealed_body(kept_page).data != sealed.data


def test_an_expired_subscriber_is_not_in_the_build_and_their_keys_rotate(
    premium_kb: Path,
) -> None:
    ending = add_subscriber(premium_kb, "Ending", expires=TODAY)
    out = build(premium_kb)
    old_key = document_key(out, ending, PREMIUM_ID)
    assert old_key is not None
    registry_file = premium_kb / REGISTRY
    data = json.loads(registry_file.read_text())
    data["subscribers"][0]["expires"] = (TODAY - timedelta(days=1)).isoformat()
    registry_file.write_text(json.dumps(data))
    out = build(premium_kb)
    assert not (out / "keys").exists()
    new_key = load_registry(registry_file).document_keys[PREMIUM_ID]
    assert new_key != old_key
    assert load_registry(registry_file).subscribers[0].rotated


def test_without_a_registry_a_premium_page_is_a_teaser_with_no_sealed_body(
    premium_kb: Path,
) -> None:
    out = build(premium_kb)
    page = (out / PREMIUM_PAGE).read_text()
    assert 'id="sealed"' not in page and not (out / "keys").exists()
    assert '<form id="unlock" class="unlock" hidden' in page
    assert not (premium_kb / REGISTRY).exists()


def test_a_premium_page_weighs_with_its_sealed_body_and_its_script(premium_kb: Path) -> None:
    add_subscriber(premium_kb, "Punjab PMRU")
    write_config(premium_kb, "site:\n  page_budget_kb: 1\n")
    out = premium_kb / "_site"
    report = build_site(load_config(premium_kb), out, search=False)
    weights = {page.url: page.weight for page in report.over_budget}
    assets = out / "assets"
    shared = sum(
        next(assets.glob(pattern)).stat().st_size
        for pattern in ("site.*.css", "print.*.css", "site.*.js")
    )
    premium_js = next(assets.glob("premium.*.js")).stat().st_size
    page = (out / PREMIUM_PAGE).stat().st_size
    assert weights[PREMIUM_PAGE] == page + shared + premium_js
    assert weights["docs/grievance-channel.html"] == (
        (out / "docs/grievance-channel.html").stat().st_size + shared
    )
    assert report.premium == (1, 1)


def test_a_file_that_is_not_a_registry_is_named_and_left_alone(premium_kb: Path) -> None:
    registry = premium_kb / REGISTRY
    registry.parent.mkdir()
    registry.write_text('{"subscribers": "nobody"}\n')
    registry.chmod(0o600)
    result = run("subscribers", "add", "Punjab PMRU")
    assert (result.output, result.exit_code) == (
        f"Error: {registry} is not a wikipk subscriber registry\n",
        2,
    )
    assert registry.read_text() == '{"subscribers": "nobody"}\n'


def test_a_key_file_names_no_one_and_holds_only_wrapped_keys(premium_kb: Path) -> None:
    code = add_subscriber(premium_kb, "Punjab PMRU", expires=TODAY + timedelta(days=9))
    out = build(premium_kb)
    (key_file,) = (out / "keys").iterdir()
    assert key_file.name == f"{derive(code).key_file}.json"
    data = json.loads(key_file.read_text())
    assert list(data) == ["keys"] and list(data["keys"]) == [PREMIUM_ID]
    wrapped = base64.b64decode(data["keys"][PREMIUM_ID])
    assert len(wrapped) == 12 + 32 + 16, "nonce, key, tag"
    assert "Punjab" not in key_file.read_text()


def test_a_lost_cached_body_is_rendered_again(premium_kb: Path) -> None:
    code = add_subscriber(premium_kb, "Punjab PMRU")
    build(premium_kb)
    shutil.rmtree(premium_kb / ".wikipk" / "cache" / "site" / "premium")
    report = build_site(load_config(premium_kb), premium_kb / "_site", search=False)
    assert report.rendered == 1
    assert MARKER in read_as_subscriber(premium_kb / "_site", code)
