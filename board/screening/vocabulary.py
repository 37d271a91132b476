"""Word lists the detectors share: top-level domains, apps, number words, common words."""

# Deliberately excludes TLDs that are common English words (it, to, in, at, is, be, no, so, us).
TLDS = (
    r"com|net|org|edu|gov|io|co|uk|me|ly|gg|tv|xyz|info|biz|app|dev|de|fr|ca|au|nz|ie|es|nl|eu"
    r"|ch|se|dk|pl|jp|ru|br|mx|ee"
)
URL_END = r"[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"  # trailing punctuation is not part of a link
OPEN, CLOSE = r"\s*[\[({<]\s*", r"\s*[\])}>]\s*"
OBFUSCATED_DOT = rf"(?:{OPEN}(?:dot|\.){CLOSE}|\s+dot\s+)"
ANY_DOT = rf"(?:{OBFUSCATED_DOT}|\.)"

APPS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|sc|tik\s?tok|tt|whats\s?app|telegram|signal|discord"
    r"|twitter|facebook|fb|messenger|kik|wechat|linkedin|hinge|tinder|bumble|grindr|reddit"
    r"|bluesky|bsky|threads|venmo|cash\s?app|paypal|x|line|viber|skype|twitch|youtube|spotify"
    r"|strava|pinterest|tumblr|mastodon|vsco|bereal|soundcloud|steam"
)
# Apps whose name after "my" is unambiguous ("my signal dropped", "my tinder date" are not).
MY_APPS = r"insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|whats\s?app|telegram|discord|kik|wechat"
DATING_APPS = (
    r"hinge|tinder|bumble|grindr|ok\s?cupid|okc|feeld|raya|happn|match\.com|plenty of fish"
    r"|pof|coffee meets bagel|the league|badoo|tantan|jdate|taimi"
)

DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
TEEN_WORDS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
TENS_WORDS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9",
}  # fmt: skip
NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred)"
)

# Words that are never a name or a handle on their own.
COMMON_WORDS = frozenset(
    """
    a about above after again against all also always am an and any are around as at away
    back be because been before being below beside between both but by can cannot could
    did do does doing done down during each either else enough even ever every few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just later least less like likely me might mine more most much must my
    myself never next no nobody none nor not nothing now of off often on once one only or
    other our ours out over own perhaps please quite rather really same she should since so
    some something sometimes soon still such than that the their them then there these they
    this those though through thus to too under until up upon us very was we well were what
    whatever when where whether which while who whom whose why will with within without would
    yet you your yours yourself yesterday today tonight tomorrow morning evening night
    afternoon story stories post posts photo photos pic pics picture reel reels page profile
    account feed live video videos selfie filter app apps thing things stuff time times day
    days week weeks year years ago guy girl man woman person people someone somebody anyone
    everyone friend friends sister brother mom mum dad mother father wife husband boyfriend
    girlfriend partner colleague boss dog cat baby kid kids too hi hey hello thanks thank sorry
    yes yeah ok okay sure maybe probably certainly definitely honestly actually basically
    literally totally only just even almost nearly mostly already again first last second
    third new old good bad great nice lovely beautiful cute pretty kind sweet funny amazing
    awesome cool weird strange lost found missed saw seen see met meet talked spoke said
    told asked looked smiled laughed waved left went came got took gave made judgement
    judgment decision decisions call calls streak streaks ads terrible dropped died great
    useless weird fun boring dead down broken addiction addict scrolling famous
    """.split()
)
