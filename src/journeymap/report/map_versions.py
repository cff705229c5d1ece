"""Read one version of a map: a file, or `git:REV:PATH` from the history of the current repo."""

from __future__ import annotations

import subprocess
from pathlib import Path

from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap, MapError, Problem, load_map, parse_map

GIT_PREFIX = "git:"


def load_map_version(spec: str) -> JourneyMap:
    """`maps/shop.yaml` or `git:HEAD~1:maps/shop.yaml` (the path as git names it: from the
    repository root, or starting with `./` for the current folder)."""
    if not spec.startswith(GIT_PREFIX):
        return load_map(spec)
    rev, sep, path = spec.removeprefix(GIT_PREFIX).partition(":")
    if not sep or not rev or not path:
        raise MapError(
            [
                Problem(
                    _("a git version is written git:REV:PATH"),
                    file=spec,
                    hint=_("e.g. git:HEAD~1:maps/shop.yaml"),
                )
            ]
        )
    try:
        shown = subprocess.run(
            ["git", "show", f"{rev}:{path}"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path.cwd(),
        )
    except FileNotFoundError:
        raise MapError([Problem(_("git is not installed"), file=spec)]) from None
    if shown.returncode != 0:
        message = shown.stderr.strip().splitlines()[-1] if shown.stderr.strip() else "git failed"
        raise MapError([Problem(message, file=spec, hint=_("check the revision and the path"))])
    return parse_map(shown.stdout, filename=spec).model
