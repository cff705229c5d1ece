"""The service settings of the current workspace, or a usage error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.cli.output import EXIT_USAGE, fail
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.service.settings import ServiceSettings


def service_settings(store: str | None = None) -> ServiceSettings:
    # the workspace model needs pydantic: imported here to keep `journeymap --help` fast
    from journeymap.model.problems import MapError
    from journeymap.model.workspace import find_workspace
    from journeymap.service.settings import ServiceSettings

    try:
        workspace = find_workspace()
    except MapError as error:
        fail(str(error.problems[0]) if error.problems else "invalid journeymap.toml")
    if workspace is None:
        fail(
            _("no journeymap.toml in this folder or above"),
            hint=_("run `journeymap init` first, or change to the workspace folder"),
            code=EXIT_USAGE,
        )
    return ServiceSettings.of(workspace, store)
