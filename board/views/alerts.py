"""Alerts: ask to be emailed about new matching stories, confirm, manage, unsubscribe.

Nothing here sends email: confirmation emails are queued (board.tasks) once the request's
transaction commits. Manage pages show only the visitor's own alerts (by account, or by the
signed link that proves the address), and never show an address.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from .. import limits
from ..filters import PostFilter
from ..forms.alerts import AlertChangeForm, AlertForm
from ..models import Alert, Post
from ..services import RateLimited
from ..services import alerts as service
from ..services.alerts import links
from ..services.alerts.config import setting
from ..tasks import alerts as alert_tasks

IP_GROUP = "board.alerts.ip"


def _ip_usage(request, *, increment: bool):
    rate = setting("BOARD_ALERT_IP_RATE")
    if not rate or not getattr(settings, "RATELIMIT_ENABLE", True):
        return None
    return get_usage(request, group=IP_GROUP, key="ip", rate=rate, increment=increment)


def _ip_limited(request) -> limits.Limited | None:
    usage = _ip_usage(request, increment=False)
    if usage and usage["count"] >= usage["limit"]:
        return limits.Limited(seconds_left=usage["time_left"])
    return None


def _filters(request):
    """The list page's filters from the query string, cleaned by the browse form itself."""
    filterset = PostFilter(request.GET, queryset=Post.objects.none(), request=request)
    if not filterset.form.is_valid():
        return filterset, None
    data = filterset.form.cleaned_data
    return filterset, service.AlertFilters.build(
        query=data.get("q") or "",
        connection_type=data.get("type") or "",
        area=filterset.areas.get(data.get("area") or ""),
        setting_tags=[filterset.tags[slug] for slug in data.get("setting") or []],
        date_from=data.get("from"),
        date_to=data.get("to"),
    )


@require_http_methods(["GET", "POST"])
def alert_create(request):
    """The "Email me new matches" form for the search in the query string (signed in, or by
    email address)."""
    filterset, filters = _filters(request)
    signed_in = request.user.is_authenticated
    form = AlertForm(request.POST if request.method == "POST" else None, needs_email=not signed_in)
    context = {"form": form, "filterset": filterset, "filters": filters, "limited": None}
    status = 200
    if request.method == "POST" and filters is not None and form.is_valid():
        context["limited"] = _ip_limited(request)
        if context["limited"] is None:
            try:
                outcome = _create(request, filters, form.cleaned_data)
            except (service.AlertRefused, RateLimited) as refused:
                if not signed_in:
                    # By address, a full or capped address answers like any other: whoever
                    # typed it learns nothing of its alerts. Its owner sees the caps on the
                    # manage page; the attempt still counts against the IP address.
                    _ip_usage(request, increment=True)
                    return redirect("board:alert-sent")
                if isinstance(refused, RateLimited):
                    context["limited"] = limits.Limited(seconds_left=refused.seconds_left)
                else:
                    form.add_error(None, str(refused))
            else:
                _ip_usage(request, increment=True)
                if signed_in:
                    messages.success(request, _created_message(outcome))
                    return redirect("board:my-alerts")
                return redirect("board:alert-sent")
        status = 429 if context["limited"] else 200
    elif request.method == "POST":
        status = 400 if filters is None else 200
    return render(request, "board/alerts/alert_form.html", context, status=status)


def _create(request, filters, data) -> service.Outcome:
    if request.user.is_authenticated:
        return service.create_alert_for_user(
            user=request.user, filters=filters, frequency=data["frequency"], days=data["days"]
        )
    outcome = service.create_alert_for_address(
        email=data["email"], filters=filters, frequency=data["frequency"], days=data["days"]
    )
    if outcome.needs_confirmation:
        alert_tasks.queue_alert_confirmation(outcome.alert.pk)
    return outcome


def _created_message(outcome) -> str:
    until = outcome.alert.expires_at
    if outcome.created:
        return _("Your alert is on until %(day)s.") % {"day": f"{until:%d %B %Y}"}
    return _("You already had this alert: it now runs until %(day)s.") % {
        "day": f"{until:%d %B %Y}"
    }


def alert_sent(request):
    """After asking by address: the same page whatever the address (it reveals nothing)."""
    return render(
        request, "board/alerts/alert_sent.html", {"hours": setting("BOARD_ALERT_CONFIRM_HOURS")}
    )


def _bad_link(request, problem: links.BadLink):
    return render(request, "board/alerts/bad_link.html", {"expired": problem.expired}, status=400)


@require_http_methods(["GET", "POST"])
def alert_confirm(request, token):
    """The link in the confirmation email: GET shows a button (link scanners confirm
    nothing), POST starts the alert."""
    try:
        key = links.key_from_confirm_token(token)
    except links.BadLink as problem:
        return _bad_link(request, problem)
    alert = Alert.objects.filter(key=key).first()
    if alert is not None and request.method == "POST":
        alert = service.confirm_alert(key=key)
    if alert is None or (not alert.is_confirmed and alert.expires_at <= timezone.now()):
        return _bad_link(request, links.BadLink(expired=True))
    return render(
        request,
        "board/alerts/alert_confirm.html",
        {
            "alert": alert,
            "labels": service.describe_alert(alert),
            "manage_url": links.manage_url(alert),
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST here without cookies; the signed token is the proof.
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """One-click unsubscribe: GET asks to confirm with a button, POST deletes the alert."""
    try:
        key = links.key_from_unsubscribe_token(token)
    except links.BadLink as problem:
        return _bad_link(request, problem)
    if request.method == "POST":
        service.unsubscribe(key=key)
        return render(request, "board/alerts/unsubscribed.html")
    alert = Alert.objects.filter(key=key).first()
    if alert is None:
        return render(request, "board/alerts/unsubscribed.html")
    return render(
        request,
        "board/alerts/unsubscribe_confirm.html",
        {"alert": alert, "labels": service.describe_alert(alert)},
    )


def _manage(request, alerts, *, template_context: dict):
    """A list of the visitor's alerts, with renew, change and delete (POST, one at a time)."""
    if request.method == "POST":
        form = AlertChangeForm(request.POST)
        if form.is_valid():
            alert = get_object_or_404(alerts, key=form.cleaned_data["alert"])
            _apply(request, alert, form.cleaned_data)
            return redirect(request.path)
        messages.error(request, _("Choose what to change and try again."))
    rows = alerts.select_related("area__parent").prefetch_related("setting_tags")
    items = [
        {"alert": alert, "labels": service.describe_alert(alert)}
        for alert in rows.order_by("-created_at", "-pk")
    ]
    context = {
        "items": items,
        "day_choices": setting("BOARD_ALERT_DAYS"),
        **template_context,
    }
    return render(request, "board/alerts/manage.html", context)


def _apply(request, alert, data) -> None:
    action = data["action"]
    if action == "delete":
        service.delete_alert(alert=alert)
        messages.success(request, _("The alert is deleted."))
    elif action == "renew":
        if service.renew_alert(alert=alert, days=data["days"]):
            messages.success(
                request,
                _("Renewed: the alert runs until %(day)s.")
                % {"day": f"{alert.expires_at:%d %B %Y}"},
            )
        else:
            messages.error(request, _("An alert can be renewed once it is confirmed."))
    elif service.change_frequency(alert=alert, frequency=data["frequency"]):
        messages.success(request, _("Saved: %(how)s.") % {"how": alert.get_frequency_display()})


@login_required
@require_http_methods(["GET", "POST"])
def my_alerts(request):
    """The signed-in person's alerts (their account's, and those at their verified addresses)."""
    return _manage(
        request, service.alerts_for_account(request.user), template_context={"by_account": True}
    )


@require_http_methods(["GET", "POST"])
def alert_manage(request, token):
    """The alerts made with one email address, for whoever holds the signed link to it."""
    try:
        email_hash = links.hash_from_manage_token(token)
    except links.BadLink as problem:
        return _bad_link(request, problem)
    return _manage(
        request, Alert.objects.for_address(email_hash), template_context={"by_account": False}
    )


def follow_moment(request, post) -> None:
    """The post form's "also tell me if someone posts about this moment" (after saving)."""
    try:
        outcome = service.follow_moment(user=request.user, post=post)
    except (service.AlertRefused, RateLimited):
        messages.warning(
            request,
            _(
                "We could not start an alert about this moment: you have as many alerts as "
                "one person can. Manage them from your account."
            ),
        )
        return
    messages.info(
        request,
        _created_message(outcome)
        + " "
        + _("We will email you if someone posts about this moment."),
    )
