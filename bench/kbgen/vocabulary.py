"""The words and places the generated knowledge base is written about.

Pakistani districts with Urdu names and tehsils, welfare topics, the sections each document type
must have (English text whose slug is the anchor, and the Urdu text that carries it as an explicit
id), title and summary templates, and the media files documents show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_SLUG_DROP = re.compile(r"[^\w\- ]")


def slugify(text: str) -> str:
    """GitHub-style heading anchor: lowercase, punctuation dropped, spaces become hyphens."""
    return _SLUG_DROP.sub("", text.lower()).replace(" ", "-")


@dataclass(frozen=True)
class District:
    """A district of Pakistan, with its Urdu name and some of its tehsils."""

    en: str
    ur: str
    province: str
    tehsils: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A welfare theme that documents are written about."""

    en: str
    ur: str
    sector: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A ``##`` or ``###`` heading in English and Urdu; the anchor is the English slug."""

    en: str
    ur: str

    @cached_property
    def anchor(self) -> str:
        """The GitHub-style slug of the English text (the explicit id of the Urdu heading)."""
        return slugify(self.en)


@dataclass(frozen=True)
class Media:
    """An image under ``content/media/`` and what it shows."""

    name: str
    en: str
    ur: str


def _districts(spec: str) -> tuple[District, ...]:
    """Parse ``en|ur|province|tehsil,tehsil`` lines."""
    rows = (line.split("|") for line in spec.strip().splitlines())
    return tuple(District(en, ur, prov, tuple(t.split(","))) for en, ur, prov, t in rows)


DISTRICTS = _districts("""
Lahore|لاہور|Punjab|Raiwind,Model Town,Shalimar
Faisalabad|فیصل آباد|Punjab|Jaranwala,Samundri,Tandlianwala
Multan|ملتان|Punjab|Shujabad,Jalalpur Pirwala
Layyah|لیہ|Punjab|Karor Lal Esan,Chaubara
Bahawalpur|بہاولپور|Punjab|Ahmadpur East,Hasilpur,Yazman
Dera Ghazi Khan|ڈیرہ غازی خان|Punjab|Kot Chutta,Taunsa
Rawalpindi|راولپنڈی|Punjab|Gujar Khan,Kahuta,Taxila
Sialkot|سیالکوٹ|Punjab|Daska,Sambrial,Pasrur
Korangi|کورنگی|Sindh|Landhi,Model Colony
Hyderabad|حیدرآباد|Sindh|Qasimabad,Latifabad
Jamshoro|جامشورو|Sindh|Kotri,Sehwan,Manjhand
Tharparkar|تھرپارکر|Sindh|Mithi,Diplo,Chachro,Islamkot
Sukkur|سکھر|Sindh|Rohri,Pano Aqil,Saleh Pat
Larkana|لاڑکانہ|Sindh|Ratodero,Dokri,Bakrani
Badin|بدین|Sindh|Matli,Talhar,Golarchi
Peshawar|پشاور|Khyber Pakhtunkhwa|Badaber,Mathra
Swat|سوات|Khyber Pakhtunkhwa|Babuzai,Matta,Kabal,Khwazakhela
Abbottabad|ایبٹ آباد|Khyber Pakhtunkhwa|Havelian,Lora
Mardan|مردان|Khyber Pakhtunkhwa|Takht Bhai,Katlang
Quetta|کوئٹہ|Balochistan|Quetta City,Quetta Saddar
Gwadar|گوادر|Balochistan|Pasni,Jiwani,Ormara
Kech|کیچ|Balochistan|Turbat,Tump,Buleda
Khuzdar|خضدار|Balochistan|Wadh,Nal
Gilgit|گلگت|Gilgit-Baltistan|Danyore,Juglot
Muzaffarabad|مظفرآباد|Azad Kashmir|Muzaffarabad,Naseerabad
""")


def _topics(spec: str) -> tuple[Topic, ...]:
    """Parse ``en|ur|sector|tag,tag`` lines."""
    rows = (line.split("|") for line in spec.strip().splitlines())
    return tuple(Topic(en, ur, sector, tuple(t.split(","))) for en, ur, sector, t in rows)


TOPICS = _topics("""
clean drinking water supply|صاف پانی کی فراہمی|water|water,wash
community sanitation|کمیونٹی صفائی ستھرائی|sanitation|sanitation,wash
interest-free microloans|بلا سود قرضے|microfinance|microfinance,livelihoods
school enrolment drives|اسکول داخلہ مہم|education|education,enrolment
primary health care|بنیادی صحت کی دیکھ بھال|health|health,primary-care
maternal and child health|ماں اور بچے کی صحت|health|health,maternal-health
grievance redress|شکایات کا ازالہ|governance|governance,grievances
volunteer training|رضاکاروں کی تربیت|governance|volunteers,training
economic inclusion of women|خواتین کی معاشی شمولیت|livelihoods|women,livelihoods
vocational skills training|ہنر مندی کی تربیت|livelihoods|skills,youth
school nutrition|اسکولوں میں غذائیت|nutrition|nutrition,education
cash transfer verification|نقد امداد کی تصدیق|social-protection|cash-transfers,social-protection
solid waste collection|کوڑا کرکٹ اٹھانے کا نظام|sanitation|waste,sanitation
citizen feedback by mobile phone|موبائل فون کے ذریعے شہریوں کی رائے|governance|feedback,mobile
flood relief distribution|سیلاب زدگان میں امداد کی تقسیم|social-protection|floods,relief
community schools|کمیونٹی اسکول|education|education,community
mobile health camps|موبائل صحت کیمپ|health|health,outreach
rainwater harvesting|بارش کے پانی کا ذخیرہ|water|water,climate
youth entrepreneurship hubs|نوجوانوں کے کاروباری مراکز|livelihoods|youth,enterprise
birth registration|پیدائش کا اندراج|governance|civil-registration,governance
immunisation outreach|حفاظتی ٹیکوں کی مہم|health|health,immunisation
teacher mentoring|اساتذہ کی رہنمائی|education|education,teachers
food bank operations|فوڈ بینک کا انتظام|nutrition|nutrition,food-security
orphan sponsorship|یتیم بچوں کی کفالت|social-protection|children,sponsorship
disability inclusion|معذور افراد کی شمولیت|social-protection|disability,inclusion
drainage maintenance|نکاسیٔ آب کی دیکھ بھال|sanitation|drainage,sanitation
adult literacy classes|بالغوں کی خواندگی|education|literacy,education
hand pump repair|ہینڈ پمپ کی مرمت|water|water,maintenance
""")


def _media() -> tuple[Media, ...]:
    """Six bar charts, two maps and two flow diagrams."""
    kinds = (
        ("chart", "png", 6, "Bar chart of results by quarter", "سہ ماہی نتائج کا چارٹ"),
        ("map", "svg", 2, "Map of the union councils covered", "شامل یونین کونسلوں کا نقشہ"),
        ("flow", "svg", 2, "Flow diagram of the procedure", "طریقۂ کار کا خاکہ"),
    )
    return tuple(
        Media(f"{stem}-{n}.{ext}", en, ur)
        for stem, ext, count, en, ur in kinds
        for n in range(1, count + 1)
    )


MEDIA = _media()

S = Section
REQUIRED = {
    "sop": (
        S("Purpose", "مقصد"),
        S("Scope", "دائرہ کار"),
        S("Responsibilities", "ذمہ داریاں"),
        S("Procedure", "طریقۂ کار"),
    ),
    "case-study": (
        S("Context", "سیاق"),
        S("Model", "ماڈل"),
        S("Results", "نتائج"),
        S("Lessons", "اسباق"),
    ),
    "guideline": (
        S("Overview", "جائزہ"),
        S("Principles", "اصول"),
        S("Recommended practice", "تجویز کردہ طریقہ"),
    ),
    "report": (
        S("Summary", "خلاصہ"),
        S("Findings", "نتائج و مشاہدات"),
        S("Recommendations", "سفارشات"),
    ),
}

OPTIONAL = (
    S("Background", "پس منظر"),
    S("Records", "ریکارڈ"),
    S("Monitoring", "نگرانی"),
    S("Costs", "اخراجات"),
    S("Risks and mitigation", "خطرات اور ان کا تدارک"),
    S("Frequently asked questions", "اکثر پوچھے جانے والے سوالات"),
    S("Timeline", "ٹائم لائن"),
    S("Training", "تربیت"),
    S("Data protection", "ڈیٹا کا تحفظ"),
    S("Sources", "ماخذ"),
)

SEE_ALSO = S("Related documents", "متعلقہ دستاویزات")
STEPS = (
    S("Record the request", "درخواست کا اندراج"),
    S("Verify eligibility", "اہلیت کی تصدیق"),
    S("Visit the household", "گھر کا دورہ"),
    S("Approve or refer", "منظوری یا حوالگی"),
    S("Release the support", "امداد کی فراہمی"),
    S("Follow up after thirty days", "تیس دن بعد پیروی"),
    S("Close the case", "کیس کی بندش"),
    S("Report to the district office", "ضلعی دفتر کو رپورٹ"),
)

FINDINGS = (
    S(
        "Coverage grew fastest where volunteers visited homes",
        "جہاں رضاکاروں نے گھروں کا دورہ کیا وہاں کوریج تیزی سے بڑھی",
    ),
    S("Complaints fell once results were published", "نتائج شائع ہونے کے بعد شکایات کم ہوئیں"),
    S("Costs per household dropped in the second year", "دوسرے سال فی گھرانہ لاگت کم ہوئی"),
    S(
        "Women took part when separate sessions were held",
        "الگ نشستوں کے انعقاد سے خواتین کی شرکت بڑھی",
    ),
    S("Funds arrived late in two quarters", "دو سہ ماہیوں میں فنڈز تاخیر سے پہنچے"),
)

OWNERS = (
    "Programme Operations Unit",
    "District Coordination Office",
    "Finance and Compliance Team",
    "Monitoring and Evaluation Cell",
    "Community Mobilisation Team",
    "Field Operations Lead",
)

EXTRA_TAGS = (
    "community",
    "rural",
    "urban",
    "monitoring",
    "partnerships",
    "district-level",
    "volunteers",
    "transparency",
    "women",
    "youth",
)

EN_TITLES = {
    "sop": (
        "Standard operating procedure for {topic} in {tehsil}, {district}",
        "Running {topic} at union council level in {tehsil}",
        "{Topic} procedure for {audience} in {district}",
        "{Topic} in {tehsil} tehsil, procedure for {audience}",
    ),
    "guideline": (
        "Guideline on {topic} for {audience} in {district}",
        "Good practice in {topic} for {audience} in {tehsil}",
        "{Topic} in {district}, a guide for {audience}",
        "Planning {topic} in {tehsil}, notes for {audience}",
    ),
    "case-study": (
        "{Topic} in {tehsil}, {district}",
        "How {tehsil} improved {topic}",
        "Lessons from {topic} in {tehsil}, {year}",
        "Community-led {topic} in {tehsil}",
    ),
    "report": (
        "Annual review of {topic} in {district}, {year}",
        "{Topic} in {district}, progress report {year}",
    ),
}
UR_TITLES = {
    "sop": ("{topic} کا معیاری طریقۂ کار ({district})", "{district} میں {topic} کا طریقۂ کار"),
    "guideline": ("{topic} کے لیے رہنما اصول، {district}", "{district} میں {topic} کے لیے رہنمائی"),
    "case-study": ("{district} میں {topic} کا تجربہ", "{topic}، {district} کی کہانی"),
    "report": (
        "{district} میں {topic}، سالانہ جائزہ {year}",
        "{topic} کی پیش رفت رپورٹ، {district} {year}",
    ),
}
AUDIENCES = (
    "field teams",
    "volunteers",
    "district managers",
    "partner organisations",
    "union council committees",
    "school councils",
)

SUMMARIES = {
    ("en", "sop"): "How field teams in {district} run {topic}, from the first request to the "
    "monthly review.",
    ("en", "guideline"): "Principles and recommended practice for {topic}, written for {audience}.",
    ("en", "case-study"): "How a community-led model changed {topic} in {district}. It sets out "
    "the context, the model, the results and the lessons.",
    ("en", "report"): "Progress of {topic} in {district} over the past year. It summarises the "
    "findings and recommends next steps.",
    ("ur", "sop"): "یہ دستاویز {district} میں {topic} کا معیاری طریقۂ کار بیان کرتی ہے۔",
    ("ur", "guideline"): "{topic} کے لیے بنیادی اصول اور تجویز کردہ طریقہ۔",
    ("ur", "case-study"): "{district} میں {topic} کے ماڈل کا تجربہ۔ اس میں سیاق، ماڈل، نتائج "
    "اور اسباق شامل ہیں۔",
    ("ur", "report"): "{district} میں {topic} کی سالانہ پیش رفت کا جائزہ اور سفارشات۔",
}


STEP, FINDING = S("Step", "مرحلہ"), S("Finding", "نتیجہ")
"""Labels of numbered ``###`` headings."""
