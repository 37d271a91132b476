"""Private reflections: seen, changed and deleted by their writer alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import coping
from ..forms import ReflectionForm
from ..models import JournalPrompt, Post, Reflection
from ..services import resources as resource_services


def _own_reflection_or_404(request, pk) -> Reflection:
    """Another person's reflection answers 404, exactly like one that does not exist."""
    return get_object_or_404(
        Reflection.objects.owned_by(request.user).select_related("prompt"), pk=pk
    )


def _starting_points(request) -> dict:
    """?prompt=<id> and ?post=<public_id> to start from; unknown or foreign ones are ignored."""
    initial = {}
    prompt_id = request.GET.get("prompt", "")
    if prompt_id.isdigit():
        initial["prompt"] = JournalPrompt.objects.published().filter(pk=prompt_id).first()
    public_id = request.GET.get("post", "")
    if public_id:
        initial["post"] = Post.objects.owned_by(request.user).filter(public_id=public_id).first()
    return {key: value for key, value in initial.items() if value is not None}


def _save(request, form, reflection=None):
    data = form.cleaned_data
    return resource_services.save_reflection(
        author=request.user,
        title=data["title"],
        body=data["body"],
        prompt=data.get("prompt"),
        post=data.get("post"),
        reflection=reflection,
    )


@login_required
def reflection_list(request):
    """The signed-in person's reflections, most recently changed first."""
    reflections = Reflection.objects.owned_by(request.user).select_related("prompt", "post")
    return render(
        request,
        "board/reflections/reflection_list.html",
        {"reflections": reflections, **coping.crisis_context(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_create(request):
    """Write a reflection, blank or from a prompt; what was typed is kept on any error."""
    if request.method == "POST":
        form = ReflectionForm(request.POST, user=request.user)
        if form.is_valid():
            _save(request, form)
            messages.success(request, _("Your reflection is saved. Only you can see it."))
            return redirect("board:reflection-list")
    else:
        form = ReflectionForm(user=request.user, initial=_starting_points(request))
    return render(request, "board/reflections/reflection_form.html", _form_context(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def reflection_edit(request, pk):
    reflection = _own_reflection_or_404(request, pk)
    initial = {
        "title": reflection.title,
        "body": reflection.body,
        "prompt": reflection.prompt_id,
        "post": reflection.post_id,
    }
    form = ReflectionForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        current_prompt_id=reflection.prompt_id,
    )
    if request.method == "POST" and form.is_valid():
        _save(request, form, reflection)
        messages.success(request, _("Your changes are saved."))
        return redirect("board:reflection-list")
    return render(
        request, "board/reflections/reflection_form.html", _form_context(request, form, reflection)
    )


def _form_context(request, form, reflection=None) -> dict:
    """The prompt being answered is shown above the text box, whether bound or initial."""
    chosen = form["prompt"].value()
    if isinstance(chosen, JournalPrompt):
        prompt = chosen
    elif chosen and str(chosen).isdigit():
        prompt = form.fields["prompt"].queryset.filter(pk=chosen).first()
    else:
        prompt = None
    # The crisis block without its country form: choosing there would leave the text box.
    crisis = {**coping.crisis_context(request), "crisis_countries": []}
    return {"form": form, "reflection": reflection, "prompt": prompt, **crisis}


@login_required
@require_http_methods(["GET", "POST"])
def reflection_delete(request, pk):
    """Ask first; delete only on POST."""
    reflection = _own_reflection_or_404(request, pk)
    if request.method == "POST":
        resource_services.delete_reflection(reflection=reflection)
        messages.success(request, _("Your reflection is deleted."))
        return redirect("board:reflection-list")
    return render(
        request, "board/reflections/reflection_confirm_delete.html", {"reflection": reflection}
    )
