from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "Missed connections"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .signals import post_went_live
        from .tasks import alerts as alert_tasks

        # Alerts: a post that goes live is matched by a worker once it commits.
        post_went_live.connect(alert_tasks.queue_alert_matching, dispatch_uid="board.alerts.match")
