// العربية: التصويت برفع الأيدي والاستطلاعات، لكل من يراها (تُحمَّل مع أول استطلاع؛ وشاشة القاعة تحمّلها عند البدء).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[polls]
show_of_hands تصويت برفع الأيدي
poll استطلاع
raise_hand أرفع يدي
do_not_raise_hand لا أرفع يدي
open مفتوح
closed مغلق
final النتيجة النهائية
in_room {count} في القاعة
online {count} عبر الإنترنت
in_hubs {count} في المراكز عن بُعد
not_answered حاضرون لم يجيبوا
chair عدّ المدير في القاعة: {count}
summary أجاب {answered} من {present} حاضرًا
breakdown حسب فئة أصحاب المصلحة والمجموعة الإقليمية
by_group فئة أصحاب المصلحة
by_region المجموعة الإقليمية
held_back تظهر النتائج عندما ينشرها المدير.
choose_one اختر إجابة واحدة.
choose_up_to اختر حتى {n} إجابات.
choose_first اختر إجابة أولًا.
send أرسل إجابتي
change غيّر إجابتي
yours_open إجابتك: {answer}. يمكنك تغييرها ما دام الاستطلاع مفتوحًا.
yours إجابتك: {answer}.
hub_ask.zero كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask.one كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask.two كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask.few كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask.many كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask.other كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ المجموع {count} على الأكثر.
hub_ask_each.zero كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_ask_each.one كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_ask_each.two كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_ask_each.few كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_ask_each.many كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_ask_each.other كم شخصًا في مركزك (العدد: {count}) اختار كل إجابة؟ كل عدد {count} على الأكثر.
hub_sum مجموع الأعداد يتجاوز {count}، وهو عدد أفراد المركز.
hub_each أحد الأعداد يتجاوز {count}، وهو عدد أفراد المركز.
hub_whole أدخل أعدادًا صحيحة، صفرًا أو أكثر.
hub_send أرسل عدّ المركز
count_of {answer}: {count}
hub_sent أُرسل: {counts}. يمكنك تغييره ما دام الاستطلاع مفتوحًا.
opened_news {kind} مفتوح: {title}
closed_news {kind} مغلق: {title}
published_news نُشرت النتائج: {title}
answer_here أجب من هاتفك أو حاسوبك، في صفحة هذه الجلسة.
answer_held أجب من هاتفك أو حاسوبك، في صفحة هذه الجلسة. تظهر النتائج عندما ينشرها المدير.
`;
