"""`journeymap privacy delete|export PERSON`: a person's data, removed or handed over."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.output import console, fail, print_json
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

privacy_app = typer.Typer(help=N_("Privacy requests: delete or export everything about a person."))
PersonArgument = Annotated[
    str, typer.Argument(metavar="PERSON", help=N_("A person_id, user id or anonymous id."))
]


@privacy_app.command(
    "delete",
    help=N_(
        "Delete a person from every table (events, identities, persons, profiles, quarantine)."
    ),
)
def delete(person: PersonArgument, store: StoreOption = None) -> None:
    from journeymap.service.privacy import PersonNotFoundError, delete_person

    with open_store(store) as opened:
        try:
            deleted = delete_person(opened, person)
        except PersonNotFoundError:
            fail(_("no person or identity {person}", person=person))
    total = format_number(sum(deleted.values()))
    console.print(_("deleted {rows} rows of {person}", rows=total, person=person))
    for table, rows in deleted.items():
        console.print(f"  {table}: {format_number(rows)}")


@privacy_app.command("export", help=N_("Print everything stored about a person as JSON."))
def export(person: PersonArgument, store: StoreOption = None) -> None:
    from journeymap.service.privacy import PersonNotFoundError, export_person

    with open_store(store) as opened:
        try:
            data = export_person(opened, person)
        except PersonNotFoundError:
            fail(_("no person or identity {person}", person=person))
    print_json(data)


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")
