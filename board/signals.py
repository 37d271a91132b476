"""Signals the services send, so background work can follow a write without the services
importing the task modules that in turn call services.

`post_went_live(sender=Post, post=...)` is sent inside the transaction that made a post
public (published at once, approved, or restored). Receivers that queue work must do it
after commit (`transaction.on_commit`), so a rolled-back decision queues nothing.
"""

from django.dispatch import Signal

post_went_live = Signal()
