"""What kind of answer a question asks for, and whether a sentence gives one. Pure.

"How long is the trip?" wants a duration, "who greeted him?" a name, "when did they
meet?" a date: a sentence that holds the question's words but no answer of that
kind ("the trip was announced on Friday" for "how long") does not answer it. The
kinds are read from the question's first words; a question of another kind (what,
why, yes/no) asks for nothing this module can see, and every sentence passes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.retrieval.wording import unframed
from index.text import STOPWORDS, terms

# A count: a numeral or a number word ...
_COUNT = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    r"millions|billion|billions|dozen|dozens|half)"
)
# ... and before a unit, vaguer ones count too ("a day", "several weeks"); alone they
# answer no "how many" ("a good dealer")
_NUMBER = rf"(?:{_COUNT}|several|a few|a|an)"
_UNIT = r"(?:second|minute|hour|day|night|week|month|year|decade|century)s?"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_GIVES = {
    "duration": re.compile(rf"\b{_NUMBER}[\s-]+{_UNIT}\b|\buntil\b", re.I),
    "number": re.compile(rf"\b{_COUNT}\b(?![\s-]+{_UNIT}\b)", re.I),
    # a match's result: "3-1", "a 2-1 win", "drew 3‑3", "10 to 2"
    "score": re.compile(
        r"(?<![\d.,:/–‑-])\b\d{1,3}\s*(?:[-–‑]|to)\s*\d{1,3}\b(?![-–‑.,:/]?\d)", re.I
    ),
    "date": re.compile(
        rf"\b(?:{_MONTH}|{_WEEKDAY}|1[0-9]\d\d|20\d\d|yesterday|today|tomorrow|tonight|"
        rf"(?:last|next|this|early|late)\s+(?:week|month|year|{_WEEKDAY}|spring|summer|"
        rf"autumn|fall|winter)|{_NUMBER}\s+{_UNIT}\s+ago|\d{{1,2}}(?:[:.]\d\d)?\s*[ap]\.?m\.?)\b",
        re.I,
    ),
}
# "What time does it kick off?" asks for a time of day ("3.30pm", "8:15 ET", "noon"), not
# a day ("Sunday's 191st edition", "last week's contest")
_AT_TIME = re.compile(r"^(?:at\s+)?what\s+time\b(?!\s+of\s+(?:the\s+)?year)", re.I)
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b\.?|\b\d{1,2}:\d\d\b|\b(?:noon|midday|midnight)\b"
    r"|\bo['’]clock\b",
    re.I,
)
# "Since 2013" says how long something has lasted: it answers "how long has he led it?",
# not "how long is the visit?" ("... since Russia began its invasion")
_SINCE = re.compile(r"\bsince\b", re.I)
_LASTED = re.compile(r"\b(?:has|have|had|hasn['’]t|haven['’]t|hadn['’]t|been|since)\b", re.I)
# "How many goals ...", "how many Arsenal fans ...": a count answers it beside the thing
# counted ("3,000 Arsenal fans", "homering twice"), within this many words of a word
# "how many" leads ("10 minutes" counts no goals)
_HOW_MANY = re.compile(r"^how\s+many\s+(.+)", re.I)
# a verb said as done, after what is counted: "how many fans came / attended / died"
_DONE = re.compile(
    r"\w+ed|came|went|saw|got|took|made|left|ran|fell|won|lost|fled|flew|"
    r"sold|bought|paid|said|told|met|kept|held|stood|thought|felt|gave|knew",
    re.I,
)
COUNTED_WITHIN = 4
_A_COUNT = re.compile(rf"{_COUNT}|once|twice|thrice|\$?\d[\d,.]*%?", re.I)
_JOINED_COUNT = re.compile(rf"\b({_COUNT})-(?=[a-z])", re.I)
# "How far", "how big": a size answers it, in figures or with its unit ("two miles", "tens
# of thousands"), never a bare count ("the two countries"); "how old", an age ("the
# 27-year-old", "Brooke, 17,", "since she was 10"), never a sum or a name ("$185,000",
# "Erik ten Hag")
_SIZED_BY = r"far|big|large"
_SIZED = re.compile(rf"^how\s+(?:{_SIZED_BY})\b", re.I)
_SIZE = re.compile(
    rf"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens)\b|\b{_COUNT}[\s-]+"
    r"(?:miles?|kilomet(?:re|er)s?|km|met(?:re|er)s?|feet|foot|inch(?:es)?|yards?|pounds?|"
    r"kilo(?:gram)?s?|kg|tons?|tonnes?|acres?|hectares?|square|degrees?|per\s*cent|percent|"
    r"times|storeys?|stories|floors?)\b",
    re.I,
)
# "How tall", "how deep", "how fast": a figure with its unit ("188cm", "80 feet", "6ft
# 2in", "300mph"), never a bare one ("well into his 50s")
_GAUGED_BY = r"deep|tall|high|wide|heavy|fast"
_GAUGED = re.compile(rf"^how\s+(?:{_GAUGED_BY})\b", re.I)
_GAUGE = re.compile(
    rf"\b{_COUNT}\s*-?\s*(?:cm|mm|m|centimet(?:re|er)s?|met(?:re|er)s?|km|kilomet(?:re|er)s?|"
    r"ft|feet|foot|inch(?:es)?|yards?|miles?|kg|kilo(?:gram)?s?|lbs?|pounds?|stones?|tons?|"
    r"tonnes?|mph|km/h|kph|knots?|storeys?|stories|floors?|degrees?|per\s*cent|percent)\b"
    r"|\d\s*(?:%|°)",
    re.I,
)
_AGED = re.compile(r"^how\s+old\b", re.I)
_AGE = re.compile(
    rf"\b(?:\d{{1,3}}|{_COUNT})(?:[\s-]+years?)?[\s-]+old\b|(?<=[^\W\d]),\s*\d{{1,3}}\s*,"
    rf"|\b(?:aged?|was|is|turned|turns)\s+\d{{1,3}}\b(?![.,]\d|\s*(?:%|per\b|percent\b|{_UNIT}\b))"
    r"|\(\d{1,3}\)",
    re.I,
)
_MEASURES = ((_SIZED, _SIZE), (_GAUGED, _GAUGE), (_AGED, _AGE))
# "How much did it cost / raise / pay ...": money answers it ("$299", "2 million euros")
_HOW_MUCH_MONEY = re.compile(
    r"^how\s+much\b.*\b(?:cost|costs|pay|paid|price|worth|spend|spent|raise|raised|earn|"
    r"earned|charge|charged|fee|fees|salary|revenue|money|budget|fund|funding|sell|sold|"
    r"fine|fined|owe|owed|invest|invested|bid|offer|offered|spending|gross|grossed|box\s+office|"
    r"ransom|bail|profits?|debts?|pension|wages?|taxes|compensation|settlement|loans?|bailout|"
    r"bonus|reward|donated|donations?|grants?|payments?|turnover|income|earnings|cash|dollars)\b",
    re.I,
)
_CURRENCY = (
    r"(?:dollars|pounds|euros|yuan|yen|rupees|cents|pence|francs|rubles|roubles|pesos|shekels|"
    r"lira|dirhams|riyals|kronor|krona|kroner|zloty|zlotys|forints?|baht|ringgit|reais|naira|"
    r"rand|dinars?|shillings)"
)
# "$299", "NIS 255 million", "11 million Swedish kronor", "£47.2m"
_MONEY = re.compile(
    rf"[$£€¥₹₪]\s?\d|\b(?:NIS|Rs\.?|USD|EUR|GBP)\s?\d"
    rf"|\b{_COUNT}\s+(?:(?:million|billion|thousand)\s+)?(?:[a-z]+\s+){{0,2}}?{_CURRENCY}\b"
    r"|\b\d[\d,.]*\s?(?:bn|m)\b",
    re.I,
)
# The first words of a question, and the kind of answer they ask for. "What" and
# "which" ask for a kind by the noun they lead ("what team", "in which city"); after
# "what is the" only a quantity or a name does ("what is the population", "what's the
# name of"): "what is the state doing" asks for no place.
_WHAT = r"^(?:(?:in|on|at|for|from)\s+)?(?:what|which)\s+"
_WHAT_IS = r"^what(?:['’]s|\s+(?:is|was|are|were))\s+the\s+"
_FEW = rf"(?:{_COUNT}\s+)?"  # a count between: "which three airports"
_QUANTITY = r"(?:number|percentage|share|age|amount|temperature|price|cost|population)\b"
_KINDS = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"^(?:for\s+)?how\s+long\b|^how\s+many\s+(?:days|weeks|months|years|hours)\b",
         "duration"),
        (rf"^how\s+(?:many|much|old|{_SIZED_BY}|{_GAUGED_BY}|often)\b"
         rf"|{_WHAT}{_QUANTITY}|{_WHAT_IS}{_QUANTITY}",
         "number"),
        (rf"^when\b|{_WHAT}(?:year|date|day|month|time)\b", "date"),
        (rf"{_WHAT_IS}(?:(?!credit|test|exam|approval|risk|sat\b|iq\b)[\w-]+\s+){{0,3}}?"
         r"(?:score|scoreline)\b", "score"),  # a match's, not a credit score
        (rf"^(?:who|whom|whose)\b|{_WHAT_IS}names?\s+of\b"
         rf"|{_WHAT}{_FEW}(?:person|people|m[ae]n|wom[ae]n|compan(?:y|ies)|agenc(?:y|ies)|"
         r"actress(?:es)?|celebrit(?:y|ies)|(?:official|leader|group|team|organi[sz]ation|"
         r"actor|singer|player|band|newspaper|network|judge|senator|president|minister|"
         r"composer|author|writer|director|coach|lawyer|prosecutor|candidate|representative|"
         r"lawmaker|executive|automaker|airline|"
         r"firm|club)s?)\b", "name"),
        (rf"^where\b|{_WHAT}{_FEW}(?:cit(?:y|ies)|countr(?:y|ies)|(?:town|state|region|place|"
         r"airport|port|province|nation)s?)\b", "place"),
    )
)  # fmt: skip
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_WHO_IS = re.compile(r"^who\s+(?:is|was)\s+([\w.’'-]+(?:\s+[\w.’'-]+){0,3}?)\s*\??$", re.I)
_WHAT_IS_X = re.compile(r"^what\s+(?:is|are|was|were)\s+(.+?)\s*\??$", re.I)
_ARTICLES = frozenset({"the", "a", "an"})
_VERB_FORM = re.compile(r"(?:ing|ed)$", re.I)  # "doing", "robbed": X is no thing to define
_CAPITALISED = re.compile(r"[A-Z][\w.-]*(?<!['’]s)")  # no possessive: "Sarandon's daughter"
# A lede that describes someone: "(CNN) -- The man accused of ...", "A 47-year-old ..."
# and a person is what it describes, within its first words ("A 47-year-old charity worker")
# (a dateline says where and by whom a story was filed: "LONDON (CNN) -- ", "WASHINGTON -- ")
_DATELINE = r"(?:[^\n]{0,80}?\)|[A-Z][A-Z .,'-]+)\s*(?:--|—|–)\s*"
_DESCRIBED = re.compile(rf"^(?:{_DATELINE})?(?:A|An|The)\s+[a-z0-9]")
_DATELINE_AT_START = re.compile(rf"^{_DATELINE}")
_CAPTION = re.compile(r"\s\|\s|\bGetty Images\b|\bAP Photo\b|\bvia Reuters\b")  # a photo's
_PERSON = re.compile(
    r"^(?:\S+\s+){0,6}?(?:\S*-year-old|(?:man|woman|men|women|boy|girl|teen|teenager|person|"
    r"worker|editor|player|officer|soldier|mother|father|son|daughter|wife|husband|widow|"
    r"student|teacher|doctor|nurse|driver|pilot|singer|actor|actress|star|leader|suspect|"
    r"victim|survivor|official|judge|lawyer|executive|chief|founder|author|writer|reporter|"
    r"journalist|coach|athlete|activist|priest|politician|candidate|veteran|billionaire|"
    r"businessman|businesswoman|head|director|spokesman|spokeswoman|spokesperson)\b)"
)
_CALENDAR = re.compile(rf"{_MONTH}|{_WEEKDAY}", re.I)  # capitalised, but no name or place


def is_caption(text: str) -> bool:
    """True for a photo's caption ("... | Getty Images")."""
    return bool(_CAPTION.search(text))


def kind_asked(question: str) -> str:
    """'duration', 'number', 'date', 'score', 'name', 'place', 'definition' ("what are ice
    shelves?"; "Who is Susan Boyle?" names the person and asks what she is, no name
    answers it), or '' for any other question."""
    plain = unframed(question.strip())
    if who_is(plain):
        return "definition"
    text = plain.lower()
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "definition" if defined(plain) else ""


def defined(question: str) -> str:
    """What a "what is X?" question asks to have defined ("What are ice shelves?" -> "ice
    shelves"), or the person "who is X?" names; "" for another question. X is at most
    four words, none a verb's form ("what is eads doing", "what was robbed") or a
    possessive, and the last no small word ("What is Anthony charged with?")."""
    if person := who_is(question):
        return person
    found = _WHAT_IS_X.match(question.strip())
    if not found:
        return ""
    named = re.findall(r"[\w’'&.-]+", found.group(1))
    if named and named[0].lower() in _ARTICLES:
        named = named[1:]
    if not named or len(named) > 4 or named[-1].lower() in STOPWORDS:
        return ""
    if any(_VERB_FORM.search(w) and not w[:1].isupper() or _POSSESSIVE.search(w) for w in named):
        return ""  # "what is eads doing"; "What is Savage's occupation?" asks for a thing of his
    return " ".join(named)


def who_is(question: str) -> str:
    """The person a "who is X?" question names and asks about ("Who was Anders Breivik?"
    -> "Anders Breivik"); "" for another question ("Who is the new coach?", "Who is
    Sarandon's daughter?" ask for a name). A question typed in lower case names one
    when its two words at most are no small words ("who is breivik")."""
    found = _WHO_IS.match(question.strip())
    if not found:
        return ""
    named = found.group(1).split()
    if question.islower():
        return found.group(1) if len(named) <= 2 and not set(named) & STOPWORDS else ""
    return found.group(1) if all(_CAPITALISED.fullmatch(word) for word in named) else ""


def _defines(sentence: str, question: str) -> bool:
    """Does the sentence say what the question asks to have defined: "Ice shelves are
    floating ice sheets", "Macworlds -- the annual gathering of Mac users", "Souza, a
    former ..."? The person "who is X?" names is matched by last name."""
    return any(pattern.search(sentence) for pattern in _definitions(question))


@lru_cache(maxsize=256)
def _definitions(question: str) -> tuple[re.Pattern, ...]:
    """The patterns of a sentence that defines what a question asks about, read once for
    all the sentences weighed against it; () when it asks for no definition."""
    question = unframed(question.strip())
    person = who_is(question)
    words = person.split()[-1:] if person else defined(question).split()
    if not words:
        return ()
    head = r"\s+".join(re.escape(w) for w in words)
    said = rf"\b{head}(?:s|['’]s)?(?:\s+(?:is|was)\s+(?:\w+ly\s+)?|\s*(?:,|--|—|–|\()\s*)"
    plural = rf"\b{head}s?\s+(?:are|were)\s+(?!not\b|also\b|being\b)[a-z]"  # "are floating ..."
    return (re.compile(rf"{said}(?:a|an|the|one)\b", re.I), re.compile(plural, re.I))


def describes(lede: str, person: str) -> bool:
    """Is `lede`, an article's first paragraph, one that describes `person` before naming
    them? News often holds a name back to the second paragraph: "(CNN) -- A 47-year-old
    charity worker who says she has never been kissed is now a YouTube sensation ..."
    then "Susan Boyle, from West Lothian, appeared on ...". Such a lede opens with a
    description ("A 47-year-old ...", "The man accused ...", after any dateline) and does
    not name them; "Who is Susan Boyle?" is answered by it."""
    opening = _DESCRIBED.match(lede)
    if not person.split() or not opening or mentions(lede, person) or is_caption(lede):
        return False
    return bool(_PERSON.match(lede[opening.end() - 1 :]))


def mentions(text: str, person: str) -> bool:
    """Does `text` name `person` by their last name (any case, a possessive too)?"""
    return _bare(person.split()[-1]) in _bare_words(text)


def gives(sentence: str, kind: str, question: str = "") -> bool:
    """Does the sentence hold an answer of this kind (a name or place the question does
    not already name; for a definition, what is defined followed by "is a ...", "are
    ...", ", the ...", "-- a ...")? True for every sentence when `kind` is ''."""
    if not kind:
        return True
    if kind == "definition":
        return _defines(sentence, question)
    if kind == "number":
        return _counts(sentence, question)
    if kind == "duration" and _LASTED.search(question) and _SINCE.search(sentence):
        return True
    if kind == "date":  # a day the question names is no answer: "... kick off Sunday?"
        asked = _asked_words(question)
        given = (_CLOCK if asks_time_of_day(question) else _GIVES[kind]).finditer
        return any(not _bare_words(m.group(0)) <= asked for m in given(sentence))
    if kind in _GIVES:
        return bool(_GIVES[kind].search(sentence))
    asked = _asked_words(question)
    if kind == "name":  # a dateline may say where, never who
        sentence = _DATELINE_AT_START.sub("", sentence)
    for match in _NAME.finditer(sentence):
        if any(_bare(word) not in asked and not _CALENDAR.fullmatch(word)
               for word in match.group(0).split()):  # fmt: skip
            return True
    return False


@lru_cache(maxsize=256)
def asks_time_of_day(question: str) -> bool:
    """Does the question ask "what time" something happens ("What time is kickoff?"), for
    which a day is no answer? Read once for all the sentences weighed against it."""
    return bool(_AT_TIME.search(unframed(question.strip())))


def _counted(question: str) -> list[str]:
    """What a "how many" question counts: the words before the first small one or verb
    said as done, at most two ("How many Arsenal fans travelled?" -> ["Arsenal", "fans"];
    "How many fans attended?" -> ["fans"]); [] for another."""
    how_many = _HOW_MANY.search(question)
    counted: list[str] = []
    for word in re.findall(r"[\w’'-]+", how_many.group(1))[:2] if how_many else []:
        if word.lower() in STOPWORDS or counted and _DONE.fullmatch(word):
            break  # "How many fans attended?" counts fans
        counted.append(word)
    return counted


@lru_cache(maxsize=256)
def _number_wanted(question: str) -> tuple[bool, tuple[str, ...], re.Pattern | None]:
    """How a question asks for a number: (money, the words it counts, the size or age it
    wants), read once for all the sentences weighed against it."""
    question = unframed(question.strip())
    money = bool(_HOW_MUCH_MONEY.search(question))
    wanted = next((want for asks, want in _MEASURES if asks.search(question)), None)
    return money, tuple(_counted(question)), wanted


def number_asked(question: str) -> str:
    """The number a question asks for, as said: "an amount of money", "an age", "a
    measure" (how far, big, deep ...), "a number of Arsenal fans", or "a number"."""
    money, counted, wanted = _number_wanted(question)
    if money:
        return "an amount of money"
    if wanted is not None:  # "how old", "how far"
        return "an age" if wanted is _AGE else "a measure"
    return f"a number of {' '.join(counted)}" if counted else "a number"


def _counts(sentence: str, question: str) -> bool:
    """Does a sentence give the number asked: money for "how much ... cost", a count
    beside the thing counted for "how many ...", an age for "how old", a size for "how
    far" or "how big", a figure with its unit for "how tall" or "how deep", any number for
    other questions ("what percentage")?"""
    money, counted, measure = _number_wanted(question)
    if money:
        return bool(_MONEY.search(sentence))
    if measure:
        return bool(measure.search(sentence))
    wanted = {t for w in counted for t in terms(w)}
    if not wanted:  # "how many of them ...", "what percentage": any number
        return bool(_GIVES["number"].search(sentence))
    # a count joined to what it counts is two words: "a 12-member panel", "10-story"
    tokens = re.findall(r"[\w’'.,$£€-]+", _JOINED_COUNT.sub(r"\1 ", sentence))
    near = COUNTED_WITHIN
    for i in (i for i, t in enumerate(tokens) if _A_COUNT.fullmatch(t.strip(".,"))):
        around = tokens[max(0, i - near) : i + near + 1]  # each word's stem, as counted
        if wanted & {next(iter(terms(token)), "") for token in around}:
            return True
    return False


def _bare(word: str) -> str:
    """The word lower-cased, without a possessive: "Kremlin's" -> "kremlin"."""
    return _POSSESSIVE.sub("", word.lower())


def _bare_words(text: str) -> set[str]:
    """Each word of the text, bare (`_bare`)."""
    return {_bare(word) for word in re.findall(r"[\w’'-]+", text)}


@lru_cache(maxsize=256)
def _asked_words(question: str) -> frozenset[str]:
    """The question's words, bare, read once for all the sentences weighed against it."""
    return frozenset(_bare_words(question))
