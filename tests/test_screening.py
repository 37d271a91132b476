from dataclasses import FrozenInstanceError, dataclass

import pytest

from board.screening import (
    Action,
    Finding,
    describe,
    screen_fields,
    screen_text,
    should_hold,
    should_refuse,
)


@dataclass
class Rule:
    pattern: str
    action: str = Action.HOLD
    is_regex: bool = False
    label: str = "a banned term"


PERSONAL_INFORMATION = [
    # phone numbers
    ("Call me on (212) 555-0134 if you read this", "phone"),
    ("my cell is 212-555-0134", "phone"),
    ("212.555.0134", "phone"),
    ("text +1 212 555 0134 please", "phone"),
    ("+1 (212) 555-0134", "phone"),
    ("1-800-555-0199", "phone"),
    ("my number is 555-0134", "phone"),
    ("ring 07700 900123 after 6", "phone"),
    ("+44 7700 900123", "phone"),
    ("+44 (0)20 7946 0958", "phone"),
    ("020 7946 0958", "phone"),
    ("appelle-moi au 06 12 34 56 78", "phone"),
    ("+33 6 12 34 56 78", "phone"),
    ("ruf mich an: +49 30 1234567", "phone"),
    ("2125550134", "phone"),
    ("212 - 555 - 0134", "phone"),
    # email addresses
    ("write to jane.doe+board@gmail.com!", "email"),
    ("reach me at name at gmail dot com", "email"),
    ("name [at] example [dot] org", "email"),
    ("jane(at)mail(dot)co(dot)uk", "email"),
    ("JANE AT GMAIL DOT COM", "email"),
    ("jane@gmail dot com", "email"),
    # links
    ("see https://example.com/about-me", "link"),
    ("http://my-site.net", "link"),
    ("www.example.org", "link"),
    ("example.com/abc", "link"),
    ("bit.ly/x", "link"),
    ("look me up on facebook.com", "link"),
    ("linktr.ee/jane", "link"),
    # handles and contact requests
    ("I'm @some_handle", "handle"),
    ("find me on insta", "handle"),
    ("add me on snap", "handle"),
    ("DM me on twitter", "handle"),
    ("dm me", "handle"),
    ("my insta is jane.d", "handle"),
    ("my snap is janedoe99", "handle"),
    ("my IG", "handle"),
    ("message me on WhatsApp", "handle"),
    ("I'm on telegram as @jd", "handle"),
    ("snap: jdoe99", "handle"),
    ("hit me up on discord", "handle"),
    ("my tiktok", "handle"),
    ("my signal number is below", "handle"),
    # licence plates
    ("her plate ABC 1234 was covered in mud", "plate"),
    ("licence plate 7XYZ123", "plate"),
    ("license plate 7xyz123", "plate"),
    ("reg AB12 CDE", "plate"),
    ("the van AB12 CDE was parked outside", "plate"),
    ("number plate: KX65ABC", "plate"),
    ("registration is LD19 XYZ", "plate"),
    ("your car ABC 1234 has a dent", "plate"),
    # street addresses
    ("I live at 221B Baker Street", "address"),
    ("1600 Pennsylvania Ave", "address"),
    ("12 Rue de Rivoli", "address"),
    ("12 rue de la Paix", "address"),
    ("350 5th Avenue", "address"),
    ("Flat 3, 14 Elm Road", "address"),
    ("apt 4B", "address"),
    ("10 Downing St.", "address"),
    ("Hauptstraße 5", "address"),
    ("come by 42 Oak Lane", "address"),
]

ORDINARY_TEXT = [
    "took the 7 train",
    "$20",
    "in 5 minutes",
    "2nd Avenue",
    "12/03/2025",
    "March 3, 2026",
    "2026-03-03",
    "2026-03-03 18:30",
    "12.03.2025",
    "7:45pm",
    "at 18:30",
    "around 9",
    "Route 66",
    "the 38 bus",
    "platform 9",
    "gate B12",
    "row 14 seat C",
    "flight BA 117",
    "Track 4",
    "aisle 7",
    "3 stops",
    "about 30",
    "I'm 34",
    "5'10\"",
    "in 2019",
    "the 2:15 to Brighton",
    "we both laughed @ the sign",
    "email",
    "her Instagram-worthy latte",
    "a bookstore on Elm Street",
    "near 14th Street",
    "Pier 39",
    "Studio 54",
    "...",
    "version 2.0",
    "5.30pm",
    "Route 1.3 miles",
    "score was 3-1",
    "between 5-6pm",
    "on 5th Avenue",
    "42nd Street station",
    "You were reading Murakami on the L train around 8am",
    "We both reached for the last oat milk at the Trader Joe's on 14th",
    "Green scarf, 6th Ave and 23rd, Tuesday around 5:30",
    "You dropped your glove on the 4 train at Union Sq, I was too shy",
    "We shared an umbrella outside Penn Station at 11pm on 3/14",
    "Sat across from you on the 9:42 from Paddington to Bath",
    "Red hair, about 5'6\", reading Sally Rooney at the Whitney cafe",
    "We were both waiting for the M15 at 1st Ave & 14th St",
    "You sat in seat 23A on flight UA 1234 to Denver",
    "Took the 18:05 from Gare du Nord, car 7",
    "The 135 bus, top deck, front seats, you had a tote bag from Foyles",
    "Hamilton at the 8pm show, row G seat 101",
    "I saw you on the 73 between 8.15 and 8.30",
    "Saw You 3 Times On Elm Street",
    "Took The 7 Train Down 2nd Avenue",
    "In 2019 Oxford Street was packed",
    "a plate of 12 oysters",
    "we were in car 12 at the back",
    "my signal is terrible on the tube so I missed your name",
    "my Instagram-worthy latte",
    "my snap judgement was wrong",
    "we got off at 5 pm me and my friend",
    "e.g. the U.S. at 8 a.m.",
    "I said hi.Then you left",
    "Reading 1Q84 at Café 1894, it cost £3.50",
    "we met at the dot com party",
    "1 000 000 people at the parade",
    "the 2019-2020 season",
]


@pytest.mark.parametrize(("text", "rule"), PERSONAL_INFORMATION)
def test_personal_information_is_flagged_for_holding(text, rule):
    findings = screen_text(text)
    assert rule in {f.rule for f in findings}
    assert all(f.action == Action.HOLD for f in findings)


@pytest.mark.parametrize("text", ORDINARY_TEXT)
def test_ordinary_story_text_passes_clean(text):
    assert screen_text(text) == []


def test_tables_are_big_enough():
    assert len(PERSONAL_INFORMATION) >= 45
    assert len(ORDINARY_TEXT) >= 45


def test_finding_carries_rule_label_exact_excerpt_field_and_action():
    [finding] = screen_text("Call (212) 555-0134 tonight", field="story")
    assert finding == Finding(
        rule="phone",
        label="a phone number",
        excerpt="(212) 555-0134",
        field="story",
        action=Action.HOLD,
    )


def test_excerpt_keeps_the_original_casing():
    [finding] = screen_text("write JANE AT GMAIL DOT COM")
    assert finding.excerpt == "JANE AT GMAIL DOT COM"


def test_findings_are_immutable():
    [finding] = screen_text("212-555-0134")
    with pytest.raises(FrozenInstanceError):
        finding.rule = "other"


@pytest.mark.parametrize(
    ("text", "rule", "excerpt"),
    [
        ("+1 212 555 0134", "phone", "+1 212 555 0134"),
        ("jane@gmail.com", "email", "jane@gmail.com"),
        ("https://example.com/@jane", "link", "https://example.com/@jane"),
        ("reg AB12 CDE", "plate", "AB12 CDE"),
        ("my insta is @jane_d", "handle", "my insta is @jane_d"),
    ],
)
def test_overlapping_matches_become_one_finding(text, rule, excerpt):
    findings = screen_text(text)
    assert [(f.rule, f.excerpt) for f in findings] == [(rule, excerpt)]


def test_separate_matches_are_reported_in_text_order():
    findings = screen_text("jane@gmail.com or 212-555-0134, flat 3")
    assert [f.rule for f in findings] == ["email", "phone", "address"]


def test_refuse_term_rule_produces_a_refuse_finding():
    rules = [Rule("forbidden phrase", Action.REFUSE, label="a forbidden phrase")]
    [finding] = screen_text("this has a Forbidden  Phrase in it", term_rules=rules)
    assert finding.rule == "term"
    assert finding.label == "a forbidden phrase"
    assert finding.excerpt == "Forbidden  Phrase"
    assert finding.action == Action.REFUSE


def test_hold_term_rule_produces_a_hold_finding():
    [finding] = screen_text("meet me by the fountain", term_rules=[Rule("fountain")])
    assert (finding.rule, finding.action) == ("term", Action.HOLD)


def test_plain_term_rules_match_whole_words_only():
    rules = [Rule("ass", Action.REFUSE)]
    assert screen_text("a glass of wine in class", term_rules=rules) == []
    assert should_refuse(screen_text("what an ass.", term_rules=rules))


def test_regex_term_rules_match_case_insensitively():
    rules = [Rule(r"\bred\s+car\b", Action.HOLD, is_regex=True, label="a car description")]
    [finding] = screen_text("You drove a RED  CAR", term_rules=rules)
    assert finding.excerpt == "RED  CAR"


@pytest.mark.parametrize("pattern", ["(unclosed", "*oops", "a{2,1}", "[z-a]"])
def test_invalid_regex_term_rules_are_skipped(pattern):
    rules = [Rule(pattern, Action.REFUSE, is_regex=True), Rule("fountain")]
    findings = screen_text("(unclosed fountain *oops", term_rules=rules)
    assert [f.excerpt for f in findings] == ["fountain"]


def test_empty_and_empty_matching_term_rules_are_ignored():
    rules = [Rule(""), Rule("   "), Rule("x*", is_regex=True)]
    assert screen_text("nothing to see", term_rules=rules) == []


def test_allow_rule_suppresses_an_overlapping_builtin_finding():
    text = "We met @Starbucks on Bleecker"
    assert [f.rule for f in screen_text(text)] == ["handle"]
    assert screen_text(text, term_rules=[Rule("@starbucks", Action.ALLOW)]) == []


def test_allow_rule_suppresses_an_overlapping_term_finding():
    rules = [Rule("Studio", Action.HOLD), Rule("Studio 54", Action.ALLOW)]
    assert screen_text("dancing at Studio 54", term_rules=rules) == []
    assert len(screen_text("the Studio downstairs", term_rules=rules)) == 1


def test_allow_rule_leaves_non_overlapping_findings_alone():
    rules = [Rule("Studio 54", Action.ALLOW)]
    findings = screen_text("Studio 54, then call 212-555-0134", term_rules=rules)
    assert [f.rule for f in findings] == ["phone"]


def test_refuse_rule_wins_over_an_overlapping_builtin_finding():
    rules = [Rule("555-0134", Action.REFUSE)]
    findings = screen_text("212-555-0134", term_rules=rules)
    assert should_refuse(findings)


def test_unknown_term_action_falls_back_to_hold():
    [finding] = screen_text("fountain", term_rules=[Rule("fountain", "weird")])
    assert finding.action == Action.HOLD


def test_screen_fields_attributes_findings_in_field_order_then_position():
    fields = {
        "headline": "Blue coat, 212-555-0134",
        "story": "email jane@gmail.com or @jane_d",
        "where_exactly": "",
        "i_saw": "you at 221B Baker Street",
        "i_am": None,
    }
    findings = screen_fields(fields)
    assert [(f.field, f.rule) for f in findings] == [
        ("headline", "phone"),
        ("story", "email"),
        ("story", "handle"),
        ("i_saw", "address"),
    ]


def test_screen_fields_applies_one_shot_term_rules_to_every_field():
    rules = (rule for rule in [Rule("fountain", Action.REFUSE)])
    findings = screen_fields({"headline": "fountain", "story": "the fountain"}, term_rules=rules)
    assert [f.field for f in findings] == ["headline", "story"]


def test_clean_fields_produce_no_findings():
    assert screen_fields({"headline": "Red scarf on the Q", "story": "You smiled."}) == []
    assert screen_fields({}) == []


def test_should_hold_is_true_for_any_finding_and_should_refuse_only_for_refusals():
    hold = Finding("phone", "a phone number", "212-555-0134", "story", Action.HOLD)
    refuse = Finding("term", "a slur", "xyz", "story", Action.REFUSE)
    assert not should_hold([])
    assert not should_refuse([])
    assert should_hold([hold])
    assert not should_refuse([hold])
    assert should_hold([hold, refuse])
    assert should_refuse([hold, refuse])


def test_describe_words_each_finding_with_its_field():
    findings = screen_fields({"story": "call 212-555-0134"})
    assert describe(findings) == ['Looks like a phone number: "212-555-0134" (story)']


def test_describe_omits_the_field_when_there_is_none():
    assert describe(screen_text("jane@gmail.com")) == [
        'Looks like an email address: "jane@gmail.com"'
    ]


def test_describe_removes_duplicate_sentences_and_keeps_order():
    findings = screen_text("212-555-0134, again 212-555-0134, jane@gmail.com", field="story")
    assert describe(findings) == [
        'Looks like a phone number: "212-555-0134" (story)',
        'Looks like an email address: "jane@gmail.com" (story)',
    ]


def test_describe_uses_the_term_rule_label():
    findings = screen_text("fountain", field="headline", term_rules=[Rule("fountain")])
    assert describe(findings) == ['Looks like a banned term: "fountain" (headline)']


def test_describe_shortens_very_long_excerpts():
    [sentence] = describe(screen_text("1" * 500))
    assert len(sentence) < 120


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        12345,
        "\x00\x01\x02",
        "\ud800 lone surrogate",
        "🙂" * 1000,
        "ـ٠١٢٣٤٥٦٧٨٩ ١٢٣",
        "\n\n\t  \r\n",
        "@" * 1000,
        "(" * 1000 + ")" * 1000,
    ],
)
def test_odd_input_never_raises(text):
    findings = screen_text(text, field="story")
    assert isinstance(findings, list)
    describe(findings)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1 " * 50_000,
        "1-" * 50_000,
        "a." * 50_000,
        "a@" * 50_000,
        "a at " * 20_000,
        "a [at] b [dot] " * 7_000,
        "x" * 50_000 + "@" + "y" * 50_000,
        "plate " * 16_000,
        "1 Elm " * 16_000,
        "(1)" * 33_000,
        "my insta is " * 9_000,
        "1" * 100_000,
    ],
)
def test_large_adversarial_input_returns(text):
    assert isinstance(screen_text(text, term_rules=[Rule("Elm", Action.ALLOW)]), list)
