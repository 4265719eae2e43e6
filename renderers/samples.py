"""Short sample texts across scripts (UDHR article 1) for contact sheets, demos and tests.

They exercise what the renderer must get right: Arabic joining and RTL with digits,
Indic conjuncts, Thai/Khmer/Lao/Myanmar without spaces, CJK, Hangul, Ethiopic.
"""

from __future__ import annotations

from typing import Final

SAMPLE_TEXTS: Final[dict[str, str]] = {
    "eng_Latn": "All human beings are born free and equal in dignity and rights. They are "
    "endowed with reason and conscience and should act towards one another in a spirit "
    "of brotherhood.",
    "deu_Latn": "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit "
    "Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.",
    "vie_Latn": "Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền "
    "lợi. Mọi con người đều được tạo hóa ban cho lý trí và lương tâm.",
    "rus_Cyrl": "Все люди рождаются свободными и равными в своем достоинстве и правах. Они "
    "наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.",
    "ell_Grek": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα "
    "δικαιώματα. Είναι προικισμένοι με λογική και συνείδηση.",
    "arb_Arab": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلًا وضميرًا "
    "وعليهم أن يعامل بعضهم بعضًا بروح الإخاء. المادة 1 من الإعلان العالمي لعام 1948.",
    "urd_Arab": "تمام انسان آزاد اور حقوق و عزت کے اعتبار سے برابر پیدا ہوئے ہیں۔",
    "heb_Hebr": "כל בני אדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה "
    "ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחוה (סעיף 1, 1948).",
    "hin_Deva": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता "
    "प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से "
    "बर्ताव करना चाहिए।",
    "ben_Beng": "সমস্ত মানুষ স্বাধীনভাবে সমান মর্যাদা এবং অধিকার নিয়ে জন্মগ্রহণ করে। তাঁদের বিবেক "
    "এবং বুদ্ধি আছে; সুতরাং সকলেরই একে অপরের প্রতি ভ্রাতৃত্বসুলভ মনোভাব নিয়ে আচরণ করা উচিত।",
    "tam_Taml": "மனிதப் பிறவியினர் சகலரும் சுதந்திரமாகவே பிறக்கின்றனர்; அவர்கள் மதிப்பிலும், "
    "உரிமைகளிலும் சமமானவர்கள்.",
    "tha_Thai": "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ "
    "ต่างมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ",
    "lao_Laoo": "ມະນຸດທຸກຄົນເກີດມາມີກຽດ ແລະ ສິດເທົ່າທຽມກັນ.",
    "khm_Khmr": "មនុស្សទាំងអស់កើតមកមានសេរីភាព និងសមភាព ក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរ និងសិទ្ធិ។ "
    "មនុស្សគ្រប់រូបសុទ្ធតែមានវិចារណញ្ញាណ និងសតិសម្បជញ្ញៈ "
    "ហើយត្រូវប្រព្រឹត្តចំពោះគ្នាទៅវិញទៅមក ក្នុងស្មារតីភាតរភាពជាបងប្អូន។",
    "mya_Mymr": "လူတိုင်းသည် တူညီ လွတ်လပ်သော ဂုဏ်သိက္ခာဖြင့် လည်းကောင်း၊ "
    "တူညီလွတ်လပ်သော အခွင့်အရေးများဖြင့် လည်းကောင်း၊ မွေးဖွားလာသူများ ဖြစ်သည်။",
    "amh_Ethi": "የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው። የተፈጥሮ ማስተዋልና ሕሊና "
    "ስላለው አንዱ ሌላውን በወንድማማችነት መንፈስ መመልከት ይገባዋል።",
    "kat_Geor": "ყველა ადამიანი იბადება თავისუფალი და თანასწორი თავისი ღირსებითა და "
    "უფლებებით. მათ მინიჭებული აქვთ გონება და სინდისი.",
    "zho_Hans": "人人生而自由，在尊严和权利上一律平等。"
    "他们赋有理性和良心，并应以兄弟关系的精神相对待。",
    "zho_Hant": "人人生而自由，在尊嚴和權利上一律平等。"
    "他們賦有理性和良心，並應以兄弟關係的精神相對待。",
    "jpn_Jpan": "すべての人間は、生まれながらにして自由であり、"
    "かつ、尊厳と権利とについて平等である。"
    "人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。",
    "kor_Hang": "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. "
    "인간은 천부적으로 "
    "이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다.",
}

# Languages the contact sheet shows, one per script the issue asks a person to check.
CONTACT_SHEET_LANGS: Final = (
    "eng_Latn", "rus_Cyrl", "arb_Arab", "heb_Hebr", "hin_Deva", "ben_Beng",
    "tha_Thai", "khm_Khmr", "amh_Ethi", "zho_Hans", "jpn_Jpan", "kor_Hang",
)  # fmt: skip
