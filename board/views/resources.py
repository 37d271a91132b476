"""The coping-resources pages: articles by category, one article, the journaling prompts.

Every page carries the crisis block: the helplines of the country picked in its form, or
of the visitor's remembered place, then international directories.
"""

from django.shortcuts import get_object_or_404, render

from .. import coping
from ..forms import PromptTopicForm
from ..models import JournalPrompt, PromptTopic, Resource, ResourceCategory


def resource_list(request):
    """Published articles grouped by category, in reading order, with their summaries."""
    articles = list(Resource.objects.published().defer("body_html").order_by("order", "title"))
    sections = []
    for category in ResourceCategory:
        members = [a for a in articles if a.category == category]
        if members:
            sections.append({"code": category.value, "label": category.label, "articles": members})
    return render(
        request,
        "board/resources/resource_list.html",
        {"sections": sections, **coping.crisis_context(request)},
    )


def resource_detail(request, slug):
    """One published article; unpublished ones answer 404 for everyone (admins preview)."""
    resource = get_object_or_404(Resource.objects.published(), slug=slug)
    return render(
        request,
        "board/resources/resource_detail.html",
        {
            "resource": resource,
            "category_label": ResourceCategory(resource.category).label,
            "related": coping.related_for(resource),
            "prompt": coping.prompt_for(resource),
            **coping.crisis_context(request),
        },
    )


def prompt_list(request):
    """Published journaling prompts, optionally on one topic (?topic=<code>)."""
    form = PromptTopicForm(request.GET)
    topic = form.cleaned_data["topic"] if form.is_valid() else ""
    prompts = list(JournalPrompt.objects.published())
    if topic:
        # Topics are a JSON list; SQLite cannot filter on its members, so filter here.
        prompts = [p for p in prompts if topic in p.topics]
    return render(
        request,
        "board/resources/prompt_list.html",
        {
            "form": form,
            "topic": topic,
            "topic_label": PromptTopic(topic).label if topic else "",
            "topics": PromptTopic.choices,
            "prompts": prompts,
            **coping.crisis_context(request),
        },
    )
