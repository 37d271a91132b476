"""Asking for a second look: appealing a decision from its notice, once, in the person's
own words; asking again after a refused takedown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ..forms import AppealForm, TakedownAgainForm
from ..models import Appeal
from ..services import appeals, takedown_links, takedowns


def _appeal_page(request, *, decision=None, suspension=None):
    existing = Appeal.objects.filter(
        **({"decision": decision} if decision else {"suspension": suspension})
    ).first()
    form = AppealForm(request.POST if request.method == "POST" and not existing else None)
    if form.is_bound and form.is_valid():
        try:
            appeals.submit_appeal(
                user=request.user,
                text=form.cleaned_data["text"],
                decision=decision,
                suspension=suspension,
            )
        except appeals.AppealRefused as refused:
            form.add_error("text", str(refused))
        else:
            messages.success(request, gettext("Your appeal is with a moderator; you will be told."))
            return redirect("board:my-notifications")
    context = {
        "form": form,
        "appeal": existing,
        "what": (
            gettext("your suspension")
            if suspension
            else gettext("“%(headline)s”") % {"headline": decision.post.headline}
        ),
        "decision": decision.get_kind_display() if decision else gettext("Suspended"),
        "reason": (suspension or decision).reason,
    }
    return render(request, "board/appeal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decision(request, decision_id):
    decision = appeals.appealable_decision(user=request.user, decision_id=decision_id)
    if decision is None:
        raise Http404("No decision of yours to appeal here.")
    return _appeal_page(request, decision=decision)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_suspension(request, suspension_id):
    suspension = appeals.appealable_suspension(user=request.user, suspension_id=suspension_id)
    if suspension is None:
        raise Http404("No suspension of yours to appeal here.")
    return _appeal_page(request, suspension=suspension)


@require_http_methods(["GET", "POST"])
def takedown_again(request, token):
    """The link in a refusal email: no account needed, the signed link is the proof."""
    try:
        takedown = takedown_links.request_for_again(token=token)
    except takedown_links.InvalidTakedownLink:
        return render(request, "board/takedown_confirm.html", {"invalid": True}, status=400)
    form = TakedownAgainForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and takedown.outcome == "kept":
        takedown = takedowns.ask_again(token=token, note=form.cleaned_data["note"])
        return render(request, "board/takedown_sent.html", {"takedown": takedown})
    context = {"form": form, "takedown": takedown}
    return render(request, "board/takedown_again.html", context)
