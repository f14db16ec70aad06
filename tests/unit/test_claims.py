"""check_claim on the sample article: exact verdicts for true sentences in other words
and for wrong ones of each kind (tests/fixtures/claims/sample_claims.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answering.claims import ClaimCheck, check_claim
from assistant.answering.figures import figures

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests/fixtures/claims/sample_claims.json").read_text())


def sample_paragraphs() -> list[str]:
    """The sample article's paragraphs as the loader numbers them: blank-line blocks
    after the title, without the dateline fragments and the closing `source:` line."""
    text = (ROOT / "samples/xi-moscow-visit.txt").read_text()
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text.partition("\n")[2])]
    return [b for b in blocks if len(b.split()) > 3 and not b.startswith("source:")]


PARAGRAPHS = sample_paragraphs()


def test_the_sample_is_numbered_as_the_loader_numbers_it():
    assert len(PARAGRAPHS) == 33
    assert PARAGRAPHS[0].startswith("Xi Jinping has landed in Moscow")
    assert PARAGRAPHS[10].startswith("Xi was greeted on his arrival at Vnukovo airport")


def test_the_fixture_holds_the_cases_the_issue_asks_for():
    kinds = [c["kind"] for c in CASES]
    assert kinds.count("reworded") >= 24
    assert len(CASES) - kinds.count("reworded") >= 12
    for kind in ("swapped_name", "reversed_direction", "denied", "changed_figure"):
        assert kind in kinds
    assert {"swapped_roles", "next_paragraph", "negated"} <= set(kinds)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['kind']}-{c['paragraph']}")
def test_verdict(case, embedder):
    found = check_claim(case["claim"], PARAGRAPHS[case["paragraph"] - 1], embedder=embedder)
    assert found.supported is case["supported"], found.reason
    if found.supported:
        assert found.reason == ""
        assert found.quote and found.quote in PARAGRAPHS[case["paragraph"] - 1]
    else:
        assert found.quote == ""
        for words in case["reason_has"]:
            assert words in found.reason


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['kind']}-{c['paragraph']}")
def test_verdict_without_embedder_is_the_same(case):
    found = check_claim(case["claim"], PARAGRAPHS[case["paragraph"] - 1])
    assert found.supported is case["supported"], found.reason


def test_the_issue_examples_give_the_issue_reasons():
    lavrov = check_claim(
        "Foreign Minister Sergei Lavrov welcomed Xi at Vnukovo airport.", PARAGRAPHS[10]
    )
    assert lavrov == ClaimCheck(
        False, "", "names Sergei Lavrov, whom the paragraph does not mention"
    )
    cut = check_claim(
        "China has cut its purchases of Russian fuel since the invasion.", PARAGRAPHS[15]
    )
    assert cut.reason == "says 'cut', the paragraph says 'increasing'"
    aid = check_claim("China has agreed to send lethal aid to Russia.", PARAGRAPHS[7])
    assert aid.reason == "the paragraph says Beijing denied this"


def test_partial_names_match_full_names():
    paragraph = "Xi Jinping met Vladimir Putin in Moscow on Monday."
    assert check_claim("Xi met Putin in Moscow.", paragraph).supported
    assert not check_claim("Xi met Dmitry Peskov in Moscow.", paragraph).supported
    assert not check_claim("Xi Jinping met Vladimir Lenin in Moscow.", paragraph).supported


def test_a_negated_claim_needs_a_negating_passage():
    paragraph = "The board approved the merger on Friday after a long meeting."
    assert check_claim("The board approved the merger on Friday.", paragraph).supported
    refused = check_claim("The board did not approve the merger on Friday.", paragraph)
    assert not refused.supported and "not approve" in refused.reason


def test_figures_read_words_ordinals_and_compounds():
    assert figures("the fortieth meeting") == figures("the 40th meeting") == {"40"}
    assert figures("twenty-five ships and three days in 2019") == {"25", "3"}
    assert figures("one of them") == frozenset()


def test_arguments_are_checked():
    with pytest.raises(TypeError):
        check_claim(None, "A paragraph.")  # type: ignore[arg-type]
    assert check_claim("", "A paragraph.") == ClaimCheck(
        False, "", "the paragraph does not say this"
    )


def test_names_joined_by_a_hyphen_are_one_name():
    paragraph = "It was not until Judge Lewis Kaplan asked that Bankman-Fried admitted he had been told by Yedidia."
    assert check_claim("Bankman-Fried admitted he had been told by Yedidia.", paragraph).supported
    swapped = check_claim("Yedidia admitted he had been told by Bankman-Fried.", paragraph)
    assert not swapped.supported and swapped.reason.startswith("swaps Yedidia and Bankman-Fried")


def test_places_match_their_demonyms_and_abbreviations():
    paragraph = "U.S. officials warned that Chinese companies were buying more Russian oil."
    assert check_claim(
        "The United States warned that China was buying more oil from Russia.", paragraph
    ).supported
    assert not check_claim(
        "The United States warned that India was buying more oil from Russia.", paragraph
    ).supported


def test_another_day_month_or_order_than_the_paragraph_gives_is_caught():
    paragraph = "Kirby said on Friday that China made its first offer in March."
    assert check_claim("Kirby said on Friday that China made its first offer in March.", paragraph)
    assert check_claim("Kirby said on Monday that China made its first offer.", paragraph) == (
        ClaimCheck(False, "", "says Monday, the paragraph says Friday")
    )
    assert check_claim("On Friday Kirby said China made its first offer in April.", paragraph) == (
        ClaimCheck(False, "", "says April, the paragraph says March")
    )
    assert check_claim("Kirby said China made its second offer in March.", paragraph) == (
        ClaimCheck(False, "", "says second, the paragraph says first")
    )
    # A possessive day is a day; one the paragraph does not give at all is no clash.
    assert not check_claim(
        "Kirby spoke at Monday's briefing about China's offer.", paragraph
    ).supported
    assert check_claim("Kirby said China made its first offer in March.", paragraph).supported
    undated = "Kirby said that China made its first offer."
    assert check_claim("On Friday, Kirby said that China made its first offer.", undated).supported


# What each rule of meaning reads: (rule, paragraph, claim, the exact reason or "" when
# supported). Each rule's cases hold a claim it rejects and one in other words it keeps.
_ORDER = "The talks began two days after the ceasefire took hold."
_GREETED = "Russian officials greeted Xi at the airport."
_TRADE_OIL = "Trade between the two countries rose 30% last year. Exports of Russian oil to Europe fell sharply."
_SHARES = "The company reported a loss of $2 billion. Its shares fell 10% in early trading."
_LANDED = "Xi Jinping landed in Moscow on Monday. He was greeted at Vnukovo airport by Dmitry Chernyshenko."
_FOUND_CAR = "Police arrested two men on Monday. Officers later found Ivanov's car near the border."
_ROAD = (
    "The mayor opened a new bridge on Friday. Protesters blocked the old road into the city. "
    "Police made three arrests."
)
_PROMOS = (
    "Read the rules for the offers before accepting them so you know of any limits before betting."
)
_APPOINTED = (
    "McHenry has brushed off attempts to take the job for good after he was appointed to the "
    "role after the ouster of McCarthy."
)
_PRAISED = "Putin met Xi in Moscow, and Putin praised Xi's peace plan. Lavrov also spoke."
_SPEAKERS = (
    "Kirby said the United States opposes a ceasefire now. "
    "Peskov said Russia welcomed the proposal from Beijing."
)
_SOME = "Several of the bank's branches closed, and the two rivals praised each other."
_PLANS = "The minister was about to resign, and the rebels tried to seize the port."
_TRADE = "Trade with Russia rose to $190 billion, up 30 percent, during a three-day visit."
_BRIDGE = "More than 40 people were killed and nearly 200 were hurt when the bridge fell."
_COURT = "The court accused Putin of committing war crimes in Ukraine."
_STRIKE = "The council said the strike was illegal, and the union was willing to talk."
_IF = (
    "If the senate passes the bill on Tuesday, it goes to the president. The senate votes on bills."
)
_VOTE = (
    "Russia and Belarus voted against the resolution days after the talks. "
    "Xi is one of Putin's closest allies."
)
_CASE = "The banker was arrested and charged with fraud. Two guards were hurt in the raid."
_ASKED = (
    "Regulators urged the company to recall 10,000 cars. "
    "The opposition called on the minister to resign."
)
_MAY = (
    "Analysts said the company could cut 500 jobs in March and may sell its Asian unit. "
    "Rescuers could not reach the village, which nearly flooded."
)
_MET = "The ministers met in Moscow on Monday and, if talks go well, will meet in Geneva."
_KYIV_DONE = "Xi visited Kyiv in May, and the talks resumed there."
_KYIV = "Xi will visit Kyiv if Russia agrees to a ceasefire, his aides said."
RULE_CASES = [
    ("order", _ORDER, "The talks began after the ceasefire took hold.", ""),
    ("order", _ORDER, "The ceasefire took hold two days before the talks began.", ""),
    ("order", _ORDER, "Two days before the talks began, the ceasefire took hold.", ""),
    ("order", _ORDER, "The talks began before the ceasefire took hold.",
     "says 'before', the paragraph says 'after'"),
    ("order", _ORDER, "The ceasefire took hold after the talks began.",
     "says 'after' of what the paragraph has the other way round"),
    ("order", _ORDER, "The talks began prior to the ceasefire taking hold.",
     "says 'prior', the paragraph says 'after'"),
    ("order", "After all, the talks began when the ceasefire took hold.",
     "The talks began when the ceasefire took hold.", ""),  # "after all" orders nothing
    ("all", _SOME, "All of the bank's branches closed.", "says 'All', the paragraph says 'Several'"),
    ("all", _SOME, "Many of the bank's branches closed.", ""),
    ("all", "Eight of the ten ministers attended the talks.",
     "All ten ministers attended the talks.", "says 'All', the paragraph says 'Eight'"),
    ("all", "All ten ministers attended the talks, and two of them spoke.",
     "All ten ministers attended the talks.", ""),
    ("all", _SOME, "Both rivals praised each other.", ""),  # "each other" is no quantifier
    ("all", _GREETED, "All Russian officials greeted Xi at the airport.",
     "says 'All', the paragraph does not"),  # no quantifier in the paragraph at all
    # The second sentence holds every term of the claim, and says nothing of all either.
    ("all", "Many Han and Khitan troops defected. "
     "Two Han and Khitan leaders defected with their troops.",
     "All Han and Khitan troops defected.", "says 'All', the paragraph says 'Many'"),
    ("plan", _PLANS, "The minister resigned.", 'the paragraph says "about to resign"'),
    ("plan", _PLANS, "The rebels seized the port.", 'the paragraph says "tried to seize"'),
    ("plan", _PLANS, "The rebels attempted to seize the port.", ""),
    # Irregular past tenses are read as their verbs ("ran" as "run").
    ("plan", "Prokhorov announced that he will run for president.",
     "Prokhorov ran for president.", 'the paragraph says "will run"'),
    ("plan", "The service is set to become available this week.",
     "The service became available this week.", 'the paragraph says "set to become"'),
    # "about" with no "to" plans nothing: the claim still says he resigned.
    ("plan", _PLANS, "The minister talked about how he resigned.",
     'the paragraph says "about to resign"'),
    ("unit", _TRADE, "Trade with Russia rose 30% to $190bn.", ""),
    ("unit", _TRADE, "Trade with Russia rose to $190 million.",
     "says 190 million, the paragraph says 190 billion"),
    ("unit", _TRADE, "Trade with Russia rose by 30 points.",
     "says 30 points, the paragraph says 30 percent"),
    ("unit", _TRADE, "Trade with Russia rose to 190 billion euros.",
     "says 190 euros, the paragraph says 190 dollars"),
    ("unit", _TRADE, "Trade rose during a visit of three weeks.",
     "says 3 weeks, the paragraph says 3 days"),
    ("unit", "Trade rose by 30.", "Trade rose by 30 percent.", ""),  # a bare figure: no clash
    ("span", "After months of talks, the two sides signed the deal last week.",
     "The two sides signed the deal after years of talks.",
     "says 'years', the paragraph says 'months'"),
    ("span", "After months of talks, the two sides signed the deal last week.",
     "The two sides signed the deal after months of talks.", ""),
    ("bound", _BRIDGE, "Over 40 people were killed when the bridge fell.", ""),
    ("bound", _BRIDGE, "Almost 200 were hurt when the bridge fell.", ""),
    ("bound", _BRIDGE, "Nearly forty people were killed when the bridge fell.",
     "says nearly 40, the paragraph says more than 40"),
    ("bound", _BRIDGE, "More than 200 were hurt when the bridge fell.",
     "says more than 200, the paragraph says nearly 200"),
    ("direction", "The court acquitted the former minister of fraud on Monday.",
     "The court convicted the former minister of fraud on Monday.",
     "says 'convicted', the paragraph says 'acquitted'"),
    ("direction", "Inflation stayed below the target in May.", "Inflation stayed above the target in May.",
     "says 'above', the paragraph says 'below'"),
    ("direction", "The EU imposed sanctions on the bank in March.",
     "The EU lifted sanctions on the bank in March.", "says 'lifted', the paragraph says 'imposed'"),
    ("accused", _COURT, "The court accused Putin of war crimes in Ukraine.", ""),
    # What two sentences say apart, joined in one clause.
    ("spliced", _TRADE_OIL, "Exports of Russian oil to Europe rose 30% last year.",
     "joins 'Exports' and 'rose', which the paragraph says apart"),
    ("spliced", _TRADE_OIL, "Trade between the two countries fell sharply last year.",
     "joins 'Trade' and 'fell', which the paragraph says apart"),
    # One sentence holds 4 of its 5 terms; the fifth, the verb, is the next one's.
    ("spliced", "Police arrested two men in Paris on Monday. Three women were questioned in Lyon.",
     "Two men were questioned in Paris on Monday.",
     "joins 'Two' and 'questioned', which the paragraph says apart"),
    # A name of the one sentence joined to what the other says (session 22).
    ("spliced", _FOUND_CAR, "Police arrested Ivanov near the border.",
     "joins 'Police' and 'Ivanov', which the paragraph says apart"),
    ("spliced", _FOUND_CAR, "Officers found Ivanov's car near the border.", ""),
    # A passage of two sentences, joined with the sentence before it (session 22).
    ("spliced", _ROAD, "The mayor blocked the old road, and police made three arrests.",
     "joins 'mayor' and 'blocked', which the paragraph says apart"),
    ("spliced", _ROAD, "Protesters blocked the old road, and police made three arrests.", ""),
    # The paragraph's own words, though "K.J." cuts them into two sentences.
    ("spliced", "South Korean golfer K.J. Choi pledged $100,000 to the relief fund. "
     "The 40-year-old will give the money to the Red Cross.",
     "South Korean golfer K.J. Choi pledged $100,000 to the relief fund.", ""),
    ("direction", "Police arrested two men in Paris on Monday.", "Police released two men in Paris.",
     "says 'released', the paragraph says 'arrested'"),
    ("direction", "Police arrested two men in Paris on Monday.", "Police detained two men in Paris.", ""),
    # Actions of opposite meaning (session 21).
    ("opposite", "The company hired 500 workers in March.", "The company fired 500 workers.",
     "says 'fired', the paragraph says 'hired'"),
    ("opposite", "The company hired 500 workers in March.", "The company recruited 500 workers.", ""),
    ("opposite", "Xi criticised Putin's leadership.", "Xi praised Putin's leadership.",
     "says 'praised', the paragraph says 'criticised'"),
    ("opposite", "Two of the climbers survived the storm.", "Two of the climbers died in the storm.",
     "says 'died', the paragraph says 'survived'"),
    # A name the paragraph gives in another sentence, put where this one gives another.
    ("borrowed", _SPEAKERS, "Peskov said the United States opposes a ceasefire now.",
     "says Peskov where its sentence says Kirby"),
    ("borrowed", _SPEAKERS, "According to Peskov, the United States opposes a ceasefire now.",
     "says Peskov where its sentence says Kirby"),
    ("borrowed", _SPEAKERS, "Kirby said the United States opposes a ceasefire now.", ""),
    ("borrowed", "Putin praised the partnership. Xi called Russia a priority partner.",
     "Putin called Russia a priority partner.", "says Putin where its sentence says Xi"),
    # The sentence names Putin twice, the claim once: Lavrov stands in the other's place.
    ("borrowed", _PRAISED, "Putin met Xi in Moscow, and Lavrov praised Xi's peace plan.",
     "says Lavrov where its sentence says Putin"),
    ("borrowed", _PRAISED, "Putin met Xi in Moscow and praised Xi's peace plan.", ""),
    ("borrowed", "Kirby spoke on Friday. He said Washington opposes a ceasefire.",
     "Kirby said Washington opposes a ceasefire.", ""),
    ("accused", _COURT, "Putin committed war crimes in Ukraine.",
     'the paragraph says "accused Putin of committing war"'),
    # The same facts written another way: none of the rules may reject them.
    ("order", "Before he left Moscow, Xi met Putin.", "Xi met Putin before leaving Moscow.", ""),
    ("order", "Most residents were evacuated before the storm hit.",
     "The storm hit after most residents were evacuated.", ""),
    ("unit", "Prices rose 3% last month.", "Prices rose 3 per cent last month.", ""),
    ("unit", "The firm paid $1.5 billion for the stake.",
     "The firm paid 1.5 billion dollars for the stake.", ""),
    ("bound", "At least 40 people died in the fire.", "More than 40 people died in the fire.", ""),
    ("bound", "Fewer than 10 percent voted.", "Under 10% voted.", ""),
    ("all", "Each of the 27 member states must approve the deal.",
     "All 27 member states must approve the deal.", ""),
    ("all", "The three leaders met in Moscow.", "All three leaders met in Moscow.", ""),
    ("all", "Both leaders signed the statement.", "Each leader signed the statement.", ""),
    ("all", "Protesters filled every street of the capital.",
     "Protesters filled all the streets of the capital.", ""),
    # Names from the sentence before, where this one says "he" or "the Chinese leader".
    ("borrowed", "Xi Jinping landed in Moscow. He was greeted at the airport by Dmitry Chernyshenko.",
     "Xi Jinping was greeted at the airport by Dmitry Chernyshenko.", ""),
    ("borrowed", "Xi Jinping landed in Moscow. "
     "The Chinese leader was greeted at the airport by Dmitry Chernyshenko.",
     "Chernyshenko greeted Xi at the airport.", ""),
    ("spliced", _TRADE_OIL,
     "Trade between the two countries rose 30% last year, and oil exports to Europe fell.", ""),
    ("spliced", _SHARES, "The company's shares fell 10% after it reported a loss of $2 billion.", ""),
    ("spliced", _SHARES, "Shares of the company, which reported a $2 billion loss, fell 10%.", ""),
    ("spliced", _LANDED, "Dmitry Chernyshenko greeted Xi Jinping at Vnukovo airport on Monday.", ""),
    # "He" and "His" stand for the name before, with its first name and title.
    ("spliced", "Mohamed Morsi, an Islamist, was the first elected president of Egypt. "
     "He was deposed during the 2013 coup.", "Mohamed Morsi was deposed during the 2013 coup.", ""),
    ("spliced", "Egyptian President Anwar Sadat released Islamists from prison. His policy was "
     "imitated by other leaders. The agreement broke down in 1975.",
     "Egyptian President Anwar Sadat's policy was imitated by other leaders.", ""),
    ("borrowed", _LANDED, "Dmitry Chernyshenko greeted Xi Jinping in Moscow.", ""),  # a place
    # The "was greeted ... by" of the second sentence says nothing of Moscow's role.
    ("roles", _LANDED,
     "Xi Jinping landed in Moscow on Monday to a welcome from Dmitry Chernyshenko at Vnukovo airport.",
     ""),
    ("tense", "The minister withdraws from the race, aides said.",
     "The minister withdrew from the race.", ""),
    ("all", "The talks are held in Geneva every year.", "Each year the talks are held in Geneva.", ""),
    # "at all" says nothing of how many: the negation is what is wrong here.
    ("all", _GREETED, "Russian officials did not greet Xi at all.",
     'says "not greet", the paragraph does not'),
    ("prefix", "Officials said the strike was unlawful.", "Officials said the strike was illegal.", ""),
    ("prefix", _STRIKE, "The union was willing to talk, the council said.", ""),
    ("prefix", _STRIKE, "The council said the strike was legal.",
     "says 'legal', the paragraph says 'illegal'"),
    ("prefix", _STRIKE, "The union was unwilling to talk.",
     "says 'unwilling', the paragraph says 'willing'"),
    # What may happen said as done, or as sure to happen (session 20).
    ("possible", _MAY, "The company cut 500 jobs in March.", 'the paragraph says "could cut"'),
    ("possible", _MAY, "The company will sell its Asian unit.", 'the paragraph says "may sell"'),
    ("possible", _MAY, "Analysts said the company might cut 500 jobs in March.", ""),
    ("possible", _MAY, "The company is considering selling its Asian unit.", ""),
    ("possible", "The company is considering selling its Asian unit.",
     "The company sold its Asian unit.", 'the paragraph says "considering selling"'),
    ("possible", _MAY, "Rescuers did not reach the village.", ""),  # "could not": no hedge
    ("supposed", _IF, "The senate passed the bill on Tuesday.",
     'the paragraph says "If the senate passes the bill on Tuesday"'),
    ("supposed", _IF, "The bill goes to the president if the senate passes it on Tuesday.", ""),
    ("supposed", _IF, "The senate is voting on a bill that could go to the president.", ""),
    ("supposed", "Objects keep their speed unless a force acts on them.",
     "Unless a force acts on them, objects keep their speed.", ""),
    ("alternative", "The ministers met yesterday in Moscow.", "The ministers met today in Moscow.",
     "says 'today', the paragraph says 'yesterday'"),
    ("alternative", "The talks failed despite the sanctions.", "The talks failed because of the sanctions.",
     "says 'because', the paragraph says 'despite'"),
    ("alternative", "It was the last meeting of the two leaders.",
     "It was the first meeting of the two leaders.", "says 'first', the paragraph says 'last'"),
    ("alternative", "The leaders' first meeting was last week.",
     "The first meeting of the leaders was last week.", ""),
    ("alternative", "Xi is younger than Putin.", "Xi is older than Putin.",
     "says 'older', the paragraph says 'younger'"),
    ("asked", "Russia should withdraw its troops, the UN said.", "Russia withdrew its troops.",
     'the paragraph says "should withdraw"'),
    ("asked", "Russia should withdraw its troops, the UN said.", "Russia must withdraw its troops.", ""),
    ("change", "Sales rose to 5% in May, from 3% a year earlier.", "Sales rose by 5% in May.",
     "says by 5, the paragraph says to 5"),
    ("change", "Sales rose to 5% in May, from 3% a year earlier.", "Sales rose from 3% to 5%.", ""),
    ("change", "Sales rose to 5% in May, from 3% a year earlier.", "Sales were up to 5%.", ""),
    # The passage's "before" most about the claim's two things decides (session 22).
    ("order", _PROMOS, "Read the rules for the offers after accepting them so you know of "
     "any limits before betting.", "says 'after', the paragraph says 'before'"),
    ("order", _APPOINTED, "McHenry has brushed off attempts to take the job for good before "
     "he was appointed to the role after the ouster of McCarthy.",
     "says 'before', the paragraph says 'after'"),
    ("order", _APPOINTED, "McHenry has brushed off attempts to take the job for good since "
     "he was appointed after the ouster of McCarthy.", ""),
    # Each order word as often as the claim gives it (session 22).
    ("order", "The rate fell 38% between its first and second reports.",
     "The rate fell 38% between its second and second reports.",
     "says second 2 times, the paragraph 1 and says first"),
    ("order", "The rate fell 38% between its first and second reports.",
     "The rate fell 38% from its first report to its second.", ""),
    # What was done, said as to be done (session 21).
    ("as_planned", _KYIV_DONE, "Xi will visit Kyiv.", 'says "will visit", the paragraph says "visited"'),
    ("as_planned", _KYIV_DONE, "The talks are set to resume in Kyiv.",
     'says "set to resume", the paragraph says "resumed"'),
    ("as_planned", _KYIV_DONE, "Xi was expected to visit Kyiv in May.", ""),
    ("as_planned", "Xi visited Kyiv in May and will visit again in June.",
     "Xi will visit Kyiv in June.", ""),
    ("as_planned", "Putin met Xi in Moscow.", "Putin will meet Xi in Moscow.",
     'says "will meet", the paragraph says "met"'),
    # Words of saying carry no term: what was said, said as to be said (session 22).
    ("as_planned", "Peskov said the talks went well.", "Peskov will say the talks went well.",
     'says "will say", the paragraph says "said"'),
    ("as_planned", "Brockman announced his resignation on Friday.",
     "Brockman will announce his resignation.", 'says "will announce", the paragraph says "announced"'),
    ("as_planned", "Brockman is expected to announce his resignation.",
     "Brockman will announce his resignation.", ""),
    ("as_planned", "Putin told Xi about the war on Monday and will tell him more next week.",
     "Putin will tell Xi about the war.", ""),
    ('as_planned', '"The talks went well," Peskov said on Monday.',
     '"The talks went well," Peskov will say.', 'says "will say", the paragraph says "said"'),
    # A past spelt as the verb itself is read by the word before it (session 23).
    ("as_planned", "The Fed cut rates on Wednesday.", "The Fed will cut rates.",
     'says "will cut", the paragraph says "Fed cut"'),
    ("as_planned", "Apple has cut the prices of its phones.", "Apple will cut the prices of its phones.",
     'says "will cut", the paragraph says "has cut"'),
    ("as_planned", "Apple and Samsung cut their prices when sales slow.",
     "Apple will cut its prices when sales slow.", ""),
    ("as_planned", "The Fed is expected to cut rates on Wednesday.", "The Fed will cut rates.", ""),
    # What could not be done was so: no plan (session 24).
    ("as_planned", "After the ban, the company could no longer sell the phones.",
     "The company will no longer sell the phones.",
     'says "will no longer sell", the paragraph says "could no longer sell"'),
    ("as_planned", "Xi could not attend the summit because of illness.",
     "Xi will not attend the summit.", 'says "will not attend", the paragraph says "could not attend"'),
    ("as_planned", "Xi couldn’t attend the summit.", "Xi will not attend the summit.",
     'says "will not attend", the paragraph says "couldn’t attend"'),
    ("as_planned", "After the ban, the company could no longer sell the phones.",
     "The company could no longer sell the phones.", ""),
    ("as_planned", "After the ban, the company could no longer sell the phones.",
     "The company no longer sells the phones.", ""),
    # A condition left out (session 21).
    ("unconditioned", _IF, "It goes to the president.",
     'leaves out "If the senate passes the bill on Tuesday"'),
    ("unconditioned", _KYIV, "Xi will visit Kyiv.", 'leaves out "if Russia agrees to a ceasefire"'),
    ("unconditioned", _KYIV, "Xi would visit Kyiv.", ""),
    ("unconditioned", _KYIV, "If Russia agrees to a ceasefire, Xi will visit Kyiv.", ""),
    ("unconditioned", _KYIV, "Xi will visit Kyiv, provided that Russia agrees to a ceasefire.", ""),
    ("unconditioned", "Xi will visit Kyiv even if Russia objects.", "Xi will visit Kyiv.", ""),
    # "as long as" and "provided that" put a condition too (session 22).
    ("unconditioned", "Xi will visit Kyiv as long as Russia agrees to a ceasefire.",
     "Xi will visit Kyiv.", 'leaves out "as long as Russia agrees to a ceasefire"'),
    ("unconditioned", "Provided that Russia agrees to a ceasefire, Xi will visit Kyiv.",
     "Xi will visit Kyiv.", 'leaves out "Provided that Russia agrees to a ceasefire"'),
    # Also a roles case: "agrees" after "Kyiv if Russia" is Russia's, not Kyiv's.
    ("unconditioned", "Xi will visit Kyiv as long as Russia agrees to a ceasefire.",
     "Xi will visit Kyiv if Russia agrees to a ceasefire.", ""),
    ("unconditioned", "Xi will visit Kyiv unless the fighting worsens.", "Xi will visit Kyiv.",
     'leaves out "unless the fighting worsens"'),
    ("unconditioned", _MET, "The ministers will meet in Geneva.", 'leaves out "if talks go well"'),
    ("whether", "Reporters asked if Putin would attend the summit.",
     "Reporters asked whether Putin would attend the summit.", ""),
    ("whether", "Reporters asked if Putin would attend the summit.", "Putin would attend the summit.",
     'the paragraph says "if Putin would attend"'),
    ("plan", _MET, "The ministers met in Moscow on Monday.", ""),  # done, and to be done again
    ("plan", _MET, "The ministers met in Geneva.", 'the paragraph says "will meet"'),
    ("asked", _ASKED, "The company recalled 10,000 cars.",
     'the paragraph says "urged the company to recall"'),
    ("asked", _ASKED, "The minister resigned.", 'the paragraph says "called on the minister to resign"'),
    ("asked", _ASKED, "Regulators pressed the company to recall 10,000 cars.", ""),
    ("asked", _ASKED, "The opposition demanded the minister's resignation.", ""),
    ("asked", "No one expected the film to match the tour.",
     "No one anticipated the film to match the tour.", ""),
    ("unlikely", "Prices are unlikely to fall next year.", "Prices will fall next year.",
     'the paragraph says "unlikely to fall"'),
    ("alternative", _CASE, "The banker was convicted of fraud.",
     "says 'convicted', the paragraph says 'arrested'"),
    ("alternative", _CASE, "The banker was indicted on fraud charges.", ""),
    ("alternative", _CASE, "Two guards were killed in the raid.", "says 'killed', the paragraph says 'hurt'"),
    ("alternative", _CASE, "The raid left two guards wounded.", ""),
    ("alternative", "Exports of Russian oil to Europe fell sharply in the morning.",
     "Europe's imports of Russian oil fell sharply.", "says 'imports', the paragraph says 'Exports'"),
    ("alternative", "Exports of Russian oil to Europe fell sharply in the morning.",
     "Russian oil exports to Europe fell sharply in the evening.",
     "says 'evening', the paragraph says 'morning'"),
    ("alternative", "Men and women queued outside the embassy.", "Women queued outside the embassy.", ""),
    ("alternative", "Police said 5 were killed.", "Police said 5 were injured.",
     "says 'injured', the paragraph says 'killed'"),
    ("relative", "Sales rose 5% last year, the company said.", "Sales rose 5% this year.",
     "says 'this year', the paragraph says 'last year'"),
    ("relative", "Sales rose 5% last year, the company said.", "Sales rose 5% in the past year.", ""),
    ("sole", _VOTE, "Only Russia voted against the resolution.", "says 'Only', the paragraph does not"),
    ("sole", _VOTE, "Russia voted against the resolution only days after the talks.", ""),
    ("sole", _VOTE, "Not only Russia but also Belarus voted against the resolution.", ""),
    ("sole", _VOTE, "Xi is Putin's closest ally.", 'the paragraph says "one of Putin\'s closest"'),
    ("sole", _VOTE, "Xi is among Putin's closest allies.", ""),
    ("frequency", "The team often wins at home.", "The team always wins at home.",
     "says 'always', the paragraph says 'often'"),
    ("nearly", _MAY, "The village flooded.", 'the paragraph says "nearly flooded"'),
    ("nearly", "The village flooded.", "The village nearly flooded.",
     'says "nearly flooded", the paragraph does not'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "paragraph", "claim", "reason"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_rule_of_meaning(rule, paragraph, claim, reason):
    found = check_claim(claim, paragraph)
    assert (found.supported, found.reason) == (not reason, reason)
    if not reason:
        assert found.quote and found.quote in paragraph
