"""Ready-made reasons offered for each bulk decision in the moderation queue.

Translated lazily, in the moderator's language: the chosen text is stored as the reason the
poster reads (docs/i18n.md, "Email").
"""

from django.utils.translation import gettext_lazy as _

CANNED_REASONS = {
    "approve": [
        _("Follows the guidelines."),
        _("The details that looked identifying are fine in context."),
    ],
    "reject": [
        _("It includes personal information (a name, number, handle or address)."),
        _("It asks for contact details."),
        _("It reads as a hookup request or solicitation."),
        _("It is not a missed connection."),
        _("It is spam or advertising."),
    ],
    "remove": [
        _("It identifies a real person."),
        _("Harassment or stalking."),
        _("It involves a minor."),
        _("Sexual content or solicitation."),
        _("Repeated posts about the same person."),
        _("The person it describes asked for it to come down."),
    ],
    "restore": [
        _("Reviewed: it follows the guidelines."),
        _("It was hidden by mistake."),
    ],
    "dismiss": [
        _("Reviewed: it follows the guidelines."),
        _("It does not identify anyone."),
    ],
}
