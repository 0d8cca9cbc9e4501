"""Building a new devwiki instance: ``install.php``, accounts, bot password, settings, snapshot.

Everything runs Debian's MediaWiki maintenance scripts with ``MW_CONFIG_FILE`` pointing into
the instance directory; the global Debian configuration is never touched. Passwords are random
per instance, stored in ``credentials.json`` (mode 0600) and masked in ``logs/create.log``.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import string
import subprocess
from pathlib import Path

from sync.devwiki import settings, snapshot
from sync.devwiki.errors import InstallError, SettingsFixError

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "credentials.json"
#: A bot password must match [0-9a-w]{32,}, and with w (or x-z) ApiLogin falls back to a
#: main-account login that fails; so only [0-9a-v].
BOT_PASSWORD_ALPHABET = "0123456789abcdefghijklmnopqrstuv"
PASSWORD_ALPHABET = string.ascii_letters + string.digits
_MASK = "********"


def build(php: str, instance_dir: Path, host: str) -> None:
    """Install MediaWiki into the empty directory ``instance_dir``, ready to be served.

    Args:
        php: Absolute path of the PHP binary.
        instance_dir: Existing empty directory.
        host: Address the wiki is served on (for the installer only; URLs are per request).

    Raises:
        InstallError: A maintenance script failed or its output was unexpected.
    """
    admin_password = random_string(PASSWORD_ALPHABET, 24)
    bot_password = random_string(BOT_PASSWORD_ALPHABET, 32)
    # The bot's main password is never used: it logs in with its bot password.
    bot_main_password = random_string(PASSWORD_ALPHABET, 24)
    hide = (admin_password, bot_password, bot_main_password)
    for sub in ("cache", "logs", "images"):
        (instance_dir / sub).mkdir()
    credentials = {
        "admin_user": settings.ADMIN_USER,
        "admin_password": admin_password,
        "bot_user": f"{settings.BOT_USER}@{settings.BOT_APP_ID}",
        "bot_password": bot_password,
    }
    write_private(instance_dir / CREDENTIALS_FILE, json.dumps(credentials, indent=2) + "\n")
    _install(php, instance_dir, host, admin_password, hide)
    _fix_settings(instance_dir)
    bot = ["--bot", "--sysop", settings.BOT_USER, bot_main_password]
    _maintenance(php, instance_dir, "createAndPromote.php", *bot, hide=hide)
    grants = ["--appid", settings.BOT_APP_ID, "--grants", ",".join(settings.BOT_GRANTS)]
    bot_pw = [*grants, settings.BOT_USER, bot_password]
    _maintenance(php, instance_dir, "createBotPassword.php", *bot_pw, hide=hide)
    _maintenance(php, instance_dir, "rebuildLocalisationCache.php", "--lang=en,ur", "--quiet")
    snapshot.save(instance_dir)


def _install(
    php: str, instance_dir: Path, host: str, admin_password: str, hide: tuple[str, ...]
) -> None:
    """Run ``install.php`` (SQLite) with the admin password passed in a private file."""
    passfile = instance_dir / "adminpass.tmp"
    write_private(passfile, admin_password)
    try:
        args = [
            "--dbtype=sqlite",
            f"--dbpath={instance_dir / 'data'}",
            f"--dbname={settings.DB_NAME}",
            f"--server=http://{host}",
            "--scriptpath=",
            f"--confpath={instance_dir}",
            "--lang=en",
            f"--passfile={passfile}",
            "--skins=Vector",
            settings.SITE_NAME,
            settings.ADMIN_USER,
        ]
        _maintenance(php, instance_dir, "install.php", *args, hide=hide)
    finally:
        passfile.unlink(missing_ok=True)


def _fix_settings(instance_dir: Path) -> None:
    """Make the installer's LocalSettings.php relocatable, add the devwiki settings and router."""
    local_settings = instance_dir / "LocalSettings.php"
    text = local_settings.read_text(encoding="utf-8")
    try:
        text = settings.fix_local_settings(text, str(instance_dir))
    except SettingsFixError as error:
        raise InstallError(f"unexpected LocalSettings.php from install.php: {error}") from error
    local_settings.write_text(text, encoding="utf-8")
    (instance_dir / "router.php").write_text(settings.ROUTER_PHP, encoding="utf-8")


def _maintenance(
    php: str, instance_dir: Path, script: str, *args: str, hide: tuple[str, ...] = ()
) -> None:
    """Run a MediaWiki maintenance script against the instance in ``instance_dir``.

    Its output goes to ``logs/create.log`` with the strings in ``hide`` (passwords) masked.
    """
    env = {**os.environ, "MW_CONFIG_FILE": str(instance_dir / "LocalSettings.php")}
    result = subprocess.run(
        [php, str(Path(settings.MEDIAWIKI_DIR, "maintenance", script)), *args],
        cwd=settings.MEDIAWIKI_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    for secret in hide:
        output = output.replace(secret, _MASK)
    with (instance_dir / "logs" / "create.log").open("a", encoding="utf-8") as out:
        out.write(f"$ {script}\n{output}\n")
    log.debug("%s exited with %d", script, result.returncode)
    if result.returncode != 0:
        lines = output.strip().splitlines() or ["no output"]
        raise InstallError(f"MediaWiki's {script} failed (exit {result.returncode}): {lines[-1]}")


def random_string(alphabet: str, length: int) -> str:
    """A cryptographically random string of ``length`` characters from ``alphabet``."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to the new file ``path`` with mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
