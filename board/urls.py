from django.urls import path

from .views import posts

app_name = "board"

urlpatterns = [
    path("", posts.post_list, name="post-list"),
    path("posts/new/", posts.post_create, name="post-create"),
    path("posts/<str:public_id>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<str:public_id>/delete/", posts.post_delete, name="post-delete"),
    path("posts/<str:public_id>/", posts.post_detail, {"slug": ""}, name="post-short"),
    path("posts/<str:public_id>/<str:slug>/", posts.post_detail, name="post-detail"),
    path("me/posts/", posts.my_posts, name="my-posts"),
    path("guidelines/", posts.GuidelinesView.as_view(), name="guidelines"),
]
