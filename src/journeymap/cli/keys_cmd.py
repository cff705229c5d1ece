"""`journeymap keys create|list|revoke`: API keys of the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_USAGE, JsonOption, console, fail, print_json
from journeymap.cli.service_access import service_settings
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.service.keys import KeyRing

keys_app = typer.Typer(help=N_("API keys: write keys collect, read keys read, admin keys manage."))


def _ring() -> KeyRing:
    from journeymap.service.keys import KeyRing  # here: hmac and secrets (start-up)

    return KeyRing(service_settings().keys)


@keys_app.command("create", help=N_("Create a key and print it once (only its hash is stored)."))
def create(
    kind: Annotated[str, typer.Option("--kind", help=N_("write, read or admin."))],
    name: Annotated[str, typer.Option("--name", help=N_("A name to tell keys apart."))] = "",
    json_output: JsonOption = False,
) -> None:
    from journeymap.service.keys import KeyRingError

    try:
        record, key = _ring().create(kind, name)
    except KeyRingError as error:
        fail(str(error), code=EXIT_USAGE)
    if json_output:
        print_json({**record.public(), "key": key})
        return
    console.print(
        _("{kind} key {id} created; it is shown only now:", kind=record.kind, id=record.id)
    )
    console.print(key, markup=False)


@keys_app.command("list", help=N_("List the keys (ids, kinds, names, dates; never the keys)."))
def list_keys(json_output: JsonOption = False) -> None:
    records = [r.public() for r in _ring().list()]
    if json_output:
        print_json(records)
        return
    table = Table(_("id"), _("kind"), _("name"), _("created"), _("revoked"))
    for r in records:
        table.add_row(r["id"], r["kind"], escape(r["name"]), r["created_at"], r["revoked_at"] or "")
    console.print(table)


@keys_app.command(
    "revoke", help=N_("Revoke a key: running servers refuse it from their next request on.")
)
def revoke(key_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The key's id."))]) -> None:
    from journeymap.service.keys import KeyRingError

    try:
        record = _ring().revoke(key_id)
    except KeyRingError as error:
        fail(str(error), code=EXIT_USAGE)
    console.print(_("key {id} revoked", id=record.id))


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
