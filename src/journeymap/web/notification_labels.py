"""The texts of the notices of new comments (the header badge, the list, the gallery counts)."""

from __future__ import annotations

from journeymap.i18n import gettext as _


def notification_labels() -> dict[str, str]:
    return {
        "notifications": _("Notifications"),
        "unread_notices": _("unread"),
        "no_notices": _(
            "No notifications yet: you hear here of comments on your maps and threads."
        ),
        "notice_comment": _("commented on"),
        "mark_read": _("Mark read"),
        "mark_all_read": _("Mark all read"),
        "notice_email": _("E-mail for notifications"),
        "notice_email_hint": _("Leave empty to be told in the app only."),
        "notice_no_mail": _(
            "This workspace sends no e-mail (no smtp channel in automations/settings.yaml): "
            "notices stay in the app."
        ),
        "notice_mail_failed": _(
            "Its e-mail copy could not be sent (the server's log says why); the notice is here."
        ),
        "open_comments": _("Open comments"),
    }
