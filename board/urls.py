from django.urls import path

from . import views

app_name = "board"

urlpatterns = [
    path("", views.post_list, name="post-list"),
    path("posts/new/", views.post_create, name="post-create"),
    path("posts/<str:public_id>/edit/", views.post_edit, name="post-edit"),
    path("posts/<str:public_id>/delete/", views.post_delete, name="post-delete"),
    path("posts/<str:public_id>/", views.post_detail, {"slug": ""}, name="post-short"),
    path("posts/<str:public_id>/<str:slug>/", views.post_detail, name="post-detail"),
    path("me/posts/", views.my_posts, name="my-posts"),
    path("guidelines/", views.GuidelinesView.as_view(), name="guidelines"),
]
