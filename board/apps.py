from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = _("Missed connections")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .search import words
        from .signals import post_went_live
        from .tasks import alerts as alert_tasks
        from .tasks import hints as hint_tasks

        # SQLite's search triggers stem through a Python function on each connection.
        connection_created.connect(
            words.register_sqlite_functions, dispatch_uid="board_search_sqlite_functions"
        )
        # A post that goes live is matched against alerts, and compared with other stories
        # of the same moment for possible-match hints, by a worker once it commits.
        post_went_live.connect(alert_tasks.queue_alert_matching, dispatch_uid="board.alerts.match")
        post_went_live.connect(hint_tasks.queue_match_hints, dispatch_uid="board.match_hints")
