// العربية: صفحة الانضمام إلى جلسة.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[join]
title الانضمام إلى جلسة
doc_title الانضمام إلى جلسة · hybridhub
invite_moderator رابط الدعوة هذا يجعلك مديرًا للجلسة.
invite_captioner رابط الدعوة هذا يجعلك كاتب ترجمة نصية في الجلسة.
invite_display رابط الدعوة هذا مخصص لشاشة القاعة في الجلسة.
load_failed تعذّر تحميل الجلسات. تحقّق من اتصالك وأعد تحميل الصفحة.
shared على حاسوب مشترك؟
shared_hint يتذكر هذا المتصفح اسمك واختياراتك وروابط دعوتك. احذفها عند المغادرة.
forget انسني على هذا الجهاز
forgotten تم الحذف. أعد تحميل الصفحة لتبدأ من جديد.
live_now مباشرة الآن
later لاحقًا
session الجلسة
no_sessions لا جلسات بعد.
name اسمك
name_hint يراه الآخرون في الدردشة وفي قائمة المتحدثين.
how كيف تشارك؟
onsite_hint أنت في مكان الانعقاد.
remote عبر الإنترنت، بمفردي
remote_hint من جهازك، من أي مكان.
hub عبر الإنترنت، كمركز عن بُعد
hub_hint شاشة واحدة لمجموعة من الأشخاص معًا.
hub_name اسم المركز
hub_example مثال: مركز نيروبي عن بُعد
headcount كم عدد الأشخاص معك
choose_group اختر فئة…
group_hint مطلوب. يُحتسب في من شارك. يراه المديرون بجانب اليد المرفوعة لتحقيق التوازن في الكلمات؛ ولا يراه المشاركون الآخرون أبدًا. «{unspecified}» إجابة مقبولة.
region_hint المجموعة الإقليمية للأمم المتحدة التي ينتمي إليها بلدك.
join انضمام
need_session اختر جلسة.
need_name أدخل اسمك.
need_group اختر فئة أصحاب المصلحة، أو «{unspecified}».
need_hub أدخل اسم المركز وعدد أشخاص من {min} إلى {max}.
`;
