"""Finding people's names in free text: first-name lists read in context.

Names are found by a first-name list (data/first_names.txt) read in context: titles, family and
professional roles, "spoke with", nicknames ("Little Mo", "known as Tiggy"), surnames after first
names, and the names passed in from the extract (auditors, team managers). Words that are not
common English are caught separately by the allow-list (`safe/allow_list.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

FIRST_NAMES_FILE = Path(__file__).with_name("data") / "first_names.txt"

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Months that are also first names: a name only with strong context ("May Example", "June said").
MONTH_NAMES = frozenset({"April", "May", "June", "August"})

TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame"})
# Words after which a capitalised word is a person: "SW Jo", "Mum Kerry", "foster carer Pat".
ROLE_CUES = frozenset(
    """sw tm iro pa gp hv senco dsl ypa mum mummy mom mother dad daddy father stepdad stepmum
    step-dad step-mum stepfather stepmother nan nana nanna nanny gran granny grandma grandmother
    grandad granddad grandpa grandfather aunt auntie aunty uncle sister brother sibling cousin
    carer carers worker workers teacher manager auditor partner boyfriend girlfriend friend
    advocate practitioner visitor nurse paediatrician therapist psychologist counsellor mentor
    keyworker headteacher son daughter baby niece nephew called named nicknamed aka little big
    lil""".split()
)
# "known as Tiggy", "they call him Smudge": the word before and the one before that.
NICKNAME_CUES = frozenset(
    {
        ("known", "as"),
        ("aka", ""),
        ("call", "him"),
        ("call", "her"),
        ("calls", "him"),
        ("calls", "her"),
        ("called", "him"),
        ("called", "her"),
        ("call", "them"),
    }
)
# Verbs after which a capitalised word is a person: "spoke with Kez", "visited Tam".
CONTACT_CUES = frozenset(
    """spoke speak speaking met meet meeting visited visit phoned rang emailed contacted
    thanked asked told texted supported saw""".split()
)
# Words after a name that show it is a person ("Grace said"), used for names that are words.
PERSON_VERBS = frozenset(
    """said says told tells reported reports stated states explained shared shares wants wanted
    wishes wished likes liked loves enjoys enjoyed attends attended lives lived feels felt
    described disclosed expressed stays stayed spoke talked goes went has had is was""".split()
)
# Verbs that make even an unlisted capitalised word a person ("Tobiah said").
REPORTING_VERBS = frozenset(
    """said says told tells reported reports stated states explained wants wanted wishes wished
    likes liked loves enjoys enjoyed feels felt described disclosed""".split()
)
# Lower-case words that are also listed names but are more often something else.
LOWER_STOP = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun les del dee
    val ira nan nana nanna nanny gran granny mam ada""".split()
)
# After "May's"/"June's", these show a person rather than a month ("June's mum").
PERSON_AFTER_POSSESSIVE = frozenset(
    """mum dad mother father carer carers brother sister siblings views wishes feelings school
    placement nan gran grandma grandad aunt uncle family friends worker""".split()
)
# After any capitalised word's "'s", these show a person: "Nova's nursery", "JF's plan".
PERSON_NOUNS = PERSON_AFTER_POSSESSIVE | frozenset(
    """plan plans nursery health needs progress behaviour attendance education safety voice
    story bedroom room birthday keyworker sw iro pa pep ehcp college class teacher social
    partner boyfriend girlfriend baby son daughter children child home house contact""".split()
)
# Capitalised words that are never read as a name or surname (domain terms, grammar words,
# imperatives that open actions).
_STOP_WORDS = frozenset(
    """The A An And But Or Nor So He She They It His Her Their Them This That These Those There
    Then When Where What Who Whom Why How If In On At For From To With By Of As Is Was Not No Yes
    All Some Any Each Both Also However Although Despite Following Further Since Until Whilst
    While Overall Next Last New Good Outstanding Requires Improvement Inadequate Team Teams
    Manager Managers Service Services Council Court Family Families Children Child Young People
    Person Looked After Care Cared Leaver Leavers Leaving Plan Plans Pathway Review Reviews
    Reviewing Conference Meeting Meetings Panel Hub Unit School Schools Academy College Nursery
    Health Police Mosaic Ofsted Signs Safety Safeguarding Standards District Districts East
    West North South Central Disabled Disability Disabilities Early Help Virtual Head Social
    Worker Workers Independent Officer Chair Strategy Discussion Section Assessment Assessments
    Single Local Authority Education Corporate Director Designated Lead Member Monthly Audit
    Audits Auditor Appendix Protection Need Needs Support Supervision Chronology Genogram Order
    Orders Residence Special Guardianship Placement Placements Foster Fostering Carer Carers
    Adoption Agency Trust Hospital Clinic Centre Center Road Street Avenue Lane Close Drive Way
    Mum Dad Mother Father Nan Grandma Grandad Gran Aunt Auntie Uncle Sister Brother Voice
    Equality Diversity Impact Planning Recording Management Oversight Evidence Contact Visit
    Visits Statutory Judgement Domain Score Scores Action Actions Update Updated Note Notes
    Letter Report Record Records Case Cases File Files England English British Britain Wales
    Scotland Ireland Christmas Easter Eid Ramadan Diwali Term Holiday Holidays Year Years Month
    Week Day Today Tomorrow Yesterday Primary Secondary High Junior Infant Infants Sixth Form
    Youth Offending Justice Mental Adult Adults Housing Universal Credit Probation Prison
    Emergency Duty Front Door Multi Therapy Therapeutic Life Story Work Direct Personal Initial
    Permanence Permanency Staying Put County Borough City Town Village Forum Group Groups
    Programme Project Course Parenting Freedom Triple Incredible Reflective Practice Guide
    Policy Procedure Procedures Framework Model Quality Assurance Learning Development Risk
    Threshold Referral Referrals Legal Planning Proceedings Public Law Outline Pre Proceedings
    Core Child's Children's Parent Parents Carer's Please Ensure Consider Check Complete Book
    Arrange Agree Update Upload Record Add Discuss Share Review Seek Obtain Chase Follow Invite
    Request Confirm Liaise Make Write Continue Offer Provide Progress Hold Convene Escalate
    Dear Thanks Thank Nan Nana Nanna Nanny Granny Mam Mummy Daddy""".split()
)
# Heritage, faith and nationality words an equality and diversity comment needs, some of them
# also on the first-name list ("Irish Traveller", "Gypsy/Roma/Traveller").
_HERITAGE = frozenset(
    """Irish Roma Romany Gypsy Gypsies Traveller Travellers Scottish Welsh Polish Romanian
    Lithuanian Somali Eritrean Afghan Kurdish Syrian Pakistani Bangladeshi Indian African
    Caribbean Asian Black White Mixed Muslim Sikh Hindu Jewish Catholic Islamic""".split()
)
# Month abbreviations that are also names ("Jan"), read as months next to a time word or month.
MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_TIME_WORDS = frozenset(
    "from since until till in by of early late mid end before after to and".split()
)
STOP_CAPS = _STOP_WORDS | _HERITAGE | (frozenset(MONTHS) - MONTH_NAMES) | frozenset(WEEKDAYS)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_GAP = re.compile(r"[.!?;:\n\u2022]")


@cache
def load_first_names(
    path: Path = FIRST_NAMES_FILE,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names, names that are everyday words, names that are rarer words) from the name list.

    Everyday-word names (`Grace *`) need context; rarer-word names (`Martin ~`) are names when
    capitalised but not in lower case. The third set is a subset of the first.
    """
    plain: set[str] = set()
    wordlike: set[str] = set()
    capital_only: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(" *"):
            wordlike.add(line[:-2])
        elif line.endswith(" ~"):
            plain.add(line[:-2])
            capital_only.add(line[:-2])
        else:
            plain.add(line)
    return frozenset(plain), frozenset(wordlike), frozenset(capital_only)


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and any(c.islower() for c in token)


def _base(token: str) -> tuple[str, str]:
    """`Kerry's` -> (`Kerry`, `'s`); other tokens unchanged."""
    for suffix in ("'s", "’s", "'S", "’S"):
        if token.endswith(suffix) and len(token) > 3:
            return token[: -len(suffix)], suffix
    return token, ""


class NameFinder:
    """Marks the spans of names among a text's word tokens."""

    def __init__(
        self,
        plain: frozenset[str],
        wordlike: frozenset[str],
        capital_only: frozenset[str],
        surnames: frozenset[str],
    ):
        self.plain = (plain | surnames) - STOP_CAPS
        self.wordlike = wordlike - self.plain
        self.surnames = surnames
        self.lower = {
            n.lower() for n in plain - capital_only - STOP_CAPS if len(n) >= 3 and "-" not in n
        } - LOWER_STOP

    def _surname_like(self, token: str) -> bool:
        base, _ = _base(token)
        return (
            _is_capitalised(base)
            and base not in STOP_CAPS
            and base not in TITLES
            and base not in MONTHS
            and base not in WEEKDAYS
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        marked: list[tuple[int, int]] = []
        count = len(tokens)
        i = 0
        while i < count:
            start, end, token = tokens[i]
            base, _ = _base(token)
            prev_end = tokens[i - 1][1] if i else 0
            gap_before = text[prev_end:start]
            sentence_start = i == 0 or bool(_SENTENCE_GAP.search(gap_before))
            if "[" in gap_before[-1:]:  # inside a tag such as [nhs number]
                i += 1
                continue
            prev = tokens[i - 1][2] if i else ""
            if base in TITLES:
                i = self._after_title(text, tokens, i, marked) + 1
                continue
            is_name = False
            if _is_capitalised(base) and base not in STOP_CAPS:
                if base in self.plain or self._hyphenated_name(base):
                    is_name = True
                elif i and not sentence_start and self._after_cue(prev, tokens, i):
                    is_name = base not in MONTHS or not self._month_follows(text, tokens, i)
                elif base in self.wordlike or base in MONTH_NAMES:
                    is_name = self._wordlike_is_name(text, tokens, i, sentence_start)
                else:
                    is_name = self._said_follows(text, tokens, i)
            elif base.islower() and base in self.lower:
                is_name = True
            if is_name and base in MONTH_ABBREVIATIONS and self._month_context(tokens, i):
                is_name = False
            if is_name:
                marked.append((start, start + len(base)))
                i = self._chain_surnames(text, tokens, i, marked)
            i += 1
        return marked

    def _month_context(self, tokens: list, i: int) -> bool:
        """`from Jan to April`, `Jan and Feb`: an abbreviation beside a time word or a month."""
        prev = tokens[i - 1][2].lower() if i else ""
        nxt = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        after = tokens[i + 2][2] if i + 2 < len(tokens) else ""
        months = set(MONTHS) | MONTH_ABBREVIATIONS
        return prev in _TIME_WORDS or nxt in months or after in months

    def _hyphenated_name(self, base: str) -> bool:
        """`Ellie-Rose`, `Lily-Mae`: capitalised parts, one a first name, none a stop word."""
        parts = base.split("-")
        return (
            len(parts) > 1
            and all(_is_capitalised(p) and p not in STOP_CAPS for p in parts)
            and any(p in self.plain for p in parts)
        )

    def _after_title(self, text: str, tokens: list, i: int, marked: list) -> int:
        """Mark initials and a surname after `Mr`, `Mrs J.`, `Dr.`; return the last index used."""
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1][1] : tokens[j][0]]
            token = tokens[j][2]
            if gap.strip(" .") or "\n" in gap:
                break
            if len(token) == 1 and token.isupper():
                marked.append(tokens[j][:2])
                j += 1
                continue
            if self._surname_like(token):
                base, _ = _base(token)
                marked.append((tokens[j][0], tokens[j][0] + len(base)))
                return self._chain_surnames(text, tokens, j, marked)
            break
        return j - 1

    def _after_cue(self, prev: str, tokens: list, i: int) -> bool:
        lowered = prev.lower()
        if prev.rstrip(".") in TITLES or lowered in ROLE_CUES:
            return True
        before = tokens[i - 2][2].lower() if i >= 2 else ""
        if (before, lowered) in NICKNAME_CUES:
            return True
        if lowered == "as" and "known" in {t[2].lower() for t in tokens[max(0, i - 3) : i - 1]}:
            return True  # "known locally as Tank"
        if lowered in {"with", "to"} and i >= 2:
            return before in CONTACT_CUES
        return lowered in CONTACT_CUES

    def _said_follows(self, text: str, tokens: list, i: int) -> bool:
        """`Tobiah said`: an unlisted capitalised word followed by a reporting verb."""
        if i + 1 >= len(tokens) or text[tokens[i][1] : tokens[i + 1][0]] != " ":
            return False
        return tokens[i + 1][2].lower() in REPORTING_VERBS

    def _month_follows(self, text: str, tokens: list, i: int) -> bool:
        """`May 2019`, `May 12`: the word is a month."""
        after = text[tokens[i][1] :].lstrip()
        return bool(after[:1].isdigit())

    def _wordlike_is_name(self, text: str, tokens: list, i: int, sentence_start: bool) -> bool:
        base, possessive = _base(tokens[i][2])
        nxt = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        gap = text[tokens[i][1] : tokens[i + 1][0]] if nxt else ""
        is_month = base in MONTH_NAMES
        if is_month and self._month_follows(text, tokens, i):
            return False
        if nxt and gap == " " and self._surname_like(nxt) and nxt not in self.wordlike:
            return True
        if possessive:
            return not is_month or nxt.lower() in PERSON_AFTER_POSSESSIVE
        if nxt and gap.strip() == "" and nxt.lower() in PERSON_VERBS:
            weak = nxt.lower() in {"is", "was", "has", "had", "goes", "went"}
            return not (weak and (sentence_start or is_month))
        return not sentence_start and not is_month

    def _chain_surnames(self, text: str, tokens: list, i: int, marked: list) -> int:
        """Mark up to two capitalised words straight after a name; return the last index used."""
        for _ in range(2):
            if i + 1 >= len(tokens):
                break
            gap = text[tokens[i][1] : tokens[i + 1][0]]
            nxt_start, _, nxt = tokens[i + 1]
            if gap not in (" ", "-") or not self._surname_like(nxt):
                break
            if nxt in self.wordlike and not (nxt in self.plain or nxt in self.surnames):
                # "Sam Grace" is a surname; "Sam May 2019" is not.
                if self._month_follows(text, tokens, i + 1):
                    break
            base, _ = _base(nxt)
            marked.append((nxt_start, nxt_start + len(base)))
            i += 1
        return i


# Not inside a code such as C-TEST-001; a double-barrelled `HOLLOWAY-FAKE` is one word.
_SHOUTED = re.compile(r"(?<![\w-])[A-Z]{2,}(?:-[A-Z]{2,})*(?:['’]S)?(?![\w-])")
# A text with this many words of 3+ capitals is shouted throughout: its 2-letter words too.
_SHOUTING = 3


def unshout(
    text: str,
    keep: frozenset[str],
    is_common: Callable[[str], bool],
    is_name: Callable[[str], bool],
) -> str:
    """Words in capitals written as the name finder expects: `TYLER FAKESON WAS SEEN` ->
    `Tyler Fakeson was seen`.

    A listed first name or a rare word is capitalised (`Tyler`, `Fakeson`); a common word is
    lower-cased (`was`). Kept as they are: acronyms in `keep` (lower-cased) and short rare words
    (`NFA`), read as acronyms. The text keeps its length, so spans found in it hold for the
    original.
    """
    words = _SHOUTED.findall(text)
    shouting = sum(len(w) >= 3 for w in words) >= _SHOUTING

    def soften(match: re.Match[str]) -> str:
        word = match.group()
        base = word[:-2] if word[-2:] in ("'S", "’S") else word
        if len(base) < 3 and not shouting:
            return word
        if "-" in base:
            return "-".join(p[0] + p[1:].lower() for p in base.split("-")) + word[len(base) :]
        if base.lower() in keep or (len(base) <= 4 and not is_common(base)):
            return word
        if is_common(base) and not is_name(base.title()):
            return word.lower()
        return word[0] + word[1:].lower()

    return _SHOUTED.sub(soften, text)
