"""Questions about an article as a whole, not a fact in it. Pure.

"What is this article about?", "Summarize the story about Xi's visit", "tl;dr" and
"What's the news?" ask for an overview; "Who wrote this article?" and "When was the
story about the regatta published?" ask for its details; "What articles are loaded?"
and "Which articles mention Putin?" for a listing. Neither is answered by a
paragraph that shares the question's words ("Xi wrote in his letter published Monday"),
so the engine takes another path for them (assistant/pipeline.py, `Engine._whole`).
Each reads the subject the question names, if any: "" for "this article".

Read in two steps: the phrasings people use most, from the message's first words
(`_OVERVIEW`, `_DETAILS`, `_LISTING`); then other words (`_loosely`): a word that asks
for an overview or details ("highlights", "byline") when the message asks nothing more,
or a listing ("do any of the articles cover X?"). Missing one costs the old answer from
paragraphs; reading a fact question so costs its answer, so the second step asks more.
A message none of that reads may have a slip in a word that asks ("What is this artcle
about?"): `retrieval/slips.py` reads it again with such slips read back.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.retrieval.when import days
from assistant.retrieval.wording import untailed
from index.split import sentences
from index.text import STOPWORDS

OVERVIEW = "overview"
DETAILS = "details"
LISTING = "listing"
GREETING = "greeting"
THANKS = "thanks"  # a greeting's subject when it thanks

# a message that asks nothing of the articles: "hello", "help", "what can you do?", "thanks"
_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|help|what\s+can\s+you\s+do"
    r"|how\s+does\s+this\s+work|who\s+are\s+you|what\s+are\s+you|how\s+do\s+i\s+use\s+"
    r"(?:this|you)|(?P<thanks>thanks|thank\s+(?:you|u)|thx|ty|tysm|cheers|much\s+appreciated)|ok|"
    r"okay|cool|great|perfect|nice|got\s+it)(?:\s+(?:there|again|so\s+much|a\s+lot))?$",
    re.I,
)
_STORY = r"(?:articles?|stor(?:y|ies)|pieces?|reports?|texts?|news)"
_OVERVIEW = re.compile(
    rf"^(?:what\s+(?:does|do|is|are)\s+(?:this|that|the|these|those)\s+{_STORY}\s+say(?:ing)?(?P<said>)"
    r"|(?:what(?:['’]?s|\s+is|\s+are)|tell\s+(?:me|us)\s+about)\s+(?:this|that|the|these|those)"
    rf"\s+(?:news\s+)?{_STORY}(?:['’]s\s+(?:main\s+|key\s+)?(?:points?|gist|summary|"
    r"takeaways?|message|subject|topic)|\s+(?:about|on))?"
    r"|summari[sz]e|sum\s+(?:it\s+)?up|recap"
    r"|(?P<noun>(?:give\s+(?:me|us)\s+|what(?:['’]?s|\s+is|\s+are)\s+)?(?:a\s+|an\s+|the\s+)?"
    r"(?:short\s+|brief\s+|quick\s+)?(?:summary|gist|rundown|overview|recap|tl;?\s?dr"
    r"|(?:main|key)\s+(?:points|takeaways|facts)|headlines))"
    r"|what(?:['’]?s|\s+is)\s+(?:in\s+)?the\s+news)\b(?P<rest>.*)$",
    re.I,
)
# who wrote it, when and where it was published, its title or link: "Who wrote this
# article?", "When was the story about the regatta published?", "What is the source of
# this piece?" ("Who wrote the letter?" asks the text: the story word is needed, and
# not "report", which a story is often about: "When was the report released?")
_ARTICLE = r"(?:articles?|stor(?:y|ies)|pieces?)"
_FIELD = r"(?:date|source|outlet|author|authors|byline|title|headline|url|link|address|publisher)"
_DETAILS = re.compile(
    r"^(?:who\s+(?:wrote|writes|authored|published|is\s+the\s+(?:author|writer|reporter)\s+of)"
    r"|(?P<when>(?:when|where)\s+(?:was|were|is))"
    rf"|what(?:['’]?s|\s+is|\s+was|\s+are)\s+the\s+(?:publication\s+)?{_FIELD}\s+(?:of|to|for)"
    r"|(?:which|what)\s+(?:outlet|newspaper|paper|site|website|publication|news\s+outlet)\s+"
    r"(?:published|ran|carried|wrote|is))"
    rf"\s+(?:this|that|the|these|those)\s+{_ARTICLE}\b(?P<rest>.*)$"
    rf"|^(?:what(?:['’]?s|\s+is))\s+(?:this|that|the)\s+{_ARTICLE}['’]s\s+{_FIELD}\b(?P<own>.*)$",
    re.I,
)
# the articles loaded, or those on a subject: "What articles are loaded?", "list the
# stories", "Which articles mention Putin?"
_LISTING = re.compile(
    r"^(?:(?:what|which)\s+(?:articles|stories)\s+(?:are\s+(?:there|loaded|available|in\s+here)"
    r"|do\s+you\s+have|have\s+you\s+(?:got|loaded)|can\s+i\s+ask\s+about"
    r"|(?P<on>mention|name|cover|discuss|talk\s+about|are\s+about|are\s+on|deal\s+with))"
    r"|(?:list|show)(?:\s+(?:me|us))?\s+(?:(?:the|all|all\s+the|your)\s+)?(?:loaded\s+)?"
    r"(?:articles|stories)|(?:what|which)\s+are\s+the\s+(?:latest|newest|most\s+recent|recent)"
    r"\s+(?:articles|stories|news\s+stories))\b(?P<rest>.*)$",
    re.I,
)
_PUBLISHED = re.compile(r"\s*\b(?:published|written|posted|released|dated|from)$", re.I)
_POLITE = re.compile(
    r"^(?:(?:hey|hi|ok|okay|please|so|and|good\s+(?:morning|afternoon|evening)|"
    r"(?:can|could|would|will)\s+you(?:\s+please)?)\b[\s,:.!]*)+",
    re.I,
)
_WHATS = re.compile(r"\bwhats\b", re.I)  # as typed in a chat
_PLEASE = re.compile(r"[\s,]+please$", re.I)
# how the answer should be set out, which the extractive answer cannot follow: "summarize
# this article in 3 bullet points", "... in two sentences"
_FORMAT = re.compile(
    r"[\s,]+(?:in|as|into|with)\s+(?:a\s+)?(?:\d+|one|two|three|four|five|a\s+few|few)?\s*"
    r"(?:short\s+|brief\s+|quick\s+)?(?:bullet(?:\s*points?)?|bullets|sentences?|words|"
    r"paragraphs?|lines?|points|a\s+list|list)$",
    re.I,
)
_CONTEXT = re.compile(r"\s*\(([^()]*)\)$")  # a follow-up's subject, added by assistant/chat.py
_TOPIC_LEAD = re.compile(
    rf"^(?:(?:of|in|on|about|from|for|regarding|with)\b|(?:it|this|that|them|these|those)\b"
    rf"(?!\s+(?:is|was|are|were)\b)|(?:(?:the|this|that|these|those|today['’]?s)\s+)?"
    rf"(?:(?:news|latest)\s+)?{_STORY}\b|please\b)[\s,:]*",
    re.I,
)
# Beyond those phrasings, a word that asks for an overview or details counts when the
# message names the article ("the article", "this piece", "what I loaded") or nothing
# else at all ("give me the highlights", "url please", "who's the author"): "What are the
# main points of the peace proposal?" and "Who is the author of the new bill?" ask the text.
_SUMMARY_WORD = re.compile(
    r"\b(?:summar(?:y|ies|i[sz]e)|overview|gist|recap|tl;?\s?dr|tldr|takeaways?|highlights|"
    r"rundown|nutshell|short\s+version|(?:main|key|big)\s+(?:points?|ideas?|"
    r"facts|message|takeaways?)|sum\s+(?:\w+\s+)?up|boil\s+(?:\w+\s+)?down|condense|"
    r"break\s+(?:\w+\s+)?down|explain|what(?:['’]?s|\s+is)\s+(?:new|happening)|"
    r"what['’]?s\s+going\s+on|any\s+news|latest\s+news|headlines|"
    r"synopsis|digest|bottom\s+line|big\s+picture|essentials|outline|bullet[\s-]+points?|"
    r"need\s+to\s+know|brief\s+(?:me|us)|fill\s+(?:me|us)\s+in|walk\s+(?:me|us)\s+through|"
    r"catch\s+(?:me|us)\s+up)\b",
    re.I,
)
# ... an overview for certain: "what's it about", "what the article covers", "what does
# the piece on interest rates say"
_ABOUT_IT = re.compile(
    r"\bwhat(?:['’]?s|\s+is)\s+(?:it|this|that)(?:\s+one)?\s+(?:all\s+)?about$"
    r"|\bwhat\s+(?:the|this|that)\s+(?:article|story|piece)\s+(?:covers|is\s+about|says)\b"
    r"|\bwhat\s+(?:does|do|did)\s+(?:the|this|that)\s+(?:article|story|piece)\b(?!.*\babout\b).*\bsay$",
    re.I,
)
_DETAIL_WORD = re.compile(
    r"\b(?:authors?|writer|journalist|reporter|byline|headline|title|link|url|web\s*address|"
    r"outlet|publication|publisher|newspaper|website|site|source|published|posted|dated|date|"
    r"c(?:o|a)me\s+out|put\s+out|publish(?:ed)?|hyperlink|credited|called|pub\s+date|how\s+old|"
    r"who\s+(?:wrote|reported|published|authored|penned)|(?:is|was)\s+(?:it|this)\s+(?:from|by))\b",
    re.I,
)
_CUES = re.compile(f"{_SUMMARY_WORD.pattern}|{_DETAIL_WORD.pattern}", re.I)
_STORY_NOUN = re.compile(
    r"\b(?:article|story|piece|text|coverage)\b|\b(?:what|everything)\s+i(?:['’]ve|\s+have)?\s+"
    r"(?:loaded|uploaded|added|shared)\b",
    re.I,
)
_ON = re.compile(
    r"\b(?:article|story|piece|coverage)\s+(?:on|about|regarding|covering)\s+(.+)$", re.I
)
# words that only frame the request: with these, the cue words and stopwords gone, a
# message that still has a word asks about that
_REQUEST = frozenset(
    "give provide tell show get want need could can please me us quick short brief few "
    "couple one two three sentences sentence paragraph paragraphs words bullet version "
    "hi hello hey thanks original basically chance every far now already currently "
    "behind within across among around upon via today pls plz u executive appreciate "
    "cover covers covered argue argues exactly got day share whose remind session ask "
    "right kindly grateful sorry bother mind".split()
)
_SPARE = STOPWORDS | _REQUEST
_COURTESY = frozenset(
    "thank thanks much good morning evening afternoon regards cheers kind".split()
)
_SAY = re.compile(r"(?:\s+\w+)?\s+say$", re.I)  # "... (basically) say"
_LIST_NOUN = (
    r"(?:articles|stories|pieces|docs|documents|files|titles|headlines|"
    r"news\s+(?:items|pieces|stories|articles))"
)
_LISTS = re.compile(
    rf"\b(?:(?:which|what)\s+(?:of\s+(?:the|these|those)\s+)?{_LIST_NOUN}"
    rf"|(?:list|show|find|enumerate)(?:\s+\w+){{0,3}}\s+"
    rf"{_LIST_NOUN}|list\s+(?:every|each|all)\s+(?:article|story|piece)|(?:do|does)\s+any\s+"
    rf"(?:of\s+the\s+)?{_LIST_NOUN}|(?:is|are)\s+there\s+(?:an?|any)\s+(?:article|story|piece)s?"
    rf"|how\s+many\s+{_LIST_NOUN}\s+(?:are|do|have)|what\s+news\s+do\s+you\s+have"
    r"|(?:have|got)\s+anything\s+(?:on|about)|anything\s+(?:loaded|uploaded|added))\b",
    re.I,
)
# ... and what a listing is of: "which articles talk about Ukraine"
_LISTED = re.compile(
    r"\b(?:covers?|mentions?|discuss(?:es)?|talks?\s+about|are\s+about|is\s+about|about|on|"
    r"regarding|that\s+mentions?|(?:are\s+)?from|(?:published\s+)?by)\s+(.+)$"
    r"|\b(?:did|has|have)\s+(.+?)\s+(?:publish|published|run|ran|put\s+out)$",
    re.I,
)
_LIST_INTENT = re.compile(
    r"\b(?:are\s+there|there\s+are|do\s+you\s+have|have\s+you\s+got|available|loaded|uploaded|"
    r"added|access|covers?|mentions?|discuss(?:es)?|talks?\s+about|about|on|regarding|is\s+there|"
    r"are\s+they|list|show|find|enumerate|in\s+here|anything|from|by|publish(?:ed)?|run|ran)\b",
    re.I,
)
# the words of a request for the articles of some days, beside its days: "anything
# posted (today)?", "Which pieces ran (after June 1, 2024)?", "list everything (from ...)"
_DATED_ASK = (
    rf"{_LIST_NOUN}|article|story|piece|news|items?|posts?|reports?|coverage|headlines?|stuff|"
    r"everything|anything|list|show|see|pull(?:\s+up)?|get|outlets?|publish|published|posted|"
    r"released|written|added|uploaded|dated|out|ran|run|went\s+(?:up|live)|came\s+(?:out|in)"
)
_DATED_ASKS = re.compile(rf"\b(?:{_DATED_ASK})\b", re.I)
_DATED_WORDS = re.compile(
    rf"\b(?:{_DATED_ASK}|all|any|new|newer|older|latest|recent|main|top|key|big|biggest|"
    r"important|got|been|have|has|had)\b",
    re.I,
)
_A_DAY = date(2000, 1, 1)  # reading a request needs no calendar: any day will do
_TOPIC_TAIL = re.compile(rf"^(?:the|this|that)\s+(.+?)\s+{_STORY}$", re.I)
_ASKS_MORE = re.compile(r"^(?:who|whom|whose|what|which|when|where|why|how|whether|if)\b", re.I)


# the patterns a request is read by and its framing words: the words a slip may be of
# (retrieval/slips.py)
PHRASINGS = (_OVERVIEW, _DETAILS, _LISTING, _SUMMARY_WORD, _ABOUT_IT, _DETAIL_WORD, _STORY_NOUN)
PHRASINGS += (_ON, _LISTS, _LISTED, _LIST_INTENT, _PUBLISHED)
REQUEST_WORDS = _REQUEST


def whole(question: str) -> tuple[str, str] | None:
    """(OVERVIEW, DETAILS or LISTING, the subject named: "" for none) when the question
    asks about an article, or the articles, as a whole; (GREETING, "") when it asks
    nothing of them ("hello", "help"), (GREETING, THANKS) when it thanks; else None."""
    if greeted := _GREETING.match(" ".join(re.findall(r"[\w’']+", question))):
        return GREETING, THANKS if greeted.group("thanks") else ""
    text, context = _plain(question)
    if (dated := _dated(text)) is not None:
        return dated
    if (listed := _LISTING.match(text)) is not None:
        rest = listed.group("rest").strip(" ,:;-")
        subject = rest if listed.group("on") is not None else _subject(rest)
        return (LISTING, subject) if subject is not None else None
    if (subject := _details(text)) is not None:
        return DETAILS, subject or context
    if (subject := _overview(text)) is not None:
        return OVERVIEW, subject or context
    if (loose := _loosely(text)) is not None:
        return loose[0], loose[1] or context
    return None


# a message that asks for a task, not an answer: to translate, rewrite or set out the
# articles otherwise, to list what they name, to write something new, or to set them aside
_TASK = re.compile(
    r"^(?:(?:can|could|would|will)\s+you\s+|please\s+|now\s+)*(?:translate|rewrite|rephrase|"
    r"paraphrase|reword|simplify|convert|format|tabulate|(?:make|turn|put)\s+(?:it|this|that|them|"
    r"these)\s+(?:into|in)|list\s+(?:all|every|each)|write|draft|compose|generate|create|"
    r"tell\s+(?:me|us)\s+a\s+(?:joke|story|poem)|ignore|forget|pretend|answer\s+in)\b"
    r"|\b(?:into|as|in)\s+(?:a\s+)?(?:table|timeline|chart|spreadsheet|csv|json)\b"
    r"|^(?:give|show|tell)\s+(?:me|us)\s+(?:all\s+)?(?:the\s+)?(?:key\s+|main\s+)?(?:dates|names|"
    r"people|numbers|figures|quotes|places)\s+(?:mentioned|named|quoted|given|in)\b",
    re.I,
)


def asks_a_task(question: str) -> bool:
    """Does the message ask for a task rather than an answer from the articles ("translate
    the paragraph about the airport into Spanish", "make it into a timeline table")?
    Read only to say so when the message is refused, never to refuse it."""
    return bool(_TASK.search(" ".join(question.split())))


def overview(question: str) -> str | None:
    """The subject of an overview asked for ("Summarize the story about Xi's visit" ->
    "Xi's visit"), "" when none is named ("What is this article about?", "tl;dr"), or
    None when the question asks for something else ("Summarize why Xi went": why)."""
    asked = whole(question)
    return asked[1] if asked and asked[0] == OVERVIEW else None


def _plain(question: str) -> tuple[str, str]:
    """The question without its polite words, closing punctuation and a follow-up's
    subject in brackets; and that subject ("" when none)."""
    text = _POLITE.sub("", _WHATS.sub("what's", " ".join(question.split())))
    context = ""
    if found := _CONTEXT.search(text):
        text, context = text[: found.start()], found.group(1).strip()
    said = [part for part in sentences(text) if not _courtesy(part)]
    text = " ".join(said) if said else text  # "Summarize it, please. Thank you so much!"
    text = _PLEASE.sub("", untailed(text.rstrip("?.! ")).rstrip("?.! "))
    return _FORMAT.sub("", text), context


def _dated(text: str) -> tuple[str, str] | None:
    """A request for the articles of some days ("What was published yesterday?", "any
    stories from last week?", "Summarize the articles from this week"): (LISTING or
    OVERVIEW, the words that name the days), when nothing but the request and its days
    is left ("What happened in Gaza last week?" asks the text)."""
    found = days(text, _A_DAY)
    if found is None:
        return None
    asked = whole(found.rest) if found.rest else None
    if asked and asked[0] in (OVERVIEW, LISTING) and not asked[1]:
        return asked[0], found.words  # "Summarize the articles (from this week)"
    summary = _SUMMARY_WORD.search(found.rest)
    if _left(_DATED_WORDS.sub(" ", _SUMMARY_WORD.sub(" ", found.rest))):
        return None
    if summary:
        return OVERVIEW, found.words  # "tl;dr of everything published (yesterday)"
    if found.led or _DATED_ASKS.search(found.rest):  # "what came out (yesterday)"
        return LISTING, found.words
    return None


def _courtesy(sentence: str) -> bool:
    """Is a sentence of a message only courtesy ("Thank you so much.", "Good evening.")?"""
    found = re.findall(r"[a-z][a-z'’]*", sentence.lower())
    courteous = any(w in _COURTESY for w in found)
    return courteous and all(w in _SPARE or w in _COURTESY for w in found)


def _overview(text: str) -> str | None:
    match = _OVERVIEW.match(text)
    if match is None:
        return None
    rest = match.group("rest").strip(" ,:;-")
    if rest.startswith(("'s ", "’s ")):
        return ""  # "What's the story's angle?": the story's
    if match.group("said") is not None:
        return None if rest else ""  # "what does the article say about X?" asks about X
    if match.group("noun") is not None and rest and not _STORY_NOUN.search(rest):
        return None  # "the main points of the peace proposal": of a thing the text tells
    return _subject(rest)


def _details(text: str) -> str | None:
    match = _DETAILS.match(text)
    if match is None:
        return None
    if match.group("own") is not None:  # "What is the article's date?"
        return _subject(match.group("own").strip(" ,:;-"))
    rest = match.group("rest").strip(" ,:;-")
    if match.group("when") is not None:  # "when was the article ... published?"
        if not _PUBLISHED.search(rest):
            return None  # "Where was the report found?" asks the text
        rest = _PUBLISHED.sub("", rest)
    return _subject(rest)


def _subject(rest: str) -> str | None:
    """What an overview or details request names ("about Xi's visit" -> "Xi's visit";
    "the Ukraine story" -> "Ukraine"), "" for nothing, None for a question it asks.
    What follows the request's own sentence is no subject ("... about? I just got back")."""
    if rest[:1] in ("?", ".", "!"):
        return ""
    while (plain := _TOPIC_LEAD.sub("", rest, count=1)) != rest:
        rest = plain
    if tail := _TOPIC_TAIL.match(rest):
        rest = tail.group(1)
    return None if _ASKS_MORE.match(rest) else rest


def _loosely(text: str) -> tuple[str, str] | None:
    """A request about the articles as a whole in other words: a listing ("do any of the
    articles cover X?"), or a word that asks for an overview or details ("give me the
    highlights", "who's the author", "a short summary of the article on X"), when the
    message asks nothing more: every word but the subject is one of the request's."""
    if (lists := _LISTS.search(text)) and _LIST_INTENT.search(text):
        listed = _LISTED.search(text)
        subject = _subject(listed.group(1) or listed.group(2)) if listed else ""
        rest = text[: listed.start()] if listed else text
        if subject is None or _left(
            _LIST_INTENT.sub(" ", rest[: lists.start()] + rest[lists.end() :])
        ):
            return None
        return LISTING, subject
    if _ABOUT_IT.search(text):  # "what does the piece on interest rates (basically) say"
        on = _ON.search(text)
        subject = _subject(_SAY.sub("", on.group(1))) if on else ""
        return OVERVIEW, subject or ""
    subject, rest = _named(text)
    for kind, cue in ((DETAILS, _DETAIL_WORD), (OVERVIEW, _SUMMARY_WORD)):
        if cue.search(rest) and not _left(_STORY_NOUN.sub(" ", cue.sub(" ", rest))):
            return kind, subject
    return None


def _named(text: str) -> tuple[str, str]:
    """The subject of the article a loose request names ("the article on the wildfire"
    -> "the wildfire"; "the vaccine article" -> "vaccine"), or "", and the message
    without it."""
    if (on := _ON.search(text)) and (subject := _subject(on.group(1))):
        return subject, text[: on.start(1)]
    tail = re.search(rf"\b(?:the|this|that)\s+((?:\w+\s+){{1,3}}?){_ARTICLE}\b", text, re.I)
    if tail is None or _CUES.search(tail.group(1)):
        return "", text
    if any(w.lower() in _SPARE for w in tail.group(1).split()):
        return "", text  # "the link to the article": no subject
    return tail.group(1).strip(), text[: tail.start(1)] + text[tail.end(1) :]


def _left(text: str) -> list[str]:
    """The words of a text that are neither stopwords nor the request's."""
    found = re.findall(r"[a-z][a-z'’]*", text.lower())
    return [w for w in found if w not in STOPWORDS and re.split("['’]", w)[0] not in _SPARE]
