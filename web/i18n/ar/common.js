// العربية: ما تعرضه كل واجهة (الرأس، رموز البروتوكول، الأوقات، واللوحات
// المشتركة بين جميع الأدوار). تُعرض من اليمين إلى اليسار.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[common]
ordinal.other رقم {n}
skip انتقل إلى المحتوى الرئيسي
language اللغة
dismiss إغلاق
name {name}
you_name {name} (أنت)
speaker {name} ({mode})
action_on {action}: {what}
clock {m}:{s}
online_room عبر الإنترنت
onsite في القاعة
remote عبر الإنترنت
group فئة أصحاب المصلحة
region المجموعة الإقليمية
settings إعدادات العرض
[connection]
connecting جارٍ الاتصال…
open متصل
reconnecting انقطع الاتصال. إعادة الاتصال {wait}. ما تكتبه محفوظ وسيُرسل عند العودة.
[header]
doc_title {title} · hybridhub
ended انتهت هذه الجلسة
live_news بدأت الجلسة.
ended_news انتهت الجلسة.
presence المشاركون: {count} ({onsite} في القاعة، {remote} عبر الإنترنت)
announcement إعلان: {text}
[role]
participant أصبحت الآن مشاركًا في هذه الجلسة.
captioner أصبحت الآن كاتب ترجمة نصية في هذه الجلسة.
moderator أصبحت الآن مديرًا لهذه الجلسة.
[group]
government الحكومة
private_sector القطاع الخاص
civil_society المجتمع المدني
technical_community المجتمع التقني
intergovernmental المنظمات الحكومية الدولية
academia الأوساط الأكاديمية
other أخرى
unspecified أفضّل عدم الإفصاح
[region]
african مجموعة الدول الأفريقية
asia_pacific مجموعة دول آسيا والمحيط الهادئ
eastern_european مجموعة دول أوروبا الشرقية
latin_american_caribbean مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي
western_european_others مجموعة دول أوروبا الغربية ودول أخرى
unspecified أفضّل عدم الإفصاح
[mode]
onsite في القاعة
remote عبر الإنترنت
[state]
scheduled مجدولة
live مباشرة
ended منتهية
[times]
span {day}، {start}–{end}
span_hours {start}–{end}
span_days {day}، {start} – {endDay}، {end}
day_time {day}، {time}
in_zone {span} ({zone})
and_yours {here} ({yours} بتوقيتك)
yours_only {span} بتوقيتك ({zone})
at الساعة {time}
on_at يوم {day} الساعة {time}
not_started لم تبدأ: كانت مقررة في {when}
starts تبدأ {at} ({zone})
starts_both تبدأ {at} ({zone}؛ {yours} بتوقيتك)
starts_yours تبدأ {at} بتوقيتك ({zone})
[floor]
label الكلمة
time_left_label الوقت المتبقي للكلمة
left المتبقي {time}
time_up انتهى الوقت
your_time_up انتهى وقت كلمتك.
end_turn إنهاء هذه الكلمة
done انتهيت من الكلام
open_meeting افتح الاجتماع
go_to_mic توجّه إلى الميكروفون في القاعة.
unmute شغّل الميكروفون في الاجتماع:
unmute_said شغّل الميكروفون في الاجتماع، عبر رابط «افتح الاجتماع» في هذه الصفحة. {instructions}
over انتهت الجلسة
nobody لا أحد يتكلم الآن
yours الكلمة لك
yours_said الكلمة لك. {todo}
has_floor الكلمة الآن لـ {name} ({mode})
turn_ended انتهت الكلمة
waiting في انتظار الكلمة: {count}.
[kinds]
speak طلب الكلمة
reply رد على المتحدث
question سؤال
point_of_order نقطة نظام
with_priority {kind} (أولوية)
[captions]
title الترجمة النصية
language لغة الترجمة النصية
lines أسطر الترجمة النصية
scrollable الترجمة النصية، قابلة للتمرير
jump انتقل إلى الترجمة المباشرة
pause إيقاف مؤقت
resume متابعة
new_lines.zero لا أسطر جديدة
new_lines.one سطر جديد واحد
new_lines.two سطران جديدان
new_lines.few {count} أسطر جديدة
new_lines.many {count} سطرًا جديدًا
new_lines.other {count} سطر جديد
not_live تبدأ الترجمة النصية عندما تبدأ الجلسة.
empty تظهر الترجمة النصية هنا عندما يبدأ الكاتب بالكتابة.
[chat]
badge.moderator مدير
badge.captioner كاتب ترجمة نصية
title الدردشة
messages رسائل الدردشة
input رسالة
unsent رسائل لم تُرسل بعد
empty لا رسائل بعد.
keys Enter للإرسال. Shift+Enter لسطر جديد.
submit إرسال
remove حذف
remove_confirm اضغط مرة أخرى للحذف
remove_label حذف رسالة {name}: {text}
said الدردشة، {name}: {text}
ended انتهت الجلسة؛ الدردشة للقراءة فقط.
locked الدردشة مقفلة: يكتب المديرون فقط.
slow الوضع البطيء: رسالة واحدة كل {count} ثانية.
[questions]
title الأسئلة
by_votes الأكثر تأييدًا
newest الأحدث
sort الترتيب
closed الأسئلة المُجاب عنها والمستبعدة
fold المُجاب عنها والمستبعدة ({count})
none لا أسئلة بعد.
none_open لا أسئلة مفتوحة.
pending بانتظار المدير
approved مفتوح
answering تجري الإجابة عنه الآن
answered أُجيب عنه
dismissed مستبعد
meta {name} ({mode}) · {votes} · {status}
meta_mine أنت ({mode}) · {votes} · {status}
votes الأصوات: {count}
reason السبب: {reason}
no_reason لم يُذكر
already_voted سبق أن أيّدت هذا السؤال.
[unsent]
waiting لم تُرسل بعد: ستُرسل عند عودتك إلى الاتصال.
sending جارٍ الإرسال…
failed لم تُرسل: {reason}
slow_over لم تُرسل بسبب الوضع البطيء. يمكنك إرسالها الآن: إعادة المحاولة.
retry إعادة المحاولة
discard تجاهل
[links]
new_tab (يُفتح في علامة تبويب جديدة)
[transcript]
title النص المكتوب:
text نص
`;
