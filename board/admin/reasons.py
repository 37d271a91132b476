"""Ready-made reasons offered for each bulk decision in the moderation queue."""

CANNED_REASONS = {
    "approve": [
        "Follows the guidelines.",
        "The details that looked identifying are fine in context.",
    ],
    "reject": [
        "It includes personal information (a name, number, handle or address).",
        "It asks for contact details.",
        "It reads as a hookup request or solicitation.",
        "It is not a missed connection.",
        "It is spam or advertising.",
    ],
    "remove": [
        "It identifies a real person.",
        "Harassment or stalking.",
        "It involves a minor.",
        "Sexual content or solicitation.",
        "Repeated posts about the same person.",
        "The person it describes asked for it to come down.",
    ],
    "restore": [
        "Reviewed: it follows the guidelines.",
        "It was hidden by mistake.",
    ],
    "dismiss": [
        "Reviewed: it follows the guidelines.",
        "It does not identify anyone.",
    ],
}
