"""The one strict, safe Jinja environment of the site, and located template errors.

Autoescaping is on and undefined names raise, so a template can never print ``None`` or an
unescaped title. Errors are reported as ``templates/site/page.html:12: template error: …``.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import yaml

from site_builder.errors import TemplateProblem
from wikipk.boundary import OutsideContent, inside_content
from wikipk.paths import display_path

STRINGS_FILE = "strings.yml"


def template_folder(root: Path) -> Path:
    """The site templates of a knowledge base: its own ``templates/site/`` if it has one,
    otherwise the ones shipped with wikipk."""
    own = root / "templates" / "site"
    return own if own.is_dir() else Path(__file__).resolve().parent.parent / "templates" / "site"


def make_environment(folder: Path) -> jinja2.Environment:
    """The strict environment for the templates in ``folder`` (autoescape, StrictUndefined).

    Templates are not reloaded when their files change: an environment serves one build (or
    one version of the folder, see ``collect.worker_environment``), and checking every file's
    time on each page costs a few system calls a page.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        auto_reload=False,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def check_templates(env: jinja2.Environment, folder: Path) -> None:
    """Compile every template now, so a syntax error stops the build before any work.

    Raises:
        TemplateProblem: a template does not compile.
    """
    for name in sorted(env.list_templates(extensions=["html", "xml"])):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateProblem(
                display_path(folder / (error.name or name)), error.lineno, error.message or ""
            ) from None


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a template, turning any template error into one located message.

    Raises:
        TemplateProblem: the template failed (a syntax error, an undefined name, a bad filter).
    """
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            _shown(env, error.name or name), error.lineno, error.message or ""
        ) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as error:
        path, line = _template_frame(env, error, name)
        raise TemplateProblem(path, line, str(error)) from None


def _template_frame(env: jinja2.Environment, error: BaseException, name: str) -> tuple[str, int]:
    """The innermost template file and line of a traceback (Jinja maps them for us)."""
    found = (_shown(env, name), 1)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".html", ".xml")) and frame.lineno:
            found = (display_path(Path(frame.filename)), frame.lineno)
    return found


def _shown(env: jinja2.Environment, name: str) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return display_path(Path(loader.searchpath[0]) / name)
    return name


def load_strings(folder: Path, codes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The interface's words in each language, from ``strings.yml`` (English fills any gap).

    Raises:
        TemplateProblem: the file is not a mapping of language codes to mappings of strings.
    """
    path = folder / STRINGS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise TemplateProblem(display_path(path), line, str(error.problem)) from None
    if not isinstance(data, dict) or not isinstance(data.get("en"), dict):
        raise TemplateProblem(display_path(path), 1, "expected a mapping with an 'en' section")
    english = {str(key): str(value) for key, value in data["en"].items()}
    strings = {}
    for code in codes:
        own = data.get(code)
        extra = {str(k): str(v) for k, v in own.items()} if isinstance(own, dict) else {}
        strings[code] = {**english, **extra}
    return strings


def folder_digest(folder: Path) -> str:
    """A digest of every file of the template folder: cached pages older than it are stale.

    Raises:
        TemplateProblem: a file or folder of it is a link leading outside it (what it points
            at would be read into the site).
    """
    digest = hashlib.sha256()
    shown = display_path(folder)
    for path in sorted(folder.rglob("*")):
        try:
            inside_content(folder, path, shown)
        except OutsideContent:
            kind = "folder" if path.is_dir() else "file"
            raise TemplateProblem(
                display_path(path), 1, f"the {kind} is a link to a place outside {shown}"
            ) from None
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
