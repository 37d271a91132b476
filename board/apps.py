from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = "Missed connections"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .search import words

        # SQLite's search triggers stem through a Python function on each connection.
        connection_created.connect(
            words.register_sqlite_functions, dispatch_uid="board_search_sqlite_functions"
        )

        from .signals import post_went_live
        from .tasks import alerts as alert_tasks

        # Alerts: a post that goes live is matched by a worker once it commits.
        post_went_live.connect(alert_tasks.queue_alert_matching, dispatch_uid="board.alerts.match")
