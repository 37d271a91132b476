from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "Missed connections"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .signals import post_went_live
        from .tasks import queue_match_hints

        # Possible-match hints (issue 19): a worker looks for them after the post goes live.
        post_went_live.connect(queue_match_hints, dispatch_uid="board.match_hints")
