"""Realistic sample sentences per language, used by `make pdf-samples` and the tests.

They mix what real pages mix: Latin words and German addresses inside right-to-left
sentences, dates, times, phone numbers, Persian digits, a zero width non-joiner (Farsi
"نمی‌توانید"), Pashto letters without presentation forms (ټ ړ ښ ګ ځ ې), Ethiopic punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleText:
    language: str
    name_de: str  # the language's German name
    heading: str
    paragraphs: tuple[str, ...]
    bring: tuple[str, ...]  # "please bring" list
    table_header: tuple[str, str, str, str]
    table_rows: tuple[tuple[str, str, str, str], ...]
    notice: str  # machine-translation notice
    bring_heading: str = ""
    table_heading: str = ""


GERMAN = SampleText(
    language="de",
    bring_heading="Bitte mitbringen",
    table_heading="Terminübersicht",
    name_de="Deutsch",
    heading="Willkommen in Musterstadt",
    paragraphs=(
        "Ihr Termin beim Jobcenter ist am 12.03.2026 um 10:30 Uhr. "
        "Adresse: Musterstraße 12, 12345 Musterstadt, Raum 2.14.",
        "Bitte bringen Sie Ihren Pass, Ihr Aufenthaltspapier und Ihre "
        "Krankenversicherungskarte mit. Wenn Sie nicht kommen können, rufen Sie bitte "
        "vorher an: 0123 456789.",
        "Die Beratung ist kostenlos. Eine Dolmetscherin ist gebucht.",
    ),
    bring=("Pass oder Passersatz", "Aufenthaltspapier", "Krankenversicherungskarte"),
    table_header=("Datum", "Uhrzeit", "Stelle", "Ergebnis"),
    table_rows=(
        ("02.03.2026", "09:00", "Ausländerbehörde", "Aufenthalt verlängert bis 01.09.2026"),
        ("12.03.2026", "10:30", "Jobcenter", "Antrag auf Bürgergeld abgeben"),
    ),
    notice="Hinweis: Die Übersetzung wurde maschinell erstellt und nicht geprüft. "
    "Im Zweifel gilt der deutsche Text.",
)

SAMPLES: dict[str, SampleText] = {
    "ar": SampleText(
        language="ar",
        bring_heading="يرجى إحضار",
        table_heading="مواعيدكم",
        name_de="Arabisch",
        heading="أهلاً وسهلاً بكم في موسترشتات",
        paragraphs=(
            "موعدكم في Jobcenter يوم 12.03.2026 الساعة 10:30. "
            "العنوان: Musterstraße 12, 12345 Musterstadt، الغرفة 2.14.",
            "يرجى إحضار جواز السفر ووثيقة الإقامة وبطاقة التأمين الصحي. "
            "إذا لم تتمكنوا من الحضور، يرجى الاتصال مسبقاً على الرقم 0123 456789.",
            "الاستشارة مجانية. تم حجز مترجمة.",
        ),
        bring=("جواز السفر أو بديل جواز السفر", "وثيقة الإقامة", "بطاقة التأمين الصحي"),
        table_header=("التاريخ", "الوقت", "الجهة", "النتيجة"),
        table_rows=(
            ("02.03.2026", "09:00", "Ausländerbehörde", "تم تمديد الإقامة حتى 01.09.2026"),
            ("12.03.2026", "10:30", "Jobcenter", "تقديم طلب Bürgergeld"),
        ),
        notice="ملاحظة: تمت هذه الترجمة آلياً ولم تتم مراجعتها. في حال الشك يُعتمد النص الألماني.",
    ),
    "fa": SampleText(
        language="fa",
        bring_heading="لطفاً همراه بیاورید",
        table_heading="فهرست قرارها",
        name_de="Farsi",
        heading="به موسترشتات خوش آمدید",
        paragraphs=(
            "وقت ملاقات شما در Jobcenter روز ۱۲.۰۳.۲۰۲۶ ساعت ۱۰:۳۰ است. "
            "نشانی: Musterstraße 12, 12345 Musterstadt، اتاق 2.14.",
            "لطفاً گذرنامه، مدرک اقامت و کارت بیمه درمانی خود را همراه بیاورید. "
            "اگر نمی‌توانید بیایید، لطفاً از قبل با شماره 0123 456789 تماس بگیرید.",
            "مشاوره رایگان است. یک مترجم رزرو شده است.",
        ),
        bring=("گذرنامه یا جایگزین گذرنامه", "مدرک اقامت", "کارت بیمه درمانی"),
        table_header=("تاریخ", "ساعت", "اداره", "نتیجه"),
        table_rows=(
            ("۰۲.۰۳.۲۰۲۶", "۰۹:۰۰", "Ausländerbehörde", "اقامت تا ۰۱.۰۹.۲۰۲۶ تمدید شد"),
            ("۱۲.۰۳.۲۰۲۶", "۱۰:۳۰", "Jobcenter", "تحویل درخواست Bürgergeld"),
        ),
        notice="توجه: این ترجمه به صورت ماشینی انجام شده و بررسی نشده است. "
        "در صورت تردید، متن آلمانی معتبر است.",
    ),
    "ps": SampleText(
        language="ps",
        bring_heading="مهرباني وکړئ له ځانه سره راوړئ",
        table_heading="د ملاقاتونو لیست",
        name_de="Paschtu",
        heading="موسترشتات ته ښه راغلاست",
        paragraphs=(
            "ستاسو ملاقات په Jobcenter کې د ۱۲.۰۳.۲۰۲۶ په نېټه د ۱۰:۳۰ بجو دی. "
            "پته: Musterstraße 12, 12345 Musterstadt، کوټه 2.14.",
            "مهرباني وکړئ خپل پاسپورټ، د اوسېدو سند او د روغتیا بیمې کارت له ځانه سره راوړئ. "
            "که نشئ راتلای، مخکې له مخکې په 0123 456789 شمېره زنګ ووهئ.",
            "مشوره وړیا ده. ژباړونکی ګمارل شوی دی.",
        ),
        bring=("پاسپورټ یا د پاسپورټ بدیل", "د اوسېدو سند", "د روغتیا بیمې کارت"),
        table_header=("نېټه", "وخت", "اداره", "پایله"),
        table_rows=(
            ("۰۲.۰۳.۲۰۲۶", "۰۹:۰۰", "Ausländerbehörde", "اوسېدل تر ۰۱.۰۹.۲۰۲۶ پورې وغځول شول"),
            ("۱۲.۰۳.۲۰۲۶", "۱۰:۳۰", "Jobcenter", "د Bürgergeld غوښتنلیک ورکول"),
        ),
        notice="یادونه: دا ژباړه په ماشیني ډول شوې او نه ده کتل شوې. "
        "د شک په صورت کې آلماني متن معتبر دی.",
    ),
    "ti": SampleText(
        language="ti",
        bring_heading="በጃኹም ሒዝኩም ምጹ",
        table_heading="ዝርዝር ቆጸራታት",
        name_de="Tigrinya",
        heading="ናብ ሙስተርሽታት እንቋዕ ብደሓን መጻእኩም",
        paragraphs=(
            "ቆጸራኹም ኣብ Jobcenter ብ 12.03.2026 ሰዓት 10:30 እዩ። "
            "ኣድራሻ፦ Musterstraße 12, 12345 Musterstadt፣ ክፍሊ 2.14።",
            "በጃኹም ፓስፖርትኩም፣ ናይ መንበሪ ሰነድኩምን ካርድ ናይ ሕክምና ውሕስነትኩምን ሒዝኩም ምጹ። "
            "ክትመጹ እንተዘይክኢልኩም፣ ኣቐዲምኩም ብ 0123 456789 ደውሉ።",
            "እቲ ምኽሪ ብነጻ እዩ። ተርጓሚት ተሓጺዛ ኣላ።",
        ),
        bring=("ፓስፖርት ወይ ተካኢ ፓስፖርት", "ሰነድ መንበሪ", "ካርድ ሕክምና ውሕስነት"),
        table_header=("ዕለት", "ሰዓት", "ቤት ጽሕፈት", "ውጽኢት"),
        table_rows=(
            ("02.03.2026", "09:00", "Ausländerbehörde", "መንበሪ ክሳብ 01.09.2026 ተናዊሑ"),
            ("12.03.2026", "10:30", "Jobcenter", "ሕቶ Bürgergeld ምቕራብ"),
        ),
        notice="መዘኻኸሪ፦ እዚ ትርጉም ብማሽን እዩ ተሰሪሑ፣ ኣይተመርመረን። ጥርጣረ እንተሎ ናይ ጀርመን ጽሑፍ ይሰርሕ።",
    ),
    "uk": SampleText(
        language="uk",
        bring_heading="Візьміть із собою",
        table_heading="Огляд зустрічей",
        name_de="Ukrainisch",
        heading="Ласкаво просимо до Мустерштадта",
        paragraphs=(
            "Ваша зустріч у Jobcenter відбудеться 12.03.2026 о 10:30. "
            "Адреса: Musterstraße 12, 12345 Musterstadt, кімната 2.14.",
            "Будь ласка, візьміть із собою паспорт, документ про перебування та картку "
            "медичного страхування. Якщо ви не можете прийти, будь ласка, зателефонуйте "
            "заздалегідь: 0123 456789.",
            "Консультація безкоштовна. Перекладачку замовлено.",
        ),
        bring=(
            "Паспорт або документ, що його замінює",
            "Документ про перебування",
            "Картка медичного страхування",
        ),
        table_header=("Дата", "Час", "Установа", "Результат"),
        table_rows=(
            ("02.03.2026", "09:00", "Ausländerbehörde", "Перебування продовжено до 01.09.2026"),
            ("12.03.2026", "10:30", "Jobcenter", "Подати заяву на Bürgergeld"),
        ),
        notice="Примітка: переклад виконано автоматично й не перевірено. "
        "У разі сумнівів чинним є німецький текст.",
    ),
}
