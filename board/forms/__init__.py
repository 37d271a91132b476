"""Forms validate what people type and say clearly what is wrong; they do not orchestrate.

One module per area, as models, services and views are.
"""

from .account import AccountDeleteForm, DisplayNameForm, SignupExtrasForm
from .appeals import AppealForm, TakedownAgainForm
from .comments import CommentDecisionForm, CommentFlagForm, CommentForm
from .moderation import FlagForm, TakedownForm
from .places import PlaceFieldsMixin, neighbourhood_choices
from .posts import STORY_MAX_LENGTH, PostForm
from .reflections import PromptTopicForm, ReflectionForm
from .replies import MessageForm, NotificationSettingsForm, ReplyForm, ReportForm

__all__ = [
    "STORY_MAX_LENGTH",
    "AccountDeleteForm",
    "AppealForm",
    "CommentDecisionForm",
    "CommentFlagForm",
    "CommentForm",
    "DisplayNameForm",
    "FlagForm",
    "MessageForm",
    "NotificationSettingsForm",
    "PlaceFieldsMixin",
    "PostForm",
    "PromptTopicForm",
    "ReflectionForm",
    "ReplyForm",
    "ReportForm",
    "SignupExtrasForm",
    "TakedownAgainForm",
    "TakedownForm",
    "neighbourhood_choices",
]
