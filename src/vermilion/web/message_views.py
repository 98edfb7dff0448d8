"""The messages page, and opening a conversation from a profile's "Message" button (works without JS)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from vermilion.accounts.callers import account_of
from vermilion.accounts.queries import user_by_username
from vermilion.kit.errors import ApiError
from vermilion.kit.ids import parse_id
from vermilion.messaging.actions import do_open_conversation
from vermilion.messaging.queries import policy_of, side_for


def messaging_strings() -> dict[str, str]:
    """What messages.js shows, translated here (only this page needs them)."""
    return {
        "no_conversations": _("No messages yet. Say hello from someone's profile."),
        "no_requests": _("No message requests."),
        "you": _("You"),
        "photo": _("Photo"),
        "note_unavailable": _("This note is not available."),
        "delete_for_me": _("Delete for me"),
        "confirm_delete": _("Delete this message for you? The other person still sees it."),
        "confirm_report": _("Report this request? It will also be removed from your requests."),
        "reported": _("Reported. Thank you."),
        "ignored": _("Request ignored."),
        "read": _("Read"),
        "typing": _("%(name)s is typing…"),
        "send_failed": _("Not sent. Check your connection and try again."),
        "uploading": _("Uploading…"),
        "mute": _("Mute"),
        "unmute": _("Unmute"),
        "saved": _("Saved."),
    }


@login_required
@ensure_csrf_cookie
def messages_page(request: HttpRequest, conversation_id: str | None = None) -> HttpResponse:
    box = "requests" if request.GET.get("box") == "requests" else "inbox"
    if conversation_id is not None:
        try:
            side = side_for(account_of(request), conversation_id)
        except ApiError as exc:
            raise Http404 from exc
        box = "requests" if side.state == side.State.REQUEST else "inbox"
    share = request.GET.get("share", "")
    context = {"conversation_id": conversation_id or "", "box": box, "strings": messaging_strings(),
               "policy": policy_of(int(request.user.pk or 0)),
               "share": str(parse_id(share) or "") if share else ""}
    return render(request, "web/messages.html", context)


@login_required
@require_POST
def message_user(request: HttpRequest, username: str) -> HttpResponse:
    recipient = user_by_username(username)
    if recipient is None:
        raise Http404
    try:
        side, _created = do_open_conversation(account_of(request), recipient)
    except ApiError as error:
        flash.error(request, str(error.message))
        return redirect("web:profile", username=recipient.username)
    return redirect("web:conversation", conversation_id=str(side.conversation_id))
