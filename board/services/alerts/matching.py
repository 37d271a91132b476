"""Which alerts a newly published post matches, run by a background task after it publishes.

Two steps, so that 100,000 alerts cost what the few that may match cost:

1. Candidates by the filters, through indexes: the alert's area is empty, the post's area or
   its city; its type is empty or the post's; the post's encounter date is in its range; it
   asked for any setting or one the post has. Only confirmed, running alerts; never the
   author's own.
2. Words, for the candidates that have any, with the meaning `board.search.search()` gives
   them. PostgreSQL checks every candidate in the same query against the post's
   `search_vector` (the alert keeps its words as to_tsquery text); SQLite runs the search
   once per distinct query, on the one post. (On PostgreSQL the words are kept parsed, as a
   stored tsquery column, so checking one costs one `@@`.)

Matches are recorded once per alert and post (a unique constraint), so a retried task or a
post restored after review never emails anyone twice.
"""

from allauth.account.models import EmailAddress
from django.db import connections, transaction
from django.db.models import Exists, OuterRef, Q

from ...models import Alert, AlertMatch, Frequency, Post
from ...search import search
from ...sql import with_sql
from .addresses import email_hash


def candidates(post: Post):
    """Running alerts whose filters (all but the words) the post meets."""
    areas = [post.area_id] + ([post.area.parent_id] if post.area.parent_id else [])
    tags = list(post.setting_tags.values_list("pk", flat=True))
    chosen_tags = Alert.setting_tags.through.objects.filter(
        alert_id=OuterRef("pk"), settingtag_id__in=tags
    )
    found = Alert.objects.active().filter(
        Q(area__isnull=True) | Q(area_id__in=areas),
        Q(date_from__isnull=True) | Q(date_from__lte=post.encounter_date),
        Q(date_to__isnull=True) | Q(date_to__gte=post.encounter_date),
        Q(any_setting=True) | Exists(chosen_tags),
        connection_type__in=["", post.connection_type],  # one index condition with the area
    )
    if post.author_id is not None:
        found = found.exclude(user_id=post.author_id)
        # and those the author made by address, at one of their verified addresses
        theirs = EmailAddress.objects.filter(user_id=post.author_id, verified=True)
        hashes = [email_hash(address) for address in theirs.values_list("email", flat=True)]
        if hashes:
            found = found.exclude(user__isnull=True, email_hash__in=hashes)
    return found


def _pg_query(queryset, post: Post):
    alert = connections[queryset.db].ops.quote_name(Alert._meta.db_table)
    # words_query: the alert's words_tsquery as a stored tsquery (migration 0012_alerts).
    words = (
        f"({alert}.words_query IS NULL OR (SELECT search_vector FROM board_post WHERE id = %s)"
        f" @@ {alert}.words_query)"
    )
    return with_sql(queryset, where=[words], params=[post.pk]).values_list("pk", flat=True)


def _pg_matching(queryset, post: Post) -> list[int]:
    # Thousands of candidate rows make the planner's estimate pass jit_above_cost, and JIT
    # compiling costs more than the whole query (docs/benchmarks.md, "Alerts"): off for it.
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        return list(_pg_query(queryset, post))


def _sqlite_matching(queryset, post: Post) -> list[int]:
    rows = list(queryset.values_list("pk", "query"))
    one_post = Post.objects.using(queryset.db).filter(pk=post.pk)
    verdicts = {text: search(one_post, text).exists() for text in {q for _, q in rows if q}}
    return [pk for pk, text in rows if not text or verdicts[text]]


def matching_alert_ids(post: Post) -> list[int]:
    """Ids of the running alerts this (published) post matches."""
    queryset = candidates(post)
    if connections[queryset.db].vendor == "postgresql":
        return _pg_matching(queryset, post)
    return _sqlite_matching(queryset, post)


def match_post(*, post_id: int) -> list[int]:
    """Record the post's matches; return the ids of matches to email one by one now.

    Repeatable: matches already recorded stay as they are, and only "each match" alerts'
    unsent matches are returned (the sender claims each before sending).
    """
    post = Post.objects.published().select_related("area").filter(pk=post_id).first()
    if post is None:
        return []
    ids = matching_alert_ids(post)
    AlertMatch.objects.bulk_create(
        [AlertMatch(alert_id=pk, post_id=post.pk) for pk in ids], ignore_conflicts=True
    )
    unsent = AlertMatch.objects.filter(
        post_id=post.pk, sent_at__isnull=True, alert__frequency=Frequency.EACH
    )
    return list(unsent.values_list("pk", flat=True))
