"""Identifiers with a shape: emails, phones, postcodes, addresses, numbers, handles, birth dates.

`redact_patterns` applies them to text that `normalise_text` has already made plain, longer shapes
first (an email before the name inside it; an address before the town after it).

Dates: only dates tied to a birth word ("DOB", "d/o/b", "b.", "date of birth", "born",
"birthday") are redacted by default, in figures or in words ("the twelfth of May 2013"). Audit,
visit and plan dates in comments are not personal on their own and often carry the point of a
finding; `all_dates=True` redacts every full date.
"""

from __future__ import annotations

import re

from helpers.safe.allow_list import zipf
from helpers.safe.names import STOP_CAPS

NAME = "[name]"
ID = "[id]"
DATE = "[date]"
PHONE = "[phone]"
EMAIL = "[email]"
POSTCODE = "[postcode]"
ADDRESS = "[address]"
PLACE = "[place]"
HANDLE = "[handle]"
LINK = "[link]"
NHS_NUMBER = "[nhs number]"
NI_NUMBER = "[ni number]"

# --- dates of birth ----------------------------------------------------------------------------
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_RE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE},?\s+\d{{4}}"
    rf"|{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTH_RE}\s+\d{{4}})"
)
_UNITS = "one two three four five six seven eight nine".split()
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth".split()
_NUMBER_WORDS = (
    r"(?:(?:twenty|thirty)[- ]?(?:" + "|".join(_ORDINALS + _UNITS) + r")?"
    r"|tenth|eleventh|twelfth|\w+teenth|twentieth|thirtieth|ten|eleven|twelve|\w+teen"
    r"|hundred|thousand|" + "|".join(_ORDINALS + _UNITS) + ")"
)
# One piece of a date written any way: 3rd, 2012, March, twelfth, two thousand and twelve.
_DATE_PIECE = rf"(?:\d{{1,4}}(?:st|nd|rd|th)?|{_MONTH_RE}|{_NUMBER_WORDS})(?![\w])"
_DATE_JOIN = r"(?:\s*[/.\-]\s*|,?\s+(?:(?:of|the|in|and)\s+)*)"
_BIRTH_WORD = (
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bd/o/b\b|\bb\.(?=\s*\d)|\bdate\s+of\s+birth\b|\bbirth\s*date\b"
    r"|\bborn\b|\bbirthday\b|\bturns?\s+\w+\s+on\b)"
)
_DOB_AFTER = re.compile(
    rf"({_BIRTH_WORD}\s*[:,\-–]?\s*(?:(?:is|was|on|in|of|the|recorded\s+as|given\s+as)\s+)*\(?)"
    rf"({_DATE_PIECE}(?:{_DATE_JOIN}{_DATE_PIECE}){{0,6}})",
    re.IGNORECASE,
)
_DOB_BEFORE = re.compile(rf"({_DATE_RE})(\s*\(\s*(?:dob|d\.o\.b\.?|born)\s*\))", re.IGNORECASE)
_ANY_DATE = re.compile(rf"(?<![\w/]){_DATE_RE}", re.IGNORECASE)

# --- links, emails and handles -----------------------------------------------------------------
_TLD = r"(?:com|org|net|uk|gov|edu|info|biz|io|me|co|ac|nhs|sch|eu|ie|us|ca|au|de|fr)"
_URL = re.compile(rf"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.{_TLD}/\S*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LOCAL = r"[\w+'-]+(?:(?:\.|\s+dot\s+|\s*[(\[{]\s*dot\s*[)\]}]\s*)[\w+'-]+)*"
# "name(at)mail.com", "name [at] mail [dot] org", "name @ mail .org": the @ is plain to see.
_EMAIL_SPELT = re.compile(
    rf"{_LOCAL}(?:\s*[(\[{{<]\s*at\s*[)\]}}>]\s*|\s*@\s*)[\w-]+"
    rf"(?:(?:\s*[(\[{{<]\s*dot\s*[)\]}}>]\s*|\s+dot\s+|\s?\.\s?)[\w-]+)*?"
    rf"(?:\s*[(\[{{<]\s*dot\s*[)\]}}>]\s*|\s+dot\s+|\s?\.\s?){_TLD}\b",
    re.IGNORECASE,
)
# "john dot smith at mail dot com": a bare "at" needs a spelt "dot" or an unspaced "." to a domain.
_EMAIL_WORDS = re.compile(
    rf"{_LOCAL}\s+at\s+[\w-]+(?:(?:\s+dot\s+|\.)[\w-]+)*?(?:\s+dot\s+|\.){_TLD}\b",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[\w.]*\w)?")
_UNDERSCORE_HANDLE = re.compile(r"\b\w*[A-Za-z0-9]_\w*\b|\b_\w+\b")
_DOTTED_HANDLE = re.compile(r"\b[A-Za-z][\w]*(?:\.\w+)+\b")

# --- numbers -----------------------------------------------------------------------------------
_NI = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_NHS_CONTEXT = re.compile(
    r"(\bNHS\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*)\d{3}[\s-]?\d{3}[\s-]?\d{4}\b", re.IGNORECASE
)
_TEN_DIGITS = re.compile(r"(?<![\d+])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?\(?|\(?0)\d(?:[\s-]?\)?[\s-]?\d){8,9}(?!\d)"
)
_PHONE_DOTTED = re.compile(r"(?<![\w.])0\d{3,4}\.\d{3}\.?\d{3,4}(?![\w.]?\d)")
_PHONE_ABROAD = re.compile(r"(?<![\w+])\+(?!44)\d{1,3}(?:[\s.-]?\(?\d\)?){6,12}(?!\d)")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b")
_POSTCODE_LOWER = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s?\d(?!st\b|nd\b|rd\b|th\b)[a-z]{2}\b")
# `unshout` may have written the last three letters `Abc` or `abc` already.
_VEHICLE = re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z]{3}|[A-Z]?[a-z]{2,3})\b")
_ID_AFTER_WORD = re.compile(
    r"(\b(?:ID|Id|id|no|No|NO|number|Number|ref|Ref|reference|Reference|UPN)\.?\s*[:#]?\s*)"
    r"([A-Z]{0,3}\d{4,}|[A-Z]{1,3}\d{3,})\b"
)
_LONG_DIGITS = re.compile(r"(?<![\w\[])\d{6,}(?![\w])")
_CODED_ID = re.compile(r"\b[A-Z]{1,5}-(?:[A-Z]+-)*\d{3,}\b")
_MIXED_TOKEN = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{4,}\b")
_UNIT_SUFFIX = re.compile(
    r"^\d+(?:st|nd|rd|th|s|am|pm|yrs?|mths?|wks?|hrs?|mins?|days?|weeks?|months?|years?|kg|cm|ml|mg)$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"\b(?:[A-Z]\.\s?){2,3}(?!\w)")

# --- addresses, buildings and places -----------------------------------------------------------
_STREET_TYPES = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns"
    r"|Place|Pl|Court|Ct|Terrace|Grove|Hill|Park|Walk|Row|Square|Sq|Mews|View|Rise|Green"
    r"|Parade|Vale|Meadows?|Fields|Wharf|Approach|Boulevard|Bank|Heights|Croft|Fold|Chase|Gate"
    r"|Estate|Paddocks?|Yard|Quay|Mount|Hollow|Brow|Nook|Wynd|Side|End)"
)
_ADDRESS_NUMBERED = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\.?\s+\d+[A-Za-z]?,?\s+)?"
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z'’\-]+\s+){{1,3}}{_STREET_TYPES}\b\.?"
)
# In lower case ("12 acacia avenue", or shouted and lowered by `unshout`): street words only.
_ADDRESS_LOWER = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[a-z][a-z'’\-]+\s+){1,3}"
    r"(?:road|street|avenue|lane|crescent|terrace|gardens|grove|mews)\b"
)
_ADDRESS_THE = re.compile(r"\b\d{1,4}[A-Za-z]?,?\s+The\s+[A-Z][\w'’-]+")
_ADDRESS_FLAT = re.compile(
    r"\b(?:Flat|Apartment|Apt|Room|Unit|Studio)\.?\s+\d+[A-Za-z]?,?\s+"
    r"(?:(?:[A-Z][\w'’-]*|of|the)\s+){0,3}[A-Z][\w'’-]*"
)
_ADDRESS_NAMED = re.compile(
    r"\b(?:[A-Z][a-z'’\-]+\s+){1,2}"
    r"(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Gardens|Terrace|Grove|Mews)\b"
)
_ADDRESS_TOWN = re.compile(
    r"\[address\],?\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+(?=,?\s*\[postcode\])"
)
# The town after an address: "[address], Milbrook", "[address] in Stoneleigh-on-Wye".
_TOWN_AFTER = re.compile(
    r"(\[address\](?:\s*,\s*|\s+(?:in|near)\s+))"
    r"([A-Z][\w'’]*(?:-(?:on|upon|in|le|by|under|the|over)-[A-Z][\w'’]*)?(?:\s+[A-Z][\w'’]*){0,2})"
)
_BUILDING_TYPES = (
    r"(?:House|Court|Lodge|Academy|Primary|Nursery|High|School|College|Surgery|Centre|Center"
    r"|Juniors?|Infants?|Heights|Estate|Unit|Hospital|Clinic|Practice|Hall|Towers?|Mansions"
    r"|Manor|Farm|Cottage|Church|Chapel|Mosque|Library|Campus|Home)"
)
_BUILDING = re.compile(
    r"((?:\b(?:St|Saint)\.?\s+)?(?:\b[A-Z][\w'’-]*\s+(?:(?:of|the|and|&)\s+)?){1,4})"
    rf"({_BUILDING_TYPES})\b"
)
_SAINT = re.compile(r"(\bSt\.?\s+)([A-Z][a-z]+)(?=['’]s\b)")
_CAP_WORD = re.compile(r"\b[A-Z][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]\s*)$")
# Words a building's name may hold that say what it is, not which one.
_BUILDING_GENERIC = frozenset(
    "St Saint CE RC C E Church Pupil Referral Family Children Children's Community Primary "
    "Secondary Infant Infants Junior Juniors High Special Free Grammar Catholic Methodist Baptist "
    "Islamic Jewish Muslim Sikh Hindu Medical Health Youth Sports Leisure Day Care Residential "
    "Respite Short Breaks Foster Assessment Contact Resource Learning Support Village Town City "
    "County Crown Magistrates Royal General District Memorial The Our And Of".split()
)
# Rarer than this (Zipf) and capitalised in a building's name: a proper name.
_BUILDING_NAME_ZIPF = 4.0


def nhs_check_digit_ok(digits: str) -> bool:
    """True when a 10-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nhs_or_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return NHS_NUMBER if nhs_check_digit_ok(digits) else match.group()


def _dotted_handle(match: re.Match[str]) -> str:
    """`tiny.tia.2010` is a handle; `e.g` and `6.9` are not."""
    token = match.group()
    letters = sum(c.isalpha() for c in token)
    return HANDLE if letters >= 2 and any(c.isdigit() for c in token) else token


def _mixed_token(match: re.Match[str]) -> str:
    """`ghostrider4412`, `RX123456` are ids; `21st`, `10am`, `1990s` are not."""
    token = match.group()
    if _UNIT_SUFFIX.match(token):
        return token
    letters = sum(c.isalpha() for c in token)
    digits = len(token) - letters
    return ID if digits >= 5 or (letters >= 2 and digits >= 2) else token


def _building(match: re.Match[str], text: str) -> str:
    """`Wickham Family Centre` -> `[name] Family Centre`: mask the rare words of its name."""
    name, kind = match.group(1), match.group(2)
    sentence_start = bool(_SENTENCE_END.search(text[: match.start()]))

    def mask(word_match: re.Match[str]) -> str:
        word = word_match.group()
        base = re.sub(r"['’]s$", "", word)
        first = sentence_start and word_match.start() == 0
        if base in _BUILDING_GENERIC or base in STOP_CAPS:
            return word
        if zipf(base) >= (3.0 if first else _BUILDING_NAME_ZIPF):
            return word
        return NAME + word[len(base) :]

    return _CAP_WORD.sub(mask, name) + kind


def _named_street(match: re.Match[str]) -> str:
    """`Fakenham Crescent` is an address; `Staying Close` (a service) is not."""
    words = match.group().split()[:-1]
    return match.group() if all(w in STOP_CAPS for w in words) else ADDRESS


def _town(match: re.Match[str]) -> str:
    town = match.group(2)
    if town.split()[0] in STOP_CAPS:
        return match.group()
    return match.group(1) + PLACE


def redact_patterns(text: str, *, all_dates: bool = False) -> str:
    """`text` with every patterned identifier replaced by its tag."""
    text = _URL.sub(LINK, text)
    text = _EMAIL.sub(EMAIL, text)
    text = _EMAIL_SPELT.sub(EMAIL, text)
    text = _EMAIL_WORDS.sub(EMAIL, text)
    text = _AT_HANDLE.sub(HANDLE, text)
    text = _UNDERSCORE_HANDLE.sub(HANDLE, text)
    text = _DOTTED_HANDLE.sub(_dotted_handle, text)
    text = _DOB_AFTER.sub(lambda m: m.group(1) + DATE, text)
    text = _DOB_BEFORE.sub(lambda m: DATE + m.group(2), text)
    if all_dates:
        text = _ANY_DATE.sub(DATE, text)
    text = _NI.sub(NI_NUMBER, text)
    text = _NHS_CONTEXT.sub(lambda m: m.group(1) + NHS_NUMBER, text)
    text = _TEN_DIGITS.sub(_nhs_or_phone, text)
    text = _PHONE.sub(PHONE, text)
    text = _PHONE_DOTTED.sub(PHONE, text)
    text = _PHONE_ABROAD.sub(PHONE, text)
    text = _POSTCODE.sub(POSTCODE, text)
    text = _POSTCODE_LOWER.sub(POSTCODE, text)
    text = _VEHICLE.sub(ID, text)
    text = _ADDRESS_NUMBERED.sub(ADDRESS, text)
    text = _ADDRESS_LOWER.sub(ADDRESS, text)
    text = _ADDRESS_THE.sub(ADDRESS, text)
    text = _ADDRESS_FLAT.sub(ADDRESS, text)
    text = _ADDRESS_NAMED.sub(_named_street, text)
    text = _ADDRESS_TOWN.sub(ADDRESS, text)
    text = _TOWN_AFTER.sub(_town, text)
    text = _BUILDING.sub(lambda m: _building(m, text), text)
    text = _SAINT.sub(lambda m: m.group(1) + NAME, text)
    text = _ID_AFTER_WORD.sub(lambda m: m.group(1) + ID, text)
    text = _CODED_ID.sub(ID, text)
    text = _LONG_DIGITS.sub(ID, text)
    text = _MIXED_TOKEN.sub(_mixed_token, text)
    return _INITIALS.sub(NAME, text)
