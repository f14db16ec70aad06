"""Newsdesk: answers to questions about news articles, citing source paragraphs.

From Python:

    from assistant import query
    answer = query("Who greeted Xi Jinping in Moscow?", data_dir=".newsdesk")
    print(answer.text)
"""

from assistant.answering.claims import ClaimCheck, check_claim
from assistant.answering.refusal import REFUSAL
from assistant.api import query, query_stream
from assistant.chat import ChatSession
from assistant.errors import NewsdeskError
from assistant.settings import Settings, get_settings
from assistant.types import Answer, Citation, Filters, Hit, Sentence

__all__ = [
    "REFUSAL",
    "Answer",
    "ChatSession",
    "Citation",
    "ClaimCheck",
    "Filters",
    "Hit",
    "NewsdeskError",
    "Sentence",
    "Settings",
    "check_claim",
    "get_settings",
    "query",
    "query_stream",
]
