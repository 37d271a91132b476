from django.urls import path

from .views import me, moderation, posts, reflections, resources

app_name = "board"

urlpatterns = [
    path("", posts.post_list, name="post-list"),
    path("posts/new/", posts.post_create, name="post-create"),
    path("posts/<str:public_id>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<str:public_id>/delete/", posts.post_delete, name="post-delete"),
    path("posts/<str:public_id>/renew/", posts.post_renew, name="post-renew"),
    path("posts/<str:public_id>/flag/", moderation.post_flag, name="post-flag"),
    path("posts/<str:public_id>/takedown/", moderation.post_takedown, name="post-takedown"),
    path("posts/<str:public_id>/", posts.post_detail, {"slug": ""}, name="post-short"),
    path("posts/<str:public_id>/<str:slug>/", posts.post_detail, name="post-detail"),
    path("me/posts/", me.my_posts, name="my-posts"),
    path("me/notifications/", me.my_notifications, name="my-notifications"),
    path("moderation/", moderation.moderation_log, name="moderation-log"),
    path("guidelines/", posts.GuidelinesView.as_view(), name="guidelines"),
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
