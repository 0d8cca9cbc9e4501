"""The scoring framework: the services a scorecard scores, their indicators, scales and weights.

It lives in ``content/scorecards/framework.yml`` and is read once per check, with every value's
line kept so a mistake in it is reported where it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wikipk.frontmatter import JsonPath
from wikipk.model import Labels
from wikipk.problems import Problem
from wikipk.scorecards.datafile import DataFile

FRAMEWORK_FILE = Path("scorecards") / "framework.yml"
WEIGHT_TOLERANCE = 0.001


@dataclass(frozen=True)
class Indicator:
    """One thing a service is scored on, such as how often water runs."""

    key: str
    """The indicator's key under its service (``availability``)."""
    label: Labels
    low: int
    """The scale's lowest value (the worst)."""
    high: int
    """The scale's highest value (the best)."""
    weight: float
    """Its share of the service score; a service's weights add up to 1."""
    column: str
    """The survey export column that holds the answers (KoBoToolbox or ODK name)."""

    def percent(self, value: float) -> float:
        """A value of this scale as 0-100 (low is 0, high is 100)."""
        return (value - self.low) / (self.high - self.low) * 100


@dataclass(frozen=True)
class Service:
    """A basic service that is scored, such as water supply."""

    key: str
    label: Labels
    weight: float
    """Its share of the overall score; the services' weights add up to 1."""
    indicators: tuple[Indicator, ...]

    def indicator(self, key: str) -> Indicator | None:
        """The indicator with this key, if the service has it."""
        return next((item for item in self.indicators if item.key == key), None)


@dataclass(frozen=True)
class Band:
    """A named range of 0-100 scores, shown as a label and a colour (never the colour alone)."""

    minimum: float
    """The lowest score (0-100) in the band."""
    label: Labels


@dataclass(frozen=True)
class Framework:
    """Every service, with the bands that name score ranges and the answers that count as none."""

    services: tuple[Service, ...]
    bands: tuple[Band, ...]
    """Bands from the lowest up; the first starts at 0."""
    missing: tuple[str, ...]
    """Survey answers that mean "no answer" (besides an empty cell), such as ``dont_know``."""

    def service(self, key: str) -> Service | None:
        """The service with this key, if the framework has it."""
        return next((item for item in self.services if item.key == key), None)

    def band(self, score: float) -> Band:
        """The band a 0-100 score falls in."""
        found = self.bands[0]
        for band in self.bands:
            if score >= band.minimum:
                found = band
        return found

    def indicators(self) -> Iterator[tuple[Service, Indicator]]:
        """Every indicator with its service, in the framework's order."""
        for service in self.services:
            for indicator in service.indicators:
                yield service, indicator


def load_framework(path: Path, display: str) -> tuple[Framework | None, list[Problem]]:
    """Read and check the framework file; None (with the problems) when it cannot be used."""
    data = DataFile.read(path, display, "scorecard-framework")
    if data.root is None:
        return None, data.problems
    services = tuple(_services(data))
    bands = tuple(_bands(data))
    missing = tuple(str(item) for item in data.items(("missing_answers",), optional=True))
    if not data.problems:
        data.problems.extend(_weight_problems(data, services))
    if data.problems:
        return None, data.problems
    return Framework(services, bands, missing), []


def _services(data: DataFile) -> Iterator[Service]:
    for key in data.keys(("services",)):
        path = ("services", key)
        indicators = tuple(
            Indicator(
                key=name,
                label=data.labels((*path, "indicators", name, "label")),
                low=scale[0],
                high=scale[1],
                weight=data.number((*path, "indicators", name, "weight")),
                column=data.text((*path, "indicators", name, "column")),
            )
            for name in data.keys((*path, "indicators"))
            if (scale := data.scale((*path, "indicators", name, "scale")))
        )
        label, weight = data.labels((*path, "label")), data.number((*path, "weight"))
        yield Service(key, label, weight, indicators)


def _bands(data: DataFile) -> Iterator[Band]:
    previous = -1.0
    for index, _ in enumerate(data.items(("bands",))):
        path = ("bands", index)
        minimum = data.number((*path, "min"))
        if (index == 0 and minimum != 0) or minimum <= previous:
            data.problem(
                (*path, "min"),
                "the bands must start at 0 and rise",
                "list the bands from the lowest, the first with 'min: 0'",
            )
        previous = minimum
        yield Band(minimum, data.labels((*path, "label")))


def _weight_problems(data: DataFile, services: tuple[Service, ...]) -> list[Problem]:
    problems = []
    groups: list[tuple[JsonPath, str, list[float]]] = [
        (("services",), "the services", [service.weight for service in services])
    ]
    for service in services:
        weights = [indicator.weight for indicator in service.indicators]
        groups.append(
            (("services", service.key, "indicators"), f"the indicators of {service.key}", weights)
        )
    for path, owner, weights in groups:
        total = sum(weights)
        if abs(total - 1) > WEIGHT_TOLERANCE:
            line, column = data.matter.key_positions.get(path) or data.where(path)
            problems.append(
                Problem(
                    data.display,
                    line,
                    column,
                    "weights-inconsistent",
                    f"the weights of {owner} add up to {total:g}, not 1",
                    "give each a share so that together they make 1, such as 0.5, 0.3 and 0.2",
                )
            )
    return problems
