"""The board's tables, split by concern; import them from `board.models`."""

from .moderation import (
    PUBLIC_ACTION_KINDS,
    URGENT_FLAG_REASONS,
    ActionKind,
    Actor,
    Flag,
    FlagReason,
    ModerationAction,
    Notification,
    Suspension,
    TermAction,
    TermRule,
)
from .posts import (
    Area,
    ConnectionType,
    PartOfDay,
    Post,
    PostStatus,
    SettingTag,
    neighbours_of,
)
from .resources import (
    Helpline,
    JournalPrompt,
    PromptTopic,
    Reflection,
    Resource,
    ResourceCategory,
)

__all__ = [
    "PUBLIC_ACTION_KINDS",
    "URGENT_FLAG_REASONS",
    "ActionKind",
    "Actor",
    "Area",
    "ConnectionType",
    "Flag",
    "FlagReason",
    "Helpline",
    "JournalPrompt",
    "ModerationAction",
    "Notification",
    "PartOfDay",
    "Post",
    "PostStatus",
    "PromptTopic",
    "Reflection",
    "Resource",
    "ResourceCategory",
    "SettingTag",
    "Suspension",
    "TermAction",
    "TermRule",
    "neighbours_of",
]
