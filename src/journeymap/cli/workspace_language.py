"""The workspace's `language`, read at the start of every command without loading the model.

`journeymap.model.workspace` validates the whole `journeymap.toml` with pydantic, which costs
more than half a second of imports; every command (and `journeymap COMMAND --help`) needs only
the `language` key to choose the language of its messages, so it is read here with `tomllib`
alone. A file that does not parse, or a value that is not a supported language, gives None:
the command that uses the workspace reports the error in full.
"""

from __future__ import annotations

from pathlib import Path

from journeymap.i18n import LANGUAGES

CONFIG_NAME = "journeymap.toml"
"""The workspace file (the same name as `journeymap.model.workspace.CONFIG_NAME`)."""


def workspace_root(start: Path | None = None) -> Path | None:
    """The folder of the `journeymap.toml` holding `start` (default: the current folder)."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was removed
        return None
    return next((f for f in (here, *here.parents) if (f / CONFIG_NAME).is_file()), None)


def configured_workspace_language(start: Path | None = None) -> str | None:
    """The `language` of the workspace holding `start` (default: the current folder), or None."""
    root = workspace_root(start)
    if root is None:
        return None
    import tomllib  # here: a command run outside any workspace never needs it

    try:
        value = tomllib.loads((root / CONFIG_NAME).read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) and value in LANGUAGES else None
