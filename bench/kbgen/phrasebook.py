"""Sentences, list items, quotations and table headings in English and Urdu."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kbgen.vocabulary import District, Topic

FIELDS = ("household_id", "cnic_number", "uc_code", "amount_pkr", "visit_date", "status")
SHEETS = ("register", "monthly-return", "loan-ledger", "stock-card")


@dataclass(frozen=True)
class Phrasebook:
    """The words of one language that the body writer assembles into prose."""

    actors: tuple[str, ...]
    actions: tuple[str, ...]
    whens: tuple[str, ...]
    facts: tuple[str, ...]
    """Sentences with ``{district}`` and ``{topic}`` slots."""
    link: tuple[str, ...]
    """Sentences with ``{text}`` and ``{path}`` slots."""
    external: tuple[str, ...]
    """Sentences with an ``{url}`` slot."""
    quotes: tuple[str, ...]
    """What residents said (the writer adds who said it)."""
    names: tuple[str, ...]
    admonitions: tuple[str, ...]
    footnotes: tuple[str, ...]
    indicators: tuple[str, ...]
    table_heads: dict[str, tuple[str, ...]]
    code: tuple[str, ...]
    """Sentences with ``{field}``, ``{sheet}`` and ``{n}`` slots."""
    changes: tuple[str, ...]
    """What a new version of a procedure changed."""
    contents: str
    translation: str
    urdu: bool

    def sentence(self, rng: random.Random, topic: Topic, district: District) -> str:
        """A sentence about the document's district and topic, or a duty of someone.

        A few sentences put the topic in italics, the duty in bold or the deadline in italics.
        """
        roll, urdu = rng.random(), self.urdu
        if roll < 0.45:
            subject = topic.ur if urdu else topic.en
            subject = f"*{subject}*" if roll < 0.08 else subject
            place = district.ur if urdu else district.en
            return rng.choice(self.facts).format(district=place, topic=subject)
        actor, action, when = (
            rng.choice(self.actors),
            rng.choice(self.actions),
            rng.choice(self.whens),
        )
        if roll > 0.9:
            action = f"**{action}**"
        elif roll > 0.82:
            when = f"*{when}*"
        if urdu:
            return f"{actor} کی نگرانی میں {when} {action}۔"
        return f"{actor} {action} {when}."

    def code_sentence(self, rng: random.Random) -> str:
        """A sentence naming a form, a field or a sheet as inline code."""
        return rng.choice(self.code).format(
            field=rng.choice(FIELDS), sheet=rng.choice(SHEETS), n=rng.randint(1, 40)
        )


ENGLISH = Phrasebook(
    actors=(
        "The field officer",
        "The district coordinator",
        "Each volunteer",
        "The union council committee",
        "The monitoring officer",
        "The finance assistant",
        "The programme manager",
        "A community mobiliser",
        "The helpline operator",
        "The school management committee",
        "The health facility in-charge",
    ),
    actions=(
        "records every request in the register",
        "checks the eligibility of each household",
        "reviews the monthly progress sheet",
        "shares the results with the community",
        "updates the list of beneficiaries",
        "confirms the budget with the finance team",
        "visits at least ten households",
        "escalates complaints that remain open",
        "collects feedback by phone",
        "checks the stock of medicines and supplies",
        "publishes the list of approved loans",
        "keeps a copy of every receipt",
        "verifies the identity card number of the applicant",
        "sends a short summary to the head office",
        "holds a meeting with local elders",
    ),
    whens=(
        "within seven days",
        "before the end of each month",
        "at the weekly review meeting",
        "in the presence of two witnesses",
        "after each distribution",
        "as soon as a request arrives",
        "during the first field visit",
        "every quarter",
        "before any payment is released",
        "on the first working day of the month",
    ),
    facts=(
        "In {district}, {topic} was long left to informal providers who charge the poor more.",
        "Most households in {district} earn their living from farming, daily wages or small shops.",
        "Money set aside for {topic} is often underspent, and what is spent is not used well.",
        "Communities judge a programme by what changes in their street, not by what a plan says.",
        "Welfare organisations fill the gap between the costly formal sector and the informal one.",
        "Trust grows when people can see where the money went and what it achieved.",
        "Women and young people are the first to suffer when {topic} fails.",
        "Petty corruption makes citizens cynical about any attempt to improve services.",
        "A feedback loop between citizens and officials lets problems be fixed before they spread.",
        "The model relies on local volunteers who know every household in {district} by name.",
        "Costs were kept low by sharing premises with the union council office.",
        "Improvements in {topic} were visible within weeks, which kept volunteers motivated.",
        "The approach can be adapted to districts other than {district} with modest changes.",
        "Data from the household survey guided where the first sites were opened.",
        "Partners were invited to fund outcomes rather than activities.",
    ),
    link=(
        "See [{text}]({path}) for the related steps.",
        "This builds on [{text}]({path}).",
        "The same approach is described in [{text}]({path}).",
        "Where the two differ, [{text}]({path}) takes precedence.",
    ),
    external=(
        "Background figures are published by the [Bureau of Statistics]({url}).",
        "The [provincial policy]({url}) sets the minimum standard.",
        "A [short training video]({url}) shows the steps in practice.",
    ),
    quotes=(
        "We used to wait months for an answer. Now the volunteer comes back within a week,",
        "When the list of loans was read out in the mosque, people stopped asking who got one,",
        "My daughter is the first girl in our family to finish primary school,",
        "The hand pump was fixed in three days. Last time it took a whole summer,",
    ),
    names=(
        "Ayesha Siddiqui",
        "Bilal Ahmed",
        "Farah Naz",
        "Imran Qureshi",
        "Sana Baloch",
        "Zainab Khan",
        "Hamza Shah",
        "Nadia Memon",
        "Usman Gondal",
        "Rabia Jatoi",
        "Kamran Yousafzai",
        "Mehwish Abbasi",
        "Tariq Mengal",
        "Saima Hunzai",
    ),
    admonitions=("Before you start", "Keep in mind", "Safeguarding", "Good practice"),
    footnotes=(
        "Household survey of the district team.",
        "Figures from the monthly returns.",
        "Minutes of the union council committee.",
        "Notes of the field visit.",
    ),
    indicators=(
        "Households reached",
        "Complaints resolved within 7 days (%)",
        "Children enrolled",
        "Loans repaid on time (%)",
        "Cost per household (PKR)",
        "Volunteers trained",
        "Water points working (%)",
    ),
    table_heads={
        "roles": ("Role", "Responsibility", "When"),
        "results": ("Indicator", "Baseline", "Latest", "Change"),
        "history": ("Version", "Date", "Change"),
    },
    code=(
        "Enter the result in the `{field}` column of the `{sheet}` sheet.",
        "Use form `FRM-{n}` and copy the `{field}` value exactly as written on the card.",
    ),
    changes=(
        "Added the eligibility check",
        "Shortened the deadline to seven days",
        "Named an owner for each step",
        "Added the data protection rules",
        "Aligned the forms with the provincial policy",
    ),
    contents="In this document",
    translation="Urdu translation",
    urdu=False,
)

URDU = Phrasebook(
    actors=(
        "فیلڈ افسر",
        "ضلعی رابطہ کار",
        "یونین کونسل کمیٹی",
        "مانیٹرنگ افسر",
        "فنانس اسسٹنٹ",
        "پروگرام منیجر",
        "کمیونٹی موبلائزر",
        "ہیلپ لائن آپریٹر",
        "اسکول مینجمنٹ کمیٹی",
    ),
    actions=(
        "ہر درخواست رجسٹر میں درج کی جاتی ہے",
        "ہر گھرانے کی اہلیت کی تصدیق کی جاتی ہے",
        "ماہانہ پیش رفت کا جائزہ لیا جاتا ہے",
        "نتائج کمیونٹی کے ساتھ شیئر کیے جاتے ہیں",
        "مستحقین کی فہرست کو تازہ کیا جاتا ہے",
        "بجٹ کی تصدیق فنانس ٹیم سے کی جاتی ہے",
        "کم از کم دس گھرانوں کا دورہ کیا جاتا ہے",
        "زیر التوا شکایات اوپر بھیجی جاتی ہیں",
        "فون کے ذریعے رائے لی جاتی ہے",
        "ادویات اور سامان کا ذخیرہ چیک کیا جاتا ہے",
        "ہر رسید کی نقل محفوظ رکھی جاتی ہے",
        "ہیڈ آفس کو مختصر رپورٹ بھیجی جاتی ہے",
    ),
    whens=(
        "سات دن کے اندر",
        "ہر مہینے کے آخر سے پہلے",
        "ہفتہ وار جائزہ اجلاس میں",
        "دو گواہوں کی موجودگی میں",
        "ہر تقسیم کے بعد",
        "درخواست موصول ہوتے ہی",
        "پہلے فیلڈ دورے کے دوران",
        "ہر سہ ماہی",
        "کسی بھی ادائیگی سے پہلے",
    ),
    facts=(
        "{district} میں {topic} کے شعبے میں بہتری کی بہت گنجائش ہے۔",
        "{topic} کے منصوبے کی کامیابی کے لیے کمیونٹی کی شمولیت بنیادی شرط ہے۔",
        "صاف پانی کی فراہمی سے بچوں میں بیماریوں کی شرح نمایاں طور پر کم ہوئی۔",
        "رضاکاروں کی تربیت ہر سہ ماہی میں کی جاتی ہے۔",
        "مالی ریکارڈ شفاف اور قابل تصدیق ہونا چاہیے۔",
        "یونین کونسل کی سطح پر ماہانہ اجلاس منعقد کیے جاتے ہیں۔",
        "بلا سود قرضوں نے چھوٹے کاروباروں کو مستحکم کیا۔",
        "خواتین کی شرکت کو یقینی بنانے کے لیے الگ نشستیں رکھی گئیں۔",
        "مقامی حکومت کے ساتھ تعاون سے لاگت میں کمی آئی۔",
        "منصوبے کا بجٹ کمیونٹی کے سامنے پیش کیا جاتا ہے۔",
        "غربت میں کمی کے لیے مقامی وسائل کا مؤثر استعمال ضروری ہے۔",
        "اس ماڈل کو {district} کے علاوہ دوسرے اضلاع میں بھی اپنایا جا سکتا ہے۔",
        "جب لوگ دیکھتے ہیں کہ پیسہ کہاں خرچ ہوا تو اعتماد بڑھتا ہے۔",
        "{district} کے زیادہ تر گھرانے کھیتی باڑی، دیہاڑی اور چھوٹی دکانوں سے روزی کماتے ہیں۔",
        "{district} میں {topic} کے لیے مختص وسائل اکثر پوری طرح خرچ نہیں ہوتے۔",
    ),
    link=(
        "مزید تفصیل کے لیے [{text}]({path}) دیکھیں۔",
        "یہ طریقہ [{text}]({path}) پر مبنی ہے۔",
        "اسی موضوع پر [{text}]({path}) بھی پڑھیں۔",
    ),
    external=(
        "اعداد و شمار [ادارہ شماریات]({url}) کی ویب سائٹ پر دستیاب ہیں۔",
        "کم از کم معیار [صوبائی پالیسی]({url}) میں درج ہے۔",
    ),
    quotes=(
        "پہلے جواب کے لیے مہینوں انتظار کرنا پڑتا تھا، اب رضاکار ایک ہفتے میں واپس آتا ہے",
        "ہمارے گاؤں میں پہلی بار صاف پانی آیا ہے",
        "میری بیٹی ہمارے خاندان کی پہلی لڑکی ہے جس نے پرائمری پاس کی",
    ),
    names=("عائشہ صدیقی", "بلال احمد", "فرح ناز", "عمران قریشی", "ثنا بلوچ", "زینب خان"),
    admonitions=("شروع کرنے سے پہلے", "یاد رکھیں", "تحفظ", "اچھا طریقہ"),
    footnotes=(
        "ضلعی ٹیم کا گھریلو سروے۔",
        "ماہانہ رپورٹوں کے اعداد و شمار۔",
        "یونین کونسل کمیٹی کے اجلاس کی کارروائی۔",
    ),
    indicators=(
        "مستفید گھرانے",
        "سات دن میں حل شدہ شکایات (%)",
        "داخل شدہ بچے",
        "بروقت واپس شدہ قرضے (%)",
        "فی گھرانہ لاگت (روپے)",
        "تربیت یافتہ رضاکار",
    ),
    table_heads={
        "roles": ("کردار", "ذمہ داری", "وقت"),
        "results": ("اشاریہ", "ابتدائی", "تازہ ترین", "تبدیلی"),
        "history": ("ورژن", "تاریخ", "تبدیلی"),
    },
    code=(
        "نتیجہ `{sheet}` شیٹ کے `{field}` کالم میں درج کریں۔",
        "فارم `FRM-{n}` استعمال کریں اور `{field}` کارڈ کے مطابق لکھیں۔",
    ),
    changes=(
        "اہلیت کی جانچ شامل کی گئی",
        "مدت کم کر کے سات دن کی گئی",
        "ہر مرحلے کا ذمہ دار مقرر کیا گیا",
        "ڈیٹا کے تحفظ کے اصول شامل کیے گئے",
    ),
    contents="اس دستاویز میں",
    translation="انگریزی متن",
    urdu=True,
)

CODE_SAMPLES = (
    (
        "yaml",
        "form: FRM-{n}\ndistrict: {district}\nfields:\n  - household_id\n"
        "  - head_of_household\n  - monthly_income_pkr\n  - visit_date",
    ),
    ("csv", "uc_code,households,visited,resolved\nUC-{n},{a},{b},{c}\nUC-{m},{b},{c},{a}"),
    (
        "text",
        "SMS to applicant:\nYour request {n} has been registered in {district}.\n"
        "Reply 1 if the problem is solved, 2 if it is not.",
    ),
)
