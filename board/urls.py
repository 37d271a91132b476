from django.urls import path

from .feeds import PostFeed
from .views import (
    account,
    appeals,
    me,
    moderation,
    pages,
    places,
    posts,
    reflections,
    replies,
    resources,
)

app_name = "board"

urlpatterns = [
    path("", posts.post_list, name="post-list"),
    path("places/", places.place_lookup, name="place-lookup"),
    path("places/remember/", places.place_remember, name="place-remember"),
    path("places/forget/", places.place_forget, name="place-forget"),
    path("posts/new/", posts.post_create, name="post-create"),
    path("posts/<str:public_id>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<str:public_id>/delete/", posts.post_delete, name="post-delete"),
    path("posts/<str:public_id>/renew/", posts.post_renew, name="post-renew"),
    path("posts/<str:public_id>/flag/", moderation.post_flag, name="post-flag"),
    path("posts/<str:public_id>/takedown/", moderation.post_takedown, name="post-takedown"),
    path("takedown/confirm/<str:token>/", moderation.takedown_confirm, name="takedown-confirm"),
    path("takedown/again/<str:token>/", appeals.takedown_again, name="takedown-again"),
    path("posts/<str:public_id>/reply/", replies.post_reply, name="post-reply"),
    path("posts/<str:public_id>/found/", replies.post_found, name="post-found"),
    path("posts/<str:public_id>/found/undo/", replies.post_found_undo, name="post-found-undo"),
    path("posts/<str:public_id>/", posts.post_detail, {"slug": ""}, name="post-short"),
    path("posts/<str:public_id>/<str:slug>/", posts.post_detail, name="post-detail"),
    path("me/", account.account_home, name="account-home"),
    path("me/name/", account.display_name, name="display-name"),
    path("me/export/", account.account_export, name="account-export"),
    path("me/delete/", account.account_delete, name="account-delete"),
    path("me/posts/", me.my_posts, name="my-posts"),
    path("me/notifications/", me.my_notifications, name="my-notifications"),
    path("me/appeals/decision/<int:decision_id>/", appeals.appeal_decision, name="appeal-decision"),
    path(
        "me/appeals/suspension/<int:suspension_id>/",
        appeals.appeal_suspension,
        name="appeal-suspension",
    ),
    path("me/notifications/settings/", replies.notification_settings, name="notification-settings"),
    path("me/inbox/", replies.inbox, name="inbox"),
    path("me/inbox/<str:public_id>/", replies.conversation_detail, name="conversation"),
    path("me/inbox/<str:public_id>/send/", replies.conversation_message, name="conversation-send"),
    path(
        "me/inbox/<str:public_id>/accept/", replies.conversation_accept, name="conversation-accept"
    ),
    path(
        "me/inbox/<str:public_id>/decline/",
        replies.conversation_decline,
        name="conversation-decline",
    ),
    path("me/inbox/<str:public_id>/end/", replies.conversation_end, name="conversation-end"),
    path("me/inbox/<str:public_id>/block/", replies.conversation_block, name="conversation-block"),
    path(
        "me/inbox/<str:public_id>/report/", replies.conversation_report, name="conversation-report"
    ),
    path("moderation/", moderation.moderation_log, name="moderation-log"),
    path("guidelines/", posts.GuidelinesView.as_view(), name="guidelines"),
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy, name="privacy"),
    path("terms/", pages.terms, name="terms"),
    path("contact/", pages.contact, name="contact"),
    path("appeal/", pages.appeal, name="appeal"),
    path("feeds/posts/", PostFeed(), name="post-feed"),
    path("resources/", resources.resource_list, name="resource-list"),
    path("resources/prompts/", resources.prompt_list, name="prompt-list"),
    path("resources/<slug:slug>/", resources.resource_detail, name="resource-detail"),
    path("me/reflections/", reflections.reflection_list, name="reflection-list"),
    path("me/reflections/new/", reflections.reflection_create, name="reflection-create"),
    path("me/reflections/<int:pk>/edit/", reflections.reflection_edit, name="reflection-edit"),
    path(
        "me/reflections/<int:pk>/delete/", reflections.reflection_delete, name="reflection-delete"
    ),
]
