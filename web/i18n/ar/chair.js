// العربية: ما لا يحتاجه إلا المدير بعد الواجهة الأولى (يُحمَّل عند أول يد مرفوعة أو أول استطلاع، أو عند فتح إعدادات القائمة أو الاستطلاعات، أو بعد أن يتكلّم أحد، أو ما دامت الجلسة لم تبدأ): إعدادات القائمة وعلاماتها، وإدارة الاستطلاعات، وتوازن وقت الكلام، وشريط الجلسة التي لم تبدأ.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[chair]
order الترتيب
alternate بالتناوب بين القاعة والإنترنت
fifo حسب أسبقية الطلب
least_spoken الأقل كلامًا أولًا
replies الردود تأتي مباشرة بعد الدور الحالي
limit مدة الكلمة
no_limit بلا حد
minutes.zero {count} دقيقة
minutes.one دقيقة واحدة
minutes.two دقيقتان
minutes.few {count} دقائق
minutes.many {count} دقيقة
minutes.other {count} دقيقة
max_turns الأدوار لكل شخص
turns.zero {count} دور
turns.one دور واحد
turns.two دوران
turns.few {count} أدوار
turns.many {count} دورًا
turns.other {count} دور
allow_hint من رُفض طلبه بسبب حد الأدوار يمكن منحه دورًا إضافيًا.
allow_who المشارك
choose اختر…
allow اسمح بدور إضافي
allowed يمكن لـ{name} أخذ دور إضافي.
first أول مداخلة
spoken.zero عدد المداخلات: {count} ({time})
spoken.one عدد المداخلات: {count} ({time})
spoken.two عدد المداخلات: {count} ({time})
spoken.few عدد المداخلات: {count} ({time})
spoken.many عدد المداخلات: {count} ({time})
spoken.other عدد المداخلات: {count} ({time})
kind_of نوع الطلب: {name}
refuse ارفض الأولوية
new تصويت برفع الأيدي أو استطلاع جديد
kind النوع
title العنوان أو السؤال
options الخيارات (من 2 إلى 10)
option الخيار {n}
add_option أضف خيارًا
remove_option احذف
remove_option_n احذف الخيار {n}
choices عدد الاختيارات لكل شخص
single واحد
up_to حتى {n}
anonymous مجهول الهوية: لا أحد، ولا المدير، يرى من اختار ماذا
results النتائج
live تظهر مباشرة مع ورود الإجابات
held تُحجب حتى أنشرها
open_hands افتح التصويت برفع الأيدي
open_poll افتح الاستطلاع
need_title أدخل عنوانًا أو سؤالًا.
need_options املأ خيارين مختلفين على الأقل.
current مفتوح الآن: {kind}
no_tally يظهر العدّ بعد لحظة.
voters من اختار ماذا
no_voters لم يُجب أحد بعد.
count_title الأيدي المعدودة في القاعة
count_hint للحاضرين في القاعة بلا جهاز. تُعرض منفصلة ولا تُضاف أبدًا إلى الإجابات المعدودة.
count_save احفظ العدّ
close أغلق
publish انشر النتائج
past في وقت سابق من هذه الجلسة
none لا تصويت ولا استطلاع بعد في هذه الجلسة.
anonymous_short مجهول الهوية
named_short بالأسماء
live_short النتائج مباشرة
held_short النتائج محجوبة
published_short النتائج منشورة
closed_at أُغلق في {time}
[balance]
title التوازن: وقت الكلام مقابل الحضور
gini التوازن بين فئات أصحاب المصلحة: {g} (0: تكلّمت كل فئة بقدر عددها؛ نحو 1: استأثرت فئة واحدة بالوقت)
gini_none التوازن بين فئات أصحاب المصلحة: ليس بعد (لم يتكلّم أحد، أو الحاضر أقل من فئتين)
ratio_hint حصة وقت الكلام على حصة الأشخاص: 1 متناسب، وأقل من 1 أقل، وأكثر من 1 أكثر.
ratio {group} {ratio}
by_mode حسب طريقة المشاركة: {list}
by_group حسب فئة أصحاب المصلحة: {list}
by_region حسب المجموعة الإقليمية: {list}
[notlive]
label الجلسة لم تبدأ
title لم تبدأ هذه الجلسة.
until حتى ذلك الحين تعمل الدردشة والأسئلة ورفع الأيدي؛ وتبدأ الترجمة النصية عندما تبدأ الجلسة.
start ابدأ الآن
start_confirm اضغط مرة أخرى لبدء الجلسة للجميع
passed مضى موعدها المقرر، لذا لن تبدأ تلقائيًا.
auto تبدأ تلقائيًا {at} ({zone}).
auto_both تبدأ تلقائيًا {at} ({zone}؛ {yours} بتوقيتك).
auto_yours تبدأ تلقائيًا {at} بتوقيتك ({zone}).
`;
