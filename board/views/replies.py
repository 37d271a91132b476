"""Private replies and conversations, seen only by the two people in them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import limits, services
from ..forms import MessageForm, NotificationSettingsForm, ReplyForm, ReportForm
from ..models import (
    Conversation,
    Message,
    NoticeKind,
    Notification,
    NotificationSettings,
    Post,
    Role,
)
from ..services import replies


def _bound(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def post_reply(request, public_id):
    """ "Was this you?": answer the poster's question and send a first message."""
    post = get_object_or_404(Post.objects.published(), public_id=public_id)
    form = ReplyForm(_bound(request), question=post.recognition_question)
    context = {
        "post": post,
        "form": form,
        "refusal": replies.reply_refusal(post=post, user=request.user),
        "suspension": services.active_suspension(request.user),
    }
    # A refusal is decided again by the service: a second click of the same reply is no error.
    if request.method == "POST" and not context["suspension"] and form.is_valid():
        try:
            replies.send_reply(
                post=post,
                replier=request.user,
                answer=form.cleaned_data.get("answer", ""),
                message=form.cleaned_data["message"],
                limited=True,
            )
        except services.PostRefused as refused:
            form.add_error("message", str(refused))
        except replies.ReplyNotAllowed as refusal:
            context["refusal"] = str(refusal)
        except services.RateLimited as limited:
            context["limited"] = limits.Limited(seconds_left=limited.seconds_left)
            return render(request, "board/replies/reply_form.html", context, status=429)
        else:
            messages.success(
                request, gettext("Sent. You will be told here if the poster wants to continue.")
            )
            return redirect("board:inbox")
    return render(request, "board/replies/reply_form.html", context)


@login_required
def inbox(request):
    """Requests waiting for me, my open conversations, and the replies I sent."""
    conversations = list(
        Conversation.objects.involving(request.user)
        .select_related("post")
        .prefetch_related(
            Prefetch("messages", queryset=Message.objects.order_by("created_at", "id"))
        )
    )
    me = request.user.pk
    waiting = [c for c in conversations if c.poster_id == me and c.status == "requested"]
    sent = [
        c for c in conversations if c.replier_id == me and c.status in ("requested", "declined")
    ]
    talking = [c for c in conversations if c.status in ("accepted", "ended")]
    # Opening the inbox is reading what arrived: the header's inbox count goes back to zero.
    Notification.objects.filter(
        user=request.user, kind=NoticeKind.CONVERSATION, read_at__isnull=True
    ).update(read_at=timezone.now())
    return render(
        request,
        "board/replies/inbox.html",
        {"waiting": waiting, "sent": sent, "talking": talking},
    )


def _conversation_for(request, public_id) -> tuple[Conversation, str]:
    conversation = get_object_or_404(
        Conversation.objects.involving(request.user).select_related("post"), public_id=public_id
    )
    role = conversation.role_of(request.user)
    if role is None:  # involving() already guarantees this; belt and braces
        raise Http404
    return conversation, role


def _render_conversation(request, conversation, role, form, status=200):
    """The thread as `role` sees it: contact details stay hidden until the poster accepts."""
    thread = list(conversation.messages.all())
    hide_contact = conversation.contact_held and conversation.status in ("requested", "declined")
    for message in thread:
        masked = hide_contact and message.masked_html
        message.shown_html = message.masked_html if masked else message.body_html
        message.mine = message.sender == role
        message.alias = conversation.alias_of(message.sender)
    other_role = Role.REPLIER if role == Role.POSTER else Role.POSTER
    context = {
        "conversation": conversation,
        "role": role,
        "me": conversation.alias_of(role),
        "other": conversation.alias_of(other_role),
        "thread": thread,
        "form": form,
        "hide_contact": hide_contact,
        "suspension": services.active_suspension(request.user),
    }
    return render(request, "board/replies/conversation.html", context, status=status)


@login_required
def conversation_detail(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    return _render_conversation(request, conversation, role, MessageForm())


@login_required
@require_POST
def conversation_message(request, public_id):
    """Send a message; a mistake comes back with the text kept."""
    conversation, role = _conversation_for(request, public_id)
    form = MessageForm(request.POST)
    if conversation.is_read_only:
        messages.error(request, gettext("This conversation is closed; nothing more can be sent."))
        return redirect(conversation)
    if not form.is_valid():
        return _render_conversation(request, conversation, role, form, status=400)
    try:
        replies.send_message(
            conversation=conversation, sender_role=role, body=form.cleaned_data["body"]
        )
    except services.Suspended:
        return _render_conversation(request, conversation, role, form, status=403)
    return redirect(conversation.get_absolute_url() + "#latest")


@login_required
@require_POST
def conversation_accept(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    if role != Role.POSTER:
        raise Http404
    if replies.accept_reply(conversation=conversation):
        messages.success(request, gettext("Accepted. You can talk privately now."))
    return redirect(conversation)


@login_required
@require_POST
def conversation_decline(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    if role != Role.POSTER:
        raise Http404
    if replies.decline_reply(conversation=conversation):
        messages.info(request, gettext("Declined. They will only learn that you did not continue."))
    return redirect("board:inbox")


@login_required
@require_POST
def conversation_end(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    if replies.end_conversation(conversation=conversation, role=role):
        messages.info(request, gettext("The conversation is ended. Nothing more can be sent."))
    return redirect(conversation)


@login_required
@require_POST
def conversation_block(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    replies.block_other(conversation=conversation, role=role)
    messages.info(
        request,
        gettext("Blocked. They cannot write to you here, or reply to any of your posts."),
    )
    return redirect("board:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def conversation_report(request, public_id):
    conversation, role = _conversation_for(request, public_id)
    form = ReportForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        replies.report_conversation(
            conversation=conversation, role=role, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("Reported. A moderator will read this conversation."))
        return redirect(conversation)
    return render(
        request,
        "board/replies/report_form.html",
        {"conversation": conversation, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_found(request, public_id):
    """The poster marks "we found each other", after a page that asks them to confirm."""
    post = get_object_or_404(Post.objects.owned_by(request.user), public_id=public_id)
    if request.method == "GET":
        return render(request, "board/replies/found_confirm.html", {"post": post})
    if replies.mark_found(post=post):
        messages.success(
            request,
            gettext(
                "Marked as found. We are so glad. New replies are closed; "
                "you can undo this for a day."
            ),
        )
    return redirect(post)


@login_required
@require_POST
def post_found_undo(request, public_id):
    """Take back "we found each other" within a day."""
    post = get_object_or_404(Post.objects.owned_by(request.user), public_id=public_id)
    if replies.undo_found(post=post):
        messages.info(request, gettext("Undone. The post takes replies again."))
    else:
        messages.error(request, gettext("This can only be undone within a day of marking it."))
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    settings_row, _ = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(_bound(request), instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your email choices are saved."))
        return redirect("board:notification-settings")
    return render(request, "board/replies/notification_settings.html", {"form": form})
