from __future__ import annotations

import pytest

from bilingual.lang import arabic_script_language, detect_language, detect_restricted


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Comments", "en"),  # unrestricted langdetect says fr
        ("Read More:", "en"),
        ("Back to top button", "en"),
        ("استمرار تواجد داعش لأشهر طويلة في الحدود السورية مع العراق", "ar"),
        ("این یک متن فارسی است که برای آزمایش نوشته شده و باید فارسی تشخیص داده شود", "fa"),
        ("یہ ایک اردو جملہ ہے جو جانچ کے لیے لکھا گیا ہے اور اسے اردو ہونا چاہیے", "ur"),
        ("Hello and welcome, مرحبا بكم في العالم كله, hello world again", "mixed"),
        ("@Qais_alkhazali 2019 https://t.co/x", "und"),
        # Text that is nothing but hashtags is in its hashtags' language (underscores join the words).
        ("#لن_تقودي_لن_تقودي", "ar"),
        ("@Qais_alkhazali https://t.co/x #لن_تقودي", "ar"),
        ("#Lebanon #YouStink", "en"),
        # Egyptian with two letters only Arabic writes (ك ي) and none of Persian's: langdetect said fa
        ("مش هاعرفك تاني", "ar"),
        ("این کتاب خیلی خوب است", "fa"),
        ("١٢٣ ... !!", "und"),
        (
            "Le président de la République a déclaré mardi que le gouvernement allait présenter "
            "une nouvelle loi sur les retraites au parlement dans les prochains mois.",
            "fr",
        ),
        ("The minister, who spoke in Amman, said the bridge will open in June. #Jordan @MoT", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_arabic_fast_path_agrees_with_langdetect(bukhari: list[dict]) -> None:
    """The letter fast path must give what restricted langdetect gives on real Arabic text."""
    texts = [h["arabic"] for h in bukhari[:300:3]]
    for t in texts:
        assert arabic_script_language(t) == "ar"
        assert detect_restricted(" ".join(t.split()[:60]))[0] == "ar"


def test_langdetect_is_deterministic() -> None:
    t = "سلام دوستان من امروز به بازار رفتم"
    assert len({detect_restricted(t + " " * i)[0] for i in range(5)}) == 1
