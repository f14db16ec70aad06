"""Questions about an article as a whole, not a fact in it. Pure.

"What is this article about?", "Summarize the story about Xi's visit", "tl;dr" and
"What's the news?" ask for an overview; "Who wrote this article?" and "When was the
story about the regatta published?" ask for its details; "What articles are loaded?"
and "Which articles mention Putin?" for a listing. Neither is answered by a
paragraph that shares the question's words ("Xi wrote in his letter published Monday"),
so the engine takes another path for them (assistant/pipeline.py, `Engine._whole`).
Each reads the subject the question names, if any: "" for "this article".
"""

from __future__ import annotations

import re

from assistant.retrieval.asked import untailed

OVERVIEW = "overview"
DETAILS = "details"
LISTING = "listing"

_STORY = r"(?:articles?|stor(?:y|ies)|pieces?|reports?|texts?|news)"
_OVERVIEW = re.compile(
    rf"^(?:what\s+(?:does|do|is|are)\s+(?:this|that|the|these|those)\s+{_STORY}\s+say(?:ing)?(?P<said>)"
    r"|(?:what(?:['’]?s|\s+is|\s+are)|tell\s+(?:me|us)\s+about)\s+(?:this|that|the|these|those)"
    rf"\s+(?:news\s+)?{_STORY}(?:['’]s\s+(?:main\s+|key\s+)?(?:points?|gist|summary|"
    r"takeaways?|message|subject|topic)|\s+(?:about|on))?"
    r"|summari[sz]e|sum\s+(?:it\s+)?up|recap"
    r"|(?:give\s+(?:me|us)\s+|what(?:['’]?s|\s+is|\s+are)\s+)?(?:a\s+|an\s+|the\s+)?"
    r"(?:short\s+|brief\s+|quick\s+)?(?:summary|gist|rundown|overview|recap|tl;?\s?dr"
    r"|(?:main|key)\s+(?:points|takeaways|facts)|headlines)"
    r"|what(?:['’]?s|\s+is)\s+(?:in\s+)?the\s+news|what(?:['’]?s|\s+is)\s+(?:new|happening"
    r"|going\s+on)|any\s+news|(?:the\s+)?latest(?:\s+news)?)\b(?P<rest>.*)$",
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
    r"(?:articles|stories))\b(?P<rest>.*)$",
    re.I,
)
_PUBLISHED = re.compile(r"\s*\b(?:published|written|posted|released|dated|from)$", re.I)
_POLITE = re.compile(
    r"^(?:(?:hey|hi|ok|okay|please|so|and|(?:can|could|would|will)\s+you(?:\s+please)?)\b[\s,:]*)+",
    re.I,
)
_PLEASE = re.compile(r"[\s,]+please$", re.I)
_CONTEXT = re.compile(r"\s*\(([^()]*)\)$")  # a follow-up's subject, added by assistant/chat.py
_TOPIC_LEAD = re.compile(
    rf"^(?:(?:of|in|on|about|from|for|regarding|with)\b|(?:it|this|that|them|these|those)\b"
    rf"(?!\s+(?:is|was|are|were)\b)|(?:(?:the|this|that|these|those|today['’]?s)\s+)?"
    rf"(?:(?:news|latest)\s+)?{_STORY}\b|please\b)[\s,:]*",
    re.I,
)
_TOPIC_TAIL = re.compile(rf"^(?:the|this|that)\s+(.+?)\s+{_STORY}$", re.I)
_ASKS_MORE = re.compile(r"^(?:who|whom|whose|what|which|when|where|why|how|whether|if)\b", re.I)


def whole(question: str) -> tuple[str, str] | None:
    """(OVERVIEW, DETAILS or LISTING, the subject named: "" for none) when the question
    asks about an article, or the articles, as a whole; else None."""
    text, context = _plain(question)
    if (listed := _LISTING.match(text)) is not None:
        rest = listed.group("rest").strip(" ,:;-")
        subject = rest if listed.group("on") is not None else _subject(rest)
        return (LISTING, subject) if subject is not None else None
    if (subject := _details(text)) is not None:
        return DETAILS, subject or context
    if (subject := _overview(text)) is not None:
        return OVERVIEW, subject or context
    return None


def overview(question: str) -> str | None:
    """The subject of an overview asked for ("Summarize the story about Xi's visit" ->
    "Xi's visit"), "" when none is named ("What is this article about?", "tl;dr"), or
    None when the question asks for something else ("Summarize why Xi went": why)."""
    asked = whole(question)
    return asked[1] if asked and asked[0] == OVERVIEW else None


def _plain(question: str) -> tuple[str, str]:
    """The question without its polite words, closing punctuation and a follow-up's
    subject in brackets; and that subject ("" when none)."""
    text = _POLITE.sub("", " ".join(question.split()))
    context = ""
    if found := _CONTEXT.search(text):
        text, context = text[: found.start()], found.group(1).strip()
    return _PLEASE.sub("", untailed(text.rstrip("?.! ")).rstrip("?.! ")), context


def _overview(text: str) -> str | None:
    match = _OVERVIEW.match(text)
    if match is None:
        return None
    rest = match.group("rest").strip(" ,:;-")
    if rest.startswith(("'s ", "’s ")):
        return ""  # "What's the story's angle?": the story's
    if match.group("said") is not None:
        return None if rest else ""  # "what does the article say about X?" asks about X
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
    "the Ukraine story" -> "Ukraine"), "" for nothing, None for a question it asks."""
    while (plain := _TOPIC_LEAD.sub("", rest, count=1)) != rest:
        rest = plain
    if tail := _TOPIC_TAIL.match(rest):
        rest = tail.group(1)
    return None if _ASKS_MORE.match(rest) else rest
