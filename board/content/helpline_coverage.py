"""Which countries the shipped helplines must cover (issue 18), and which of them get only the
international directories for now.

A country is "directory only" when no national line for adults could be checked against
two independent, agreeing sources, one of them in the service's or the government's own
words (its site, or its announcement carried by the state news agency or a public
broadcaster); a wrong crisis number is worse than a directory. docs/helplines.md says why
for each, and which candidate a moderator could check and add in the admin.
tests/test_helplines_coverage.py keeps this module, the shipped list (helplines.json) and
that document in step.
"""

# The countries of the demo cities (board/demo/places.json).
DEMO_COUNTRIES = frozenset({"US", "GB", "DE", "PT", "CA"})

# The twenty most populous countries (UN World Population Prospects 2024).
MOST_POPULOUS = frozenset("IN CN US ID PK NG BR BD RU ET MX JP EG PH CD VN IR TR DE TH".split())

DIRECTORY_ONLY = frozenset("ID NG BD RU ET EG CD VN TR".split())
