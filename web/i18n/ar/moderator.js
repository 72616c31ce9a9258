// العربية: لوحات المدير (قائمة المتحدثين، الحاضرون، الإنصاف، التحكم في الجلسة).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[queue]
title قائمة المتحدثين
empty لا أحد ينتظر.
not_asked لم يُسأل
add_title أضف متحدثًا في القاعة
name الاسم
add أضف إلى القائمة
open القائمة مفتوحة
settings إعدادات القائمة
lower_every أنزل كل الأيدي
grant امنح الكلمة
up لأعلى
down لأسفل
lower_one أنزل
entry الطلب {n}
room_name القاعة: {name}
raised رُفعت اليد {when}
held انقطع الاتصال، المكان محفوظ
[pollpanel]
title الاستطلاعات والتصويت برفع الأيدي
start تصويت برفع الأيدي أو استطلاع جديد
[modq]
premoderate وافق على الأسئلة قبل عرضها
approve موافقة
answering تجري الإجابة الآن
answered أُجيب عنه
dismiss استبعاد
reason السبب (اختياري)
reason_for سبب الاستبعاد: {what}
[roster]
title الحاضرون على الإنترنت
staff الفريق
participants المشاركون
none لا مشاركين متصلين.
participant مشارك
captioner كاتب ترجمة نصية
moderator مدير
participant_role مشارك
captioner_role كاتب ترجمة نصية
moderator_role مدير
display شاشة القاعة
display_name شاشة القاعة
role_of دور {name}
remove إخراج
remove_confirm اضغط مرة أخرى لإخراج {name}
remove_label إخراج {name}
ban حظر
ban_confirm اضغط مرة أخرى لحظر {name}
ban_label حظر {name} وإخراجه
hub مركز (الأشخاص: {count})
hub_unconfirmed مركز يذكر أن عدده {count}، ويُحسب شخصًا واحدًا حتى التأكيد
hub_confirm تأكيد {count}
hub_confirm_label تأكيد {count}: {name}
count المتصلون: {count} (الفريق: {staff}، {participants})
participant_count المشاركون: {count}
[equity]
title الإنصاف: القاعة والإنترنت
caption مقارنة بين القاعة والإنترنت
figure المؤشر
people المشاركون
hands الأيدي المرفوعة
turns مُنحوا الكلمة
minutes دقائق الكلام
wait الانتظار الوسيط (ث)
waiting ما زالوا ينتظرون
asked الأسئلة المطروحة
answered الأسئلة المُجاب عنها
updated حُدِّث في {time}
[controls]
title التحكم في الجلسة
chat_open مفتوحة للجميع
chat_slow الوضع البطيء
chat_locked المديرون فقط
slow_seconds الثواني بين الرسائل في الوضع البطيء
announcement إعلان
pin تثبيت
unpin إلغاء التثبيت
display افتح شاشة القاعة
display_hint (على هذا الحاسوب؛ ولحاسوب آخر اطلب رابط شاشة من المنظِّم)
report نزّل تقرير الإنصاف (CSV)
end أنهِ الجلسة
end_confirm اضغط مرة أخرى لإنهاء الجلسة للجميع
`;
