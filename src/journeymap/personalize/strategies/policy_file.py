"""`content/policies.yaml`: the stage policies of a workspace, validated with file:line errors.

```yaml
policies:
  seed-shop-first-purchase:          # a map id; "*" applies to maps not listed
    defaults: {max_per_category: 2}
    stages:
      awareness:
        sources: [{source: popular_in_region, weight: 1}, {source: popular, weight: 0.2}]
        filters: {level: false}
        pin: [basil-genovese]
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml.error import YAMLError

from journeymap.i18n import gettext
from journeymap.model.problems import MapError, Problem, format_path
from journeymap.model.references import closest
from journeymap.model.yamlio import parse_yaml, position
from journeymap.personalize.strategies.policy import SOURCES, MapPolicy
from journeymap.personalize.strategies.roles import ROLES

FILE_NAME: Final = "policies.yaml"
ANY_MAP: Final = "*"
KEYS: Final = ("role", "sources", "filters", "max_per_category", "pin", "exclude", "source",
               "weight", "language", "device", "level", "region", "in_stock", "not_bought",
               "stage", "types", "exclude_categories", "defaults", "stages")  # fmt: skip


class PolicyError(MapError):
    """`policies.yaml` cannot be used; `problems` lists every reason with file:line."""


def load_policies(content: Path) -> dict[str, MapPolicy]:
    """Map id -> policy from `content/policies.yaml` (empty without the file)."""
    path = content / FILE_NAME
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = parse_yaml(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PolicyError(
            [Problem(gettext("not valid YAML: {error}", error=error), file=str(path), line=line)]
        ) from None
    return parse_policies(data, str(path))


def parse_policies(data: Any, file: str) -> dict[str, MapPolicy]:
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("policies"), dict):
        raise PolicyError(
            [
                Problem(
                    gettext("expected a mapping `policies:` of map ids to policies"),
                    file=file,
                    line=1,
                    hint=gettext("start the file with `policies:` and a map id below it"),
                )
            ]
        )
    problems: list[Problem] = []
    found: dict[str, MapPolicy] = {}
    for map_id, body in data["policies"].items():
        try:
            found[str(map_id)] = MapPolicy.model_validate(body if body is not None else {})
        except ValidationError as exc:
            problems += [_problem(e, data, ("policies", map_id), file) for e in exc.errors()]
    if problems:
        raise PolicyError(problems)
    return found


def policy_for(
    policies: dict[str, MapPolicy], map_id: str | None, own: MapPolicy | None = None
) -> MapPolicy:
    """The policy of a map: its entry in `policies.yaml`, else the map's own `personalization`
    block (`own`), else the `*` entry, else the defaults."""
    if map_id is not None and map_id in policies:
        return policies[map_id]
    if own is not None:
        return own
    return policies.get(ANY_MAP, MapPolicy())


def _problem(error: ErrorDetails, data: Any, prefix: tuple[str | int, ...], file: str) -> Problem:
    loc = prefix + tuple(error["loc"])
    kind = error["type"]
    _, line, column = position(data, loc, key=kind == "extra_forbidden")
    value: Any = error.get("input")
    hint: str | None = None
    if kind == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'"
        guess = closest(str(loc[-1]), KEYS)
        hint = f"did you mean '{guess}'?" if guess else "see docs/personalization.md (policies)"
    elif kind == "literal_error" and "source" in loc:
        message = f"unknown source {value!r}"
        guess = closest(str(value), SOURCES)
        hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(SOURCES)}"
    elif kind == "literal_error" and "role" in loc:
        message = f"unknown role {value!r}"
        hint = f"use one of: {', '.join(ROLES)}"
    else:
        message = f"{str(error['msg']).removeprefix('Value error, ')} (got {value!r})"
    return Problem(
        message, path=format_path(loc[1:]), file=file, line=line, column=column, hint=hint
    )
