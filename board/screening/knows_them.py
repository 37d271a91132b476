"""“I know who this is”, for comments: a reader saying they know, can name, reach or
introduce the person described ("i know her", "that's my coworker", "it's Jenna from the
bakery", "I can introduce you", "tag her"). On a public page that identifies someone as
surely as a name does; the way to reach the person is the private reply. Empathy is not
recognition: "I know how this feels", "I know the feeling", "that's my favourite cafe too"
stay clean."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import COMMON_WORDS

CODE = "knows"
LABEL = gettext_lazy("saying you know who this is")
WHY = gettext_lazy(
    "A public comment that says who this is, or offers to pass it on, points everyone at a "
    "real person. If you think you know them, the private reply is the way."
)

_I = r"(?:i|i'm|im|i\s+am|we)\b"
_KIN = (
    r"(?:co-?workers?|colleagues?|(?:best\s+|girl\s*|boy\s*)?friends?|bff|sis(?:ter)?|"
    r"bro(?:ther)?|cousins?|room-?mates?|flat-?mates?|house-?mates?|neighbou?rs?|ex|boss|"
    r"manager|classmates?|wife|husband|girlfriend|boyfriend|partner|daughter|son|mum|mom|"
    r"dad|aunt|uncle|niece|nephew|teacher|student|employee|barista|landlord|tenant|"
    r"bestie|mate|buddy|pal)"
)
_PERSON = (
    r"(?:her|him|them|(?:this|that|the)\s+(?:guy|girl|person|woman|man|lady|dude|barista|"
    r"driver|cashier|waiter|waitress|bartender|nurse|teacher|librarian|cyclist|runner))"
)
_MONTHS_DAYS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday christmas easter"
).split()

_PATTERNS = (
    # I know who this is / I think I know her / pretty sure I know this guy
    re.compile(
        r"(?<!if\s)(?<!wish\s)(?<!only\s)\b(?:i\s+(?:think\s+|bet\s+|might\s+|totally\s+|actually\s+|def(?:initely)?\s+|"
        r"literally\s+|100%\s+|swear\s+)?(?:i\s+)?(?:know|knew|recogni[sz]e|recogni[sz]ed))\s+"
        r"(?:exactly\s+|precisely\s+)?(?:who\s+(?:this|that|it|she|he|they|you|the\s+\w+)\b|"
        + _PERSON
        + r"\b(?!\s+feel))",
        re.IGNORECASE,
    ),
    # that's my coworker / this is definitely my sister / sounds like my roommate
    re.compile(
        r"\b(?:that'?s|that\s+is|that’s|this\s+is|it'?s|it’s|it\s+is|sounds\s+like|must\s+be|"
        r"could\s+be|might\s+be|(?:s?he|they)(?:\s+(?:is|was|are)|'s|’s|'re|’re))\s+"
        r"(?:so\s+|definitely\s+|totally\s+|probably\s+|literally\s+|100%\s+)?"
        r"(?:my|our)\s+(?:\w+\s+)?" + _KIN + r"\b",
        re.IGNORECASE,
    ),
    # I can introduce you / want me to put you in touch / I'll pass it on to her
    re.compile(
        r"(?<!wish\s)(?<!only\s)\b(?:i\s+(?:can|could|will|would|'ll|’ll|might)|i'?ll|i’ll|i’d|"
        r"i'd(?:\s+be\s+happy\s+to)?|want\s+me\s+to|happy\s+to|let\s+me|shall\s+i|should\s+i)\s+"
        r"(?:(?:totally|definitely|happily|easily|probably|just|try\s+to|help)\s+)?(?:introduce\s+you|intro\s+you|put\s+you\s+(?:two\s+)?in\s+"
        r"touch|connect\s+you|set\s+you\s+(?:two\s+)?up|pass\s+(?:this|it|that|your\s+\w+)\s+"
        r"(?:on|along)|show\s+(?:her|him|them)\s+(?:this|your)|send\s+(?:this|it)\s+to\s+"
        r"(?:her|him|them)|let\s+(?:her|him|them)\s+know|give\s+(?:her|him|them)\s+(?:your|this))",
        re.IGNORECASE,
    ),
    # tag her / tagging him / tag the barista
    re.compile(
        r"\b(?:tag(?:ging|ged)?|@-?ing)\s+(?:her|him|them|this\s+\w+|the\s+(?:girl|guy|barista|"
        r"driver|woman|man|person))\b",
        re.IGNORECASE,
    ),
    # I know where she works / she works at / he lives on my street
    re.compile(
        r"\b(?:know\s+where\s+(?:she|he|they|you)\s+(?:works?|lives?|goes|hangs|studies|"
        r"stays)|(?:she|he|they)\s+(?:works?|lives?|studies|stays)\s+(?:at|in|on|near|with|"
        r"next\s+to|across)\b)",
        re.IGNORECASE,
    ),
)
_MORE = (
    # ik who this is / i kno who u mean / we all know who this is (not "you know who you are")
    re.compile(
        r"(?<!you\s)(?<!u\s)\b(?:ik|i\s+kn[ow]{1,2}e?|(?:we\s+all\s+|every(?:one|body)\s+)?"
        r"knows?)\s+(?:exactly\s+)?who\s+(?:(?:u|you)\s+mean|(?:this|that|it|she|he|they)\s*"
        r"(?:is|are|was|were|'s|’s|'re|’re))\b",
        re.IGNORECASE,
    ),
    # I work with her / I went to school with him / I've met her / I see him every morning
    re.compile(
        r"(?<!if\s)(?<!wish\s)(?<!only\s)\b(?:i|we)(?:'ve|’ve|\s+have)?\s+(?:(?:work(?:ed)?|went\s+to\s+(?:school|uni|"
        r"college|class)|live[ds]?|study|studied|train(?:ed)?)\s+with|met|dated|"
        r"know|knew)\s+"
        + _PERSON
        + r"\b|\b(?:i|we)\s+(?:see|saw)\s+"
        + _PERSON
        + r"\s+(?:every|each|most|at|around|daily)\b",
        re.IGNORECASE,
    ),
    # I'll tell her / I will tell him you said hi / let me tell them
    re.compile(
        r"(?<!wish\s)(?<!if\s)(?<!only\s)\b(?:i'?ll|i’ll|i\s+(?:will|can|could|'ll)|let\s+me|i'?m\s+going\s+to|i’m\s+going\s+to|"
        r"gonna)\s+(?:tell|text|message|call|dm|show|ask)\s+(?:her|him|them)\b",
        re.IGNORECASE,
    ),
    # she's at the bakery on 5th every morning / he is always at the gym
    re.compile(
        r"\b(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re|’re)\s+(?:always|usually|often)\s+"
        r"(?:at|there)\b|\b(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re|’re)\s+at\s+[^.!?\n]{0,60}?\b"
        r"(?:every|each|most|weekdays?|mornings|evenings|nights)\b",
        re.IGNORECASE,
    ),
    # text me / email me / whatsapp me / message me / hit me up: contact off the board
    re.compile(
        r"\b(?:text|e-?mail|mail|message|msg|whats\s?app|pm|inbox|hmu|hit\s+me\s+up|"
        r"reach\s+out\s+to|get\s+in\s+touch\s+with|contact)\s+me\b|\bhmu\b",
        re.IGNORECASE,
    ),
    # my friend knows her / my sister knows who this is / someone I know knows him
    re.compile(
        r"\b(?:(?:my|our)\s+(?:\w+\s+)?" + _KIN + r"|someone\s+i\s+know)\s+(?:knows|knew|"
        r"recogni[sz]ed|works\s+with|lives\s+with)\s+(?:her|him|them|who)\b",
        re.IGNORECASE,
    ),
    # I can tell you who she is / I know who, full stop / who you're talking about
    re.compile(
        r"\btell\s+(?:you|u)\s+who\s+(?:she|he|it|this|that|they)\b|\bi\s+know\s+who\s*"
        r"(?:[.!?]|$)|\bknow\s+(?:exactly\s+)?who\s+(?:u|you)(?:'re|’re|\s+are|\s+r)\s+"
        r"talking\s+about",
        re.IGNORECASE,
    ),
    # I have her number / I've got her insta / want her name? / I'll dm you her name
    re.compile(
        r"\b(?:i\s+(?:have|had|got|know|can\s+(?:get|send|give|find)|could\s+(?:get|send|give|"
        r"find)|(?:will|'ll|’ll)\s+(?:send|give|dm|pm|text|message))|i'?ve\s+got|i’ve\s+got|"
        r"i'?ll\s+(?:send|give|dm|pm|text|message)|i’ll\s+(?:send|give|dm|pm|text|message)|"
        r"want|need|dm|pm|message)\s+(?:you\s+|u\s+)?(?:her|his|their)\s+(?:real\s+|full\s+|"
        r"last\s+|first\s+)?(?:name|number|digits|insta\w*|ig|snap\w*|socials?|handle|@|email|"
        r"address|contact|profile|details|linked\s?in|facebook|fb|tik\s?tok|twitter)\b",
        re.IGNORECASE,
    ),
    # her @ is jennak / her handle is / her name starts with J / check my bio
    re.compile(
        r"\b(?:her|his|their)\s+(?:@|handle|ig|insta|snap|tik\s?tok|user\s?name|initials?)\s*"
        r"(?:is|are|=|:)|\b(?:her|his|their)\s+name\s+(?:starts|begins|ends|rhymes)\s+with\b|"
        r"\b(?:in|check|see)\s+my\s+(?:bio|profile)\b",
        re.IGNORECASE,
    ),
    # she's the barista at Blue Bottle / he teaches maths at Springfield High / add me
    re.compile(
        r"\b(?:she|he|they)(?:'s|’s|\s+is|\s+was|'re|’re|\s+are)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?"
        r"(?:barista|nurse|teacher|doctor|waiter|waitress|bartender|cashier|driver|librarian|"
        r"trainer|instructor|manager|receptionist|server|cook|chef|clerk|pharmacist|dentist|"
        r"lawyer|vet|cop|officer|guard|tutor|professor|lecturer|coach|owner|intern)s?\s+"
        r"(?:at|in|for|on|of)\b|\b(?:she|he|they)\s+(?:drives|teach(?:es)?|manages|owns|coach(?:es)?|"
        r"runs|tends)\s+(?:\w+\s+)?(?:at|the\s+(?:\d+|\w+\s+(?:bus|train|route|bar|cafe|shop|"
        r"store|class|desk|counter)))\b|\badd\s+me\b",
        re.IGNORECASE,
    ),
    # look up jenna_k92 / jenna.k92 on ig (a handle-like word: digits, dots or underscores)
    re.compile(
        r"\blook\s+(?:(?:her|him|them)\s+)?up\s+@?\w*[_\d]\w*|(?<![\w@.])@?[A-Za-z]\w*[_.\d][\w.]*"
        r"\s+on\s+(?:ig|insta(?:gram)?|snap(?:chat)?|tik\s?tok|twitter|x|threads|bluesky)\b",
        re.IGNORECASE,
    ),
    # we go to the same gym / we take the same bus / she sits next to me at work
    re.compile(
        r"\bwe\s+(?:both\s+)?(?:go\s+to|take|ride|catch|attend|share|work\s+(?:at|in)|live\s+"
        r"(?:in|on)|use)\s+the\s+same\s+(?:\d+\s+|\w+\s+)?(?:gym|bus|train|tram|ferry|class|"
        r"classes|school|office|building|church|caf[eé]|coffee\s+shop|bar|work|uni|college|"
        r"university|library|pool|club|station|stop|route|commute|shop|store|yoga|team|"
        r"company|floor|block|street|dorm|course)\b|\b(?:she|he|they)\s+(?:sits?|works?|lives?|studies|"
        r"stays?)\s+(?:right\s+)?(?:next\s+to|near|across\s+from|beside|with|behind|opposite)\s+"
        r"(?:me|us)\b",
        re.IGNORECASE,
    ),
    # Other languages: "je la connais", "je sais qui c'est", "ich kenne sie", "ich weiß wer
    # das ist", "la conozco", "sé quién es", "la conosco", "so chi è", "eu conheço ela".
    re.compile(
        r"\b(?:je\s+(?:la|le|les|l['’])\s*connais|je\s+connais\s+(?:cette|ce|cet|la|le)\b|"
        r"je\s+sais\s+qui\s+c|ich\s+kenne\s+(?:sie|ihn|die|den|das)\b|ich\s+wei(?:ß|ss)\s+"
        r"wer|(?:la|lo|los|las)\s+conozco|conozco\s+a\b|s[eé]\s+qui[eé]n\s+es|"
        r"(?:la|lo|li|le)\s+conosco|conosco\s+(?:questa|questo|lei|lui)\b|so\s+chi\s+[eè]|"
        r"(?:eu\s+)?conhe[cç]o\s+(?:ela|ele|essa|esse)\b|sei\s+quem\s+[eé]|"
        r"ik\s+ken\s+(?:haar|hem|die|deze)\b|ik\s+weet\s+wie|znam\s+(?:j[aą]|go|t[eę])\b|"
        r"wiem\s+kto|я\s+(?:её|ее|его|их)\s+знаю|я\s+знаю\s+(?:её|ее|его|кто|эту|этого))",
        re.IGNORECASE,
    ),
)
# "that's Jenna!" / "pretty sure it's Tom." (a capitalised name ending the sentence)
_NAME_ALONE = re.compile(
    r"\b(?:(?:[Ii]t'?s|[Ii]t’s|[Tt]hat'?s|[Tt]hat’s|[Tt]his\s+is)(?:\s+(?:totally|def|"
    r"definitely|probably|so|obviously|clearly|100%|deffo|defo))?|[Mm]ust\s+be|[Hh]as\s+to\s+be|"
    r"[Ss]ounds\s+like|[Dd]efinitely|[Aa]re\s+you\s+talking\s+about|[Tt]ell)\s+([A-Z][a-zà-ÿ'’-]+)(?=\s*(?:$|[.!?,;)]|\s+(?i:lol|haha|lmao|for\s+"
    r"sure|from|at|i\s+said|we|who)\b))"
)
# "Jenna, is that you?" / "Becca?? is that you"
_NAME_CALLED = re.compile(
    r"\b([A-Z][a-zà-ÿ'’-]+)\W{0,4}\s*(?i:is\s+(?:that|this|it)\s+(?:you|u)|(?:r|are)\s+(?:u|you)\s+"
    r"(?:there|reading|here))\b"
)
# "that's jenna from the bakery" in any case: an uncommon word, then where
_NAMED_ANY_CASE = re.compile(
    r"\b(?:it'?s|it’s|that'?s|that’s|this\s+is|must\s+be|sure\s+it'?s)\s+([^\W\d_][\w'’-]+)"
    r"\s+(?:from|at|who\s+works|who\s+lives)\s+(?:the|my|our|your|work)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset(
    "amazing awesome beautiful lovely great sad sweet fate destiny love life perfect true "
    "wonderful cute adorable incredible brave romantic magical crazy wild everything hope "
    "fine okay ok right wrong real rare hard tough heartbreaking heartwarming gorgeous "
    "precious special so such just what why how who everyone nobody somebody someone "
    "wow omg omfg wait haha hahaha lol lmao hey hi hello oh ooh stranger reader friend "
    "seriously honestly really sir miss dude girl guy man woman lady mate buddy wait "
    "please yes no hmm um okay well damn gosh aww awww chemistry karma magic serendipity "
    "kismet timing romance courage fine nice cool sad beautiful gorgeous hilarious".split()
)


def _name_like(word: str) -> bool:
    word = word.lower().strip("'’-")
    return not (
        word in COMMON_WORDS or word in _NOT_A_NAME or word in _MONTHS_DAYS or len(word) < 2
    )


# It's Jenna from the bakery / that's Tom at the front desk (a capitalised name, then where)
_NAMED = re.compile(
    r"\b(?:[Ii]t'?s|[Ii]t’s|[Ii]t\s+is|[Tt]hat'?s|[Tt]hat’s|[Tt]hat\s+is|[Tt]his\s+is|"
    r"[Ss]ounds\s+like|[Mm]ust\s+be|[Pp]robably|[Ss]ure\s+it'?s|[Dd]efinitely|"
    r"[Ii]s\s+(?:this|that|it))\s+"
    r"([A-Z](?:[a-zà-ÿ'’-]+|\.)?(?:\s+[A-Z][a-zà-ÿ'’.-]*)?)\s+(?:from|at|who\s+works|who\s+lives|"
    r"in\s+(?:accounts|marketing|sales|HR|IT|my|our))\b"
)


def find(text):
    for pattern in _PATTERNS + _MORE:
        for match in pattern.finditer(text):
            yield match.span()
    for match in _NAMED.finditer(text):
        if match.group(1).split()[0].lower() not in _MONTHS_DAYS:
            yield match.span()
    for pattern in (_NAME_ALONE, _NAMED_ANY_CASE, _NAME_CALLED):
        for match in pattern.finditer(text):
            if _name_like(match.group(1)):
                yield match.span()
