"""The gazetteer: districts, tehsils and union councils, in English and Urdu, with optional maps.

It lives in ``content/scorecards/gazetteer.yml``; a tehsil may name a GeoJSON file (beside the
gazetteer) whose features draw its union councils, keyed by the property ``union_council``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wikipk.boundary import OutsideContent, read_content_bytes
from wikipk.model import Labels, Place
from wikipk.paths import display_path
from wikipk.problems import Problem, did_you_mean
from wikipk.scorecards.datafile import DataFile

GAZETTEER_FILE = Path("scorecards") / "gazetteer.yml"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Shape:
    """One union council's outline on a tehsil map, as rings of (longitude, latitude)."""

    union_council: str
    """The union council's English name."""
    rings: tuple[Ring, ...]


@dataclass(frozen=True)
class Tehsil:
    """A tehsil, its union councils in the gazetteer's order, and its map when there is one."""

    district: Labels
    name: Labels
    union_councils: tuple[Place, ...]
    shapes: tuple[Shape, ...] = ()
    """The map's outlines; empty when the gazetteer names no map."""


@dataclass(frozen=True)
class Gazetteer:
    """Every known place."""

    tehsils: tuple[Tehsil, ...]

    def places(self) -> Iterator[Place]:
        """Every union council."""
        for tehsil in self.tehsils:
            yield from tehsil.union_councils

    def tehsil(self, district: str, name: str) -> Tehsil | None:
        """The tehsil with these English names."""
        return next(
            (t for t in self.tehsils if t.district.en == district and t.name.en == name), None
        )

    def resolve(
        self, district: str, tehsil: str, union_council: str
    ) -> tuple[Place | None, list[tuple[str, str, str]]]:
        """The place named in either language, or what is wrong as (field, message, hint)."""
        districts = {t.district for t in self.tehsils}
        found_district = _match(district, districts)
        if found_district is None:
            return None, [_unknown("district", district, districts, "")]
        tehsils = {t.name for t in self.tehsils if t.district == found_district}
        found_tehsil = _match(tehsil, tehsils)
        if found_tehsil is None:
            return None, [_unknown("tehsil", tehsil, tehsils, f" under {found_district.en}")]
        owner = self.tehsil(found_district.en, found_tehsil.en)
        assert owner is not None
        councils = {place.union_council: place for place in owner.union_councils}
        found = _match(union_council, set(councils))
        if found is None:
            where = f" under {found_tehsil.en} tehsil"
            return None, [_unknown("union_council", union_council, set(councils), where)]
        return councils[found], []

    def find(self, text: str) -> tuple[Place | None, str]:
        """A union council named as ``UC`` or ``Tehsil/UC`` (either language), or why not."""
        tehsil_name, _, council = text.rpartition("/")
        matches = [
            place
            for place in self.places()
            if council.strip() in (place.union_council.en, place.union_council.ur)
            and (not tehsil_name or tehsil_name.strip() in (place.tehsil.en, place.tehsil.ur))
        ]
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            options = ", ".join(f"'{p.tehsil.en}/{p.union_council.en}'" for p in matches)
            return None, f"'{text}' names more than one union council; write one of {options}"
        names = [name for p in self.places() for name in (p.union_council.en, p.union_council.ur)]
        hint = did_you_mean(council.strip(), names)
        return None, f"no union council is called '{text}' in the gazetteer" + (
            f"; {hint}" if hint else ""
        )


def _match(name: str, choices: set[Labels]) -> Labels | None:
    wanted = name.strip().casefold()
    return next(
        (c for c in choices if wanted in (c.en.casefold(), c.ur.casefold())),
        None,
    )


def _unknown(field: str, name: str, choices: set[Labels], where: str) -> tuple[str, str, str]:
    names = sorted(c.en for c in choices) + sorted(c.ur for c in choices)
    what = field.replace("_", " ")
    hint = did_you_mean(name, names) or f"add the {what} to the gazetteer, or check the spelling"
    return field, f"{what} '{name}' is not in the gazetteer{where}", hint


def load_gazetteer(
    path: Path, display: str, content_dir: Path
) -> tuple[Gazetteer | None, list[Problem]]:
    """Read and check the gazetteer and the maps it names (which must be in ``content_dir``)."""
    data = DataFile.read(path, display, "gazetteer-invalid")
    if data.root is None:
        return None, data.problems
    tehsils = []
    for district in data.keys(("districts",)):
        district_path = ("districts", district)
        district_labels = Labels(district, data.text((*district_path, "ur")))
        for name in data.keys((*district_path, "tehsils")):
            tehsils.append(
                _tehsil(
                    data,
                    (path.parent, content_dir),
                    district_labels,
                    (*district_path, "tehsils", name),
                )
            )
    if data.problems:
        return None, data.problems
    return Gazetteer(tuple(tehsils)), []


def _tehsil(
    data: DataFile, folders: tuple[Path, Path], district: Labels, path: tuple[str, ...]
) -> Tehsil:
    """A tehsil of the gazetteer; ``folders`` are the gazetteer's and the content folder."""
    name = Labels(str(path[-1]), data.text((*path, "ur")))
    councils = []
    for council in data.keys((*path, "union_councils")):
        council_path = (*path, "union_councils", council)
        councils.append(
            Place(
                district,
                name,
                Labels(council, data.text((*council_path, "ur"))),
                data.text((*council_path, "code"), optional=True),
            )
        )
    map_name = data.text((*path, "map"), optional=True)
    shapes: tuple[Shape, ...] = ()
    if map_name:
        known = {place.union_council.en for place in councils}
        folder, content_dir = folders
        shapes, problems = read_map(folder / map_name, known, content_dir)
        line, column = data.where((*path, "map"))
        for message, hint in problems:
            data.problems.append(
                Problem(data.display, line, column, "gazetteer-invalid", message, hint)
            )
    return Tehsil(district, name, tuple(councils), shapes)


def read_map(
    path: Path, known: set[str], content_dir: Path
) -> tuple[tuple[Shape, ...], list[tuple[str, str]]]:
    """The union council outlines of a GeoJSON file, or what is wrong with it."""
    shown = display_path(path)
    try:
        data = json.loads(read_content_bytes(content_dir, path))
    except OutsideContent:
        return (), [
            (
                f"map '{shown}' is outside the content folder",
                "put the GeoJSON file itself beside the gazetteer (not a link to it)",
            )
        ]
    except FileNotFoundError:
        return (), [(f"map '{shown}' does not exist", "put the GeoJSON file beside the gazetteer")]
    except OSError as error:  # the file system's fault, not the map's
        return (), [(f"map '{shown}' cannot be read: {error.strerror}", "make it a readable file")]
    except (UnicodeDecodeError, ValueError) as error:
        return (), [(f"map '{shown}' is not GeoJSON: {error}", "export the map as GeoJSON")]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return (), [(f"map '{shown}' is not a GeoJSON FeatureCollection", "")]
    shapes, problems = [], []
    for index, feature in enumerate(features, 1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        council = properties.get("union_council") if isinstance(properties, dict) else None
        rings = _rings(feature.get("geometry") if isinstance(feature, dict) else None)
        if council not in known:
            hint = did_you_mean(str(council), sorted(known)) or "name a union council of the tehsil"
            message = f"map '{shown}' feature {index} names '{council}', not a union council here"
            problems.append((message, hint))
        elif rings is None:
            problems.append(
                (
                    f"map '{shown}' feature {index} is not a Polygon or MultiPolygon",
                    "draw each union council as a Polygon or MultiPolygon of at least three points",
                )
            )
        else:
            shapes.append(Shape(str(council), rings))
    return tuple(shapes), problems


def _rings(geometry: object) -> tuple[Ring, ...] | None:
    if not isinstance(geometry, dict):
        return None
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}.get(str(kind))
    if not isinstance(polygons, list):
        return None
    try:
        rings = tuple(
            tuple((float(point[0]), float(point[1])) for point in ring)
            for polygon in polygons
            for ring in polygon
        )
    except (TypeError, ValueError, IndexError):
        return None
    return rings if rings and all(len(ring) >= 3 for ring in rings) else None
