"""`journeymap web` (the web app) and `journeymap users add|list` (its accounts)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_USAGE, JsonOption, console, err_console, fail, print_json
from journeymap.cli.service_access import service_settings
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

users_app = typer.Typer(help=N_("Users of the web app: viewers read, editors edit, admins manage."))


def _root() -> object:
    from journeymap.model.workspace import find_workspace

    service_settings()  # exits with a clear message outside a workspace
    workspace = find_workspace()
    assert workspace is not None
    return workspace.root


@users_app.command("add", help=N_("Add a user of the web app (or set a user's role and password)."))
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help=N_("The user name (one word)."))],
    role: Annotated[str, typer.Option("--role", help=N_("viewer, editor or admin."))] = "viewer",
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help=N_("Read the password from standard input.")),
    ] = False,
) -> None:
    from pathlib import Path

    from journeymap.service.accounts import AccountError, Accounts

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    root = _root()
    assert isinstance(root, Path)
    try:
        user = Accounts(root).add(name, role, password)
    except AccountError as error:
        fail(str(error), code=EXIT_USAGE)
    console.print(_("user {name} saved with role {role}", name=escape(user.name), role=user.role))


@users_app.command("list", help=N_("List the users and their roles (never the password hashes)."))
def list_users(json_output: JsonOption = False) -> None:
    from pathlib import Path

    from journeymap.service.accounts import Accounts

    root = _root()
    assert isinstance(root, Path)
    users = [u.public() for u in Accounts(root).all()]
    if json_output:
        print_json(users)
        return
    table = Table(_("name"), _("role"), _("language"))
    for row in users:
        table.add_row(escape(str(row["name"])), str(row["role"]), str(row["language"] or ""))
    console.print(table)


def web(
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port to listen on."))] = 8080,
    secure_cookies: Annotated[
        bool,
        typer.Option("--secure-cookies", help=N_("Send the session cookie over HTTPS only.")),
    ] = False,
) -> None:
    from pathlib import Path

    import uvicorn

    from journeymap.web.app import create_web_app

    root = _root()
    assert isinstance(root, Path)
    from journeymap.service.accounts import USERS_FILE

    if not (root / USERS_FILE).is_file():
        fail(
            _("the workspace has no users yet"),
            hint=_("add one first: journeymap users add NAME --role admin"),
            code=EXIT_USAGE,
        )
    err_console.print(_("journeymap web on http://{host}:{port}", host=host, port=port))
    app = create_web_app(root, secure_cookies=secure_cookies)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Serve the web app (maps gallery, editor, report) for the workspace of this folder."
        )
    )(web)
    app.add_typer(users_app, name="users")
