// العربية: لوحات المشارك (اليد، الحاضرون، علامات التبويب على الهاتف).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[hand]
title اطلب الكلمة
hint الأيدي المرفوعة عبر الإنترنت وفي القاعة تنتظر في قائمة واحدة. عندما يمنحك المدير الكلمة، ستخبرك هذه الصفحة.
raise_mine ارفع يدي
lower_mine أنزل يدي
how_room عندما تُمنح الكلمة، توجّه إلى الميكروفون في القاعة.
how_meeting عندما تُمنح الكلمة، تتحدث في الاجتماع (يفتحه «{link}»).
ended انتهت الجلسة: لم يعد ممكنًا رفع اليد.
place ترتيبك في قائمة الانتظار: {position}
place_held ترتيبك في قائمة الانتظار: {position} (مكانك محفوظ أثناء إعادة الاتصال)
place_kept ترتيبك في قائمة الانتظار: {position} (حُفظ مكانك أثناء انقطاعك)
nobody لا أحد ينتظر الكلمة.
down أنزلت يدك. {status}
closed قائمة الانتظار مغلقة حاليًا.
what الغرض
topic الموضوع (اختياري)
mine طلبك: {kind}
mine_topic طلبك: {kind} · {topic}
allowed سمح لك المدير بدور إضافي: يمكنك رفع يدك مرة أخرى.
[people]
title الحاضرون
taking_part المشاركون
hubs المراكز عن بُعد
hub_count {hubs} (الأشخاص: {count})
staff أعضاء الفريق الحاضرون أيضًا (مديرون وكتّاب ترجمة نصية)، غير محسوبين أعلاه: {count}.
you أنت
when الموعد
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · مركز عن بُعد «{hub}» (الأشخاص: {count})
[ask]
yours سؤالك
ask اسأل
upvotable يمكن للآخرين تأييد سؤالك.
premoderated يوافق المدير على الأسئلة قبل أن يراها الآخرون.
ended انتهت الجلسة: الأسئلة مغلقة.
unsent أسئلة لم تُرسل بعد
upvote تأييد
upvoted تم التأييد
[where]
nav الاستماع والمشاهدة والتحدث
watch شاهد واستمع
speak تحدّث في الاجتماع
[tabs]
label المشاركة
hand اليد
spoken ، {spoken}
new_messages رسائل جديدة: {count}
new_questions أسئلة جديدة: {count}
hand_up يدك مرفوعة، ترتيبك {position}
`;
