"""Dates as embedded posts print them, in the languages their readers use: ``June 4, 2022``, ``18 maart 2017``,
``4 juin 2022``, ``4. Juni 2022``, ``4 de junio de 2022``, ``23 июня 2018 г.``, ``4 Haziran 2022``,
``٤ يونيو ٢٠٢٢``, ``۴ ژوئن ۲۰۲۲`` → ISO ``2022-06-04``.

Month names (facts, not code) in English, Dutch, Arabic (Egyptian/Gulf names, Levantine/Iraqi names and
the Maghreb's), French, Spanish, German, Turkish, Russian (nominative and genitive) and Persian.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS: tuple[tuple[str, ...], ...] = (
    # English (full and abbreviated), French, Spanish, German, Turkish, Russian, Arabic, Persian
    (
        "january",
        "jan",
        "janvier",
        "janv",
        "enero",
        "januar",
        "jänner",
        "ocak",
        "январь",
        "января",
        "янв",
        "يناير",
        "كانون الثاني",
        "جانفي",
        "ژانویه",
    ),
    (
        "february",
        "feb",
        "février",
        "fevrier",
        "févr",
        "febrero",
        "februar",
        "şubat",
        "subat",
        "февраль",
        "февраля",
        "фев",
        "فبراير",
        "شباط",
        "فيفري",
        "فوریه",
    ),
    ("march", "mar", "mars", "marzo", "märz", "maerz", "mart", "март", "марта", "مارس", "آذار", "اذار"),
    (
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "nisan",
        "апрель",
        "апреля",
        "апр",
        "أبريل",
        "ابريل",
        "إبريل",
        "نيسان",
        "أفريل",
        "افريل",
        "آوریل",
    ),
    ("may", "mai", "mayo", "mayıs", "mayis", "май", "мая", "مايو", "أيار", "ايار", "ماي", "مه", "می"),
    (
        "june",
        "jun",
        "juin",
        "junio",
        "juni",
        "haziran",
        "июнь",
        "июня",
        "июн",
        "يونيو",
        "يونية",
        "حزيران",
        "جوان",
        "ژوئن",
    ),
    (
        "july",
        "jul",
        "juillet",
        "juil",
        "julio",
        "juli",
        "temmuz",
        "июль",
        "июля",
        "июл",
        "يوليو",
        "يولية",
        "تموز",
        "جويلية",
        "ژوئیه",
        "ژوئيه",
    ),
    (
        "august",
        "aug",
        "août",
        "aout",
        "agosto",
        "ağustos",
        "agustos",
        "август",
        "августа",
        "авг",
        "أغسطس",
        "اغسطس",
        "آب",
        "اب",
        "أوت",
        "اوت",
    ),
    (
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "eylül",
        "eylul",
        "сентябрь",
        "сентября",
        "сен",
        "سبتمبر",
        "أيلول",
        "ايلول",
        "سپتامبر",
    ),
    (
        "october",
        "oct",
        "octobre",
        "octubre",
        "oktober",
        "okt",
        "ekim",
        "октябрь",
        "октября",
        "окт",
        "أكتوبر",
        "اكتوبر",
        "تشرين الأول",
        "تشرين الاول",
        "اکتبر",
    ),
    (
        "november",
        "nov",
        "novembre",
        "noviembre",
        "kasım",
        "kasim",
        "ноябрь",
        "ноября",
        "ноя",
        "نوفمبر",
        "تشرين الثاني",
        "نوامبر",
    ),
    (
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dezember",
        "dez",
        "aralık",
        "aralik",
        "декабрь",
        "декабря",
        "дек",
        "ديسمبر",
        "كانون الأول",
        "كانون الاول",
        "دسامبر",
    ),
)
# Dutch names that none of the languages above shares (april, juni, juli, oktober ... are there already).
_DUTCH = {"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8}
MONTHS: dict[str, int] = {name: n + 1 for n, names in enumerate(_MONTHS) for name in names} | _DUTCH
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_D = r"[0-9٠-٩۰-۹]"
# "June 4, 2022" | "4 June 2022" | "4. Juni 2022" | "4 de junio de 2022" | "23 июня 2018 г." | "٤ يونيو، ٢٠٢٢"
DATE_PATTERN = (
    rf"(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>{_D}{{1,2}})\s*[,،]?\s*(?P<y1>{_D}{{4}})"
    rf"|(?P<d2>{_D}{{1,2}})\.?\s+(?:de\s+)?(?P<m2>{_MONTH_ALT})\.?\s*(?:de\s+)?[,،]?\s*(?P<y2>{_D}{{4}})"
    rf"(?:\s*г\.?)?)"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)


def month_number(name: str) -> int | None:
    """The month (1–12) a month name stands for, in any of the languages above; None if unknown."""
    key = " ".join(name.split()).lower().rstrip(".")
    return MONTHS.get(key)


def iso_date(m: re.Match[str]) -> str | None:
    """ISO 8601 date of a :data:`DATE_RE` (or :data:`DATE_PATTERN`) match; None if it is no calendar date."""
    month = m.group("m1") or m.group("m2")
    day = (m.group("d1") or m.group("d2")).translate(_DIGITS)
    year = (m.group("y1") or m.group("y2")).translate(_DIGITS)
    number = month_number(month)
    if number is None:
        return None
    try:
        return _dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """ISO date of the first date found in ``text``; None if there is none."""
    m = DATE_RE.search(text)
    return iso_date(m) if m else None
