"""Notices shown to the newcomer above a page, written in the reader's own language.

They are part of the content, not of the UI: the reader may not read the counsellor's UI
language, and the printed folder carries them too. `{requested}` and `{shown}` are language
names (in the reader's language); the sentences avoid grammatical case around them.
"""

from __future__ import annotations

from enum import StrEnum

from willkommensordner.content.languages import fallback_chain, name_in, normalize


class Notice(StrEnum):
    FALLBACK = "fallback"
    MACHINE_MADE = "machine-made"
    OUTDATED = "outdated"


_TEXTS: dict[str, dict[Notice, str]] = {
    "de": {
        Notice.FALLBACK: "Diese Seite gibt es noch nicht in Ihrer Sprache ({requested}). "
        "Angezeigte Sprache: {shown}.",
        Notice.MACHINE_MADE: "Dieser Text wurde maschinell übersetzt und noch nicht von einem "
        "Menschen geprüft. Im Zweifel gilt der deutsche Text.",
        Notice.OUTDATED: "Der deutsche Originaltext wurde nach dieser Übersetzung geändert. "
        "Die Übersetzung ist vielleicht nicht mehr aktuell.",
    },
    "en": {
        Notice.FALLBACK: "This page is not yet available in your language ({requested}). "
        "Language shown: {shown}.",
        Notice.MACHINE_MADE: "This text was translated by machine and has not yet been checked "
        "by a person. If in doubt, the German text applies.",
        Notice.OUTDATED: "The German original of this page has changed since it was translated. "
        "This translation may be out of date.",
    },
    "ar": {
        Notice.FALLBACK: "هذه الصفحة غير متوفرة بعد بلغتك ({requested}). اللغة المعروضة: {shown}.",
        Notice.MACHINE_MADE: "تُرجم هذا النص آليًا ولم يراجعه إنسان بعد. "
        "في حال الشك، يُعتمد النص الألماني.",
        Notice.OUTDATED: "تغيّر النص الألماني الأصلي لهذه الصفحة بعد ترجمتها. "
        "قد لا تكون هذه الترجمة محدّثة.",
    },
    "fa": {
        Notice.FALLBACK: "این صفحه هنوز به زبان شما ({requested}) موجود نیست. زبان نمایش: {shown}.",
        Notice.MACHINE_MADE: "این متن به‌صورت ماشینی ترجمه شده و هنوز توسط انسان بررسی نشده است. "
        "در صورت تردید، متن آلمانی معتبر است.",
        Notice.OUTDATED: "متن اصلی آلمانی این صفحه پس از ترجمه تغییر کرده است. "
        "ممکن است این ترجمه دیگر به‌روز نباشد.",
    },
    "ps": {
        Notice.FALLBACK: "دا پاڼه لا تر اوسه ستاسو په ژبه ({requested}) نشته. "
        "ښودل شوې ژبه: {shown}.",
        Notice.MACHINE_MADE: "دا متن د ماشین له لارې ژباړل شوی او لا تر اوسه د کوم انسان له خوا "
        "نه دی کتل شوی. د شک په صورت کې الماني متن اعتبار لري.",
        Notice.OUTDATED: "د دې پاڼې اصلي الماني متن له ژباړې وروسته بدل شوی دی. "
        "کېدای شي دا ژباړه نوره تازه نه وي.",
    },
    "uk": {
        Notice.FALLBACK: "Ця сторінка ще недоступна вашою мовою ({requested}). "
        "Мова показу: {shown}.",
        Notice.MACHINE_MADE: "Цей текст перекладено машинним способом, і людина його ще не "
        "перевірила. У разі сумнівів чинним є німецький текст.",
        Notice.OUTDATED: "Німецький оригінал цієї сторінки змінився після перекладу. "
        "Переклад може бути неактуальним.",
    },
    "ru": {
        Notice.FALLBACK: "Эта страница пока недоступна на вашем языке ({requested}). "
        "Язык показа: {shown}.",
        Notice.MACHINE_MADE: "Этот текст переведён машинным способом и ещё не проверен "
        "человеком. В случае сомнений действует немецкий текст.",
        Notice.OUTDATED: "Немецкий оригинал этой страницы изменился после перевода. "
        "Перевод может быть устаревшим.",
    },
    "tr": {
        Notice.FALLBACK: "Bu sayfa henüz sizin dilinizde ({requested}) mevcut değil. "
        "Gösterilen dil: {shown}.",
        Notice.MACHINE_MADE: "Bu metin makine ile çevrilmiştir ve henüz bir insan tarafından "
        "kontrol edilmemiştir. Şüphe durumunda Almanca metin geçerlidir.",
        Notice.OUTDATED: "Bu sayfanın Almanca aslı çeviriden sonra değişti. "
        "Bu çeviri artık güncel olmayabilir.",
    },
    "ti": {
        Notice.FALLBACK: "እዚ ገጽ ብቋንቋኹም ({requested}) ገና የለን። ዝቐረበ ቋንቋ፦ {shown}።",
        Notice.MACHINE_MADE: "እዚ ጽሑፍ ብማሽን እዩ ተተርጒሙ፣ ገና ብሰብ ኣይተመርመረን። "
        "ጥርጣረ እንተልዩ፣ እቲ ብጀርመንኛ ዘሎ ጽሑፍ እዩ ዝሰርሕ።",
        Notice.OUTDATED: "እቲ ብጀርመንኛ ዘሎ መበቆል ናይዚ ገጽ ድሕሪ ትርጉም ተቐይሩ እዩ። "
        "እዚ ትርጉም ሕጂ ዘይተሓደሰ ክኸውን ይኽእል እዩ።",
    },
    "ku": {
        Notice.FALLBACK: "Ev rûpel hêj bi zimanê we ({requested}) tune ye. "
        "Zimanê ku tê nîşandan: {shown}.",
        Notice.MACHINE_MADE: "Ev nivîs bi makîneyê hatiye wergerandin û hêj ji aliyê mirovekî ve "
        "nehatiye kontrolkirin. Di rewşa gumanê de nivîsa almanî derbasdar e.",
        Notice.OUTDATED: "Nivîsa orîjînal a almanî ya vê rûpelê piştî wergerê hatiye guhertin. "
        "Dibe ku ev werger êdî ne rojane be.",
    },
    "ro": {
        Notice.FALLBACK: "Această pagină nu este încă disponibilă în limba dumneavoastră "
        "({requested}). Limba afișată: {shown}.",
        Notice.MACHINE_MADE: "Acest text a fost tradus automat și nu a fost încă verificat de o "
        "persoană. În caz de îndoială, este valabil textul german.",
        Notice.OUTDATED: "Textul original german al acestei pagini s-a schimbat după traducere. "
        "Este posibil ca această traducere să nu mai fie actuală.",
    },
    "bg": {
        Notice.FALLBACK: "Тази страница все още не е налична на вашия език ({requested}). "
        "Показан език: {shown}.",
        Notice.MACHINE_MADE: "Този текст е преведен машинно и все още не е проверен от човек. "
        "При съмнение важи немският текст.",
        Notice.OUTDATED: "Немският оригинал на тази страница е променен след превода. "
        "Възможно е преводът вече да не е актуален.",
    },
    "sq": {
        Notice.FALLBACK: "Kjo faqe nuk është ende e disponueshme në gjuhën tuaj ({requested}). "
        "Gjuha e shfaqur: {shown}.",
        Notice.MACHINE_MADE: "Ky tekst është përkthyer me makinë dhe ende nuk është kontrolluar "
        "nga një person. Në rast dyshimi, vlen teksti në gjermanisht.",
        Notice.OUTDATED: "Teksti origjinal në gjermanisht i kësaj faqeje ka ndryshuar pas "
        "përkthimit. Ky përkthim mund të mos jetë më i përditësuar.",
    },
    "fr": {
        Notice.FALLBACK: "Cette page n'est pas encore disponible dans votre langue "
        "({requested}). Langue affichée : {shown}.",
        Notice.MACHINE_MADE: "Ce texte a été traduit automatiquement et n'a pas encore été "
        "vérifié par une personne. En cas de doute, le texte allemand fait foi.",
        Notice.OUTDATED: "L'original allemand de cette page a été modifié depuis la traduction. "
        "Cette traduction n'est peut-être plus à jour.",
    },
}


def notice_languages() -> frozenset[str]:
    return frozenset(_TEXTS)


def notice_text(notice: Notice, reader: str, requested: str = "", shown: str = "") -> str:
    """The notice in the reader's language (or the nearest one along its fallback chain)."""
    for lang in fallback_chain(normalize(reader)):
        if lang in _TEXTS:
            template = _TEXTS[lang][notice]
            # Names in the language the notice is written in, so a sentence never mixes two.
            # format_map, not format: the catalog extractor reads `format(` as a translation call.
            return template.format_map(
                {
                    "requested": name_in(requested, lang) if requested else "",
                    "shown": name_in(shown, lang) if shown else "",
                }
            )
    raise AssertionError("the fallback chain always ends in German")  # pragma: no cover
