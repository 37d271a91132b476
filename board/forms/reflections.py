"""Forms for private reflections and the prompt topic filter. They validate; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import JournalPrompt, Post, PromptTopic

REFLECTION_MAX_LENGTH = 20_000


class PromptChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.text


class OwnPostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.headline


class ReflectionForm(forms.Form):
    """A private piece of writing: blank or from a prompt, optionally about one's own post."""

    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=120,
        required=False,
        help_text=_("Only you will see it."),
    )
    body = forms.CharField(
        label=_("Your reflection"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=REFLECTION_MAX_LENGTH,
        help_text=_("Plain text, for you alone. Never published, never shown to anyone else."),
        error_messages={
            "required": _("Write something before saving; even one line is enough."),
            "max_length": _(
                "That is longer than %(limit_value)d characters; "
                "try splitting it into two reflections."
            ),
        },
    )
    prompt = PromptChoiceField(
        label=_("Journaling prompt (optional)"),
        queryset=JournalPrompt.objects.none(),
        required=False,
        empty_label=_("No prompt: a blank page"),
    )
    post = OwnPostChoiceField(
        label=_("About one of your posts (optional)"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("Not about a post"),
        help_text=_("Unsent mode: write the story for yourself. It is never published."),
    )

    def __init__(self, *args, user, current_prompt_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        prompts = JournalPrompt.objects.published()
        if current_prompt_id:
            # Keep a prompt an admin unpublished after this reflection was written.
            prompts = JournalPrompt.objects.filter(pk=current_prompt_id) | prompts
        self.fields["prompt"].queryset = prompts.order_by("order", "id")
        self.fields["post"].queryset = Post.objects.owned_by(user).only(
            "pk", "headline", "public_id"
        )
        if not self.fields["post"].queryset.exists():
            del self.fields["post"]


class PromptTopicForm(forms.Form):
    """?topic=<code> on the prompts page; an unknown code is an error, not an empty page."""

    topic = forms.ChoiceField(
        choices=[("", _("All topics")), *PromptTopic.choices],
        required=False,
        error_messages={
            "invalid_choice": _(
                "There is no topic called “%(value)s”. Here are all the prompts instead."
            )
        },
    )
