"""A starter set of term rules (solicitation, selling) that moderators can edit or switch off;
moderators may read takedown requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SOLICITATION = "a hookup or sexual solicitation"
SELLING = "selling or advertising"

STARTER_RULES = [
    # (pattern, is_regex, action, label)
    (r"hook\s*-?\s*ups?|hooking\s+up", True, "hold", SOLICITATION),
    (r"\bn\.?s\.?a\.?\b(?!\s+(?:agent|leak|files?|surveillance|documentary|doc|film|scandal|spying))", True, "hold", SOLICITATION),
    (r"\bfwb\b|friends?\s+with\s+benefits", True, "hold", SOLICITATION),
    (r"one[\s-]night[\s-]stands?", True, "hold", SOLICITATION),
    (r"\bdtf\b|down\s+to\s+f\w*k", True, "hold", SOLICITATION),
    (r"send\s+(?:me\s+)?(?:nudes|pics|noodz)|\bnudes\b", True, "hold", SOLICITATION),
    (r"sugar\s*(?:daddy|daddies|baby|babies|mommy|mama)", True, "hold", SOLICITATION),
    (r"\bescorts?\b|\bgfe\b|happy\s+ending", True, "hold", SOLICITATION),
    (r"\b(?:sexting|booty\s*call|netflix\s+and\s+chill|no\s+strings(?:\s+attached)?)\b", True,
     "hold", SOLICITATION),
    (r"\b(?:discreet|casual)\s+(?:fun|encounters?|meet(?:ups?)?|hookups?)\b", True, "hold",
     SOLICITATION),
    (r"\bonly\s*fans\b|\bfansly\b", True, "hold", SELLING),
    # "Selling ..." opening a sentence is an advert; "you were selling your car" is a story.
    (r"(?:^|[.!?]\s+)selling\b|\bfor\s+sale\b|\bbuy\s+now\b", True, "hold", SELLING),
    (r"\b(?:promo|discount|coupon|referral)\s+codes?\b", True, "hold", SELLING),
    (r"\b(?:dm|message|text)\s+(?:me\s+)?for\s+(?:prices?|rates?|menu|info)\b", True, "hold",
     SELLING),
    (r"\b(?:crypto|bitcoin|forex)\s+(?:investment|opportunit\w+|trading|signals)\b", True,
     "hold", SELLING),
    (r"\b(?:investment\s+opportunity|make\s+money\s+(?:fast|from\s+home)|work\s+from\s+home"
     r"\s+opportunity)\b", True, "hold", SELLING),
    (r"\b(?:rates?|donations?)\s*:?\s*\$\d+|\$\d+\s*(?:/|per|an?)\s*(?:hr|hour|night)\b", True,
     "hold", SELLING),
]


def add_rules(apps, schema_editor):
    TermRule = apps.get_model("board", "TermRule")
    for pattern, is_regex, action, label in STARTER_RULES:
        TermRule.objects.get_or_create(
            pattern=pattern, defaults={"is_regex": is_regex, "action": action, "label": label}
        )


def remove_rules(apps, schema_editor):
    TermRule = apps.get_model("board", "TermRule")
    TermRule.objects.filter(pattern__in=[rule[0] for rule in STARTER_RULES]).delete()


def let_moderators_read_takedowns(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="board", codename="view_takedownrequest"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("board", "0008_takedown_requests_and_silent_replies")]

    operations = [
        migrations.RunPython(add_rules, remove_rules),
        migrations.RunPython(let_moderators_read_takedowns, migrations.RunPython.noop),
    ]
