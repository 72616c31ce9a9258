// العربية: لوحة المنظمين (/admin).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[console]
doc_title لوحة المنظمين · hybridhub
title لوحة المنظمين
sign_in_intro سجّل الدخول برمز الإدارة الذي عرضه الخادم عند تشغيله أول مرة (أو HYBRIDHUB_ADMIN_TOKEN). يحتفظ المتصفح بتسجيل دخول لمدة 12 ساعة، لا بالرمز.
token رمز الإدارة
sign_in تسجيل الدخول
signing_in جارٍ تسجيل الدخول…
sign_out تسجيل الخروج
signed_out لقد سجّلت الخروج.
live_heading الجلسات الآن
live_waiting في انتظار البث المباشر للبيانات…
live_lost انقطع البث المباشر للبيانات. جارٍ إعادة الاتصال…
silent_alert ترجمة نصية صامتة منذ أكثر من دقيقة: {list}
silent_item {title} ({lang})
col_session الجلسة
col_state الحالة
col_room القاعة
col_in_room في القاعة
col_online عبر الإنترنت
col_hubs المراكز
col_hands الأيدي
col_questions الأسئلة
col_floor الكلمة
col_captions الترجمة النصية
col_actions الإجراءات
hub_item {name}: {count}
nobody_floor —
track_writing {lang}: قيد الكتابة
track_ago {lang}: قبل {seconds} ث
track_none {lang}: لا سطر بعد
track_silent {lang}: صامت منذ {seconds} ث
track_silent_never {lang}: صامت
captioners.zero لا كاتب ترجمة نصية متصل
captioners.one كاتب ترجمة نصية واحد متصل
captioners.two كاتبا ترجمة نصية متصلان
captioners.few {count} كتّاب ترجمة نصية متصلون
captioners.many {count} كاتب ترجمة نصية متصلون
captioners.other {count} كاتب ترجمة نصية متصل
no_captioner لا كاتب ترجمة نصية متصل
manage إدارة
manage_label إدارة {title}
table_scroll الجلسات، قابلة للتمرير
no_sessions لا جلسات بعد. أنشئ واحدة أدناه.
new_heading جلسة جديدة
field_id المعرّف (أحرف لاتينية وأرقام وشرطات، في الروابط)
field_title العنوان
field_room القاعة
field_starts البداية
field_ends النهاية
field_languages لغات الترجمة النصية
languages_hint رموز اللغات مفصولة بفواصل، لغة القاعة أولًا: ar, en, fr
field_state الإنشاء بحالة
create إنشاء الجلسة
created أُنشئت الجلسة {title}.
edit_heading الجلسة: {title}
save حفظ التغييرات
saved حُفظ.
make_live بدء البث المباشر
end إنهاء الجلسة
confirm_end إنهاء {title}؟ لا يمكن التراجع عن ذلك.
close إغلاق
invites_heading الدعوات
invite_role الدور
role_moderator مدير الجلسة
role_captioner كاتب الترجمة النصية
role_display شاشة القاعة
invite_label تسمية (لك، مثل فريق CART أ)
mint إنشاء دعوة
minted أُنشئت الدعوة. انسخ رابطها وأرسله إلى الشخص.
col_label التسمية
col_role الدور
col_expires تنتهي
col_last_used آخر استخدام
col_status الوضع
never أبدًا
active سارية
revoked ملغاة
copy نسخ الرابط
copied نُسخ الرابط.
qr عرض رمز QR
hide_qr إخفاء رمز QR
qr_alt رمز QR للرابط الخاص بـ {label}
revoke إلغاء
confirm_revoke إلغاء هذه الدعوة؟ يفقد حاملها الدور فورًا.
revoked_done أُلغيت الدعوة.
no_invites لا دعوات بعد.
onsite_heading انضم من هاتفك
onsite_hint اعرض هذا على شاشة القاعة: يفتح صفحة الانضمام مع اختيار «في القاعة».
onsite_alt رمز QR للرابط الحضوري لـ {title}
figures_heading أرقام الفعالية
figures_refresh تحديث
csv تنزيل الأرقام (CSV)
figures_total.zero لم يشارك أحد
figures_total.one شارك شخص واحد (محسوب مرة واحدة)
figures_total.two شارك شخصان (كل منهما محسوب مرة واحدة)
figures_total.few شارك {count} أشخاص (كل منهم محسوب مرة واحدة)
figures_total.many شارك {count} شخصًا (كل منهم محسوب مرة واحدة)
figures_total.other شارك {count} شخص (كل منهم محسوب مرة واحدة)
chart_mode حسب طريقة المشاركة
chart_group حسب مجموعة أصحاب المصلحة
chart_region حسب المجموعة الإقليمية للأمم المتحدة
mode_hub مركز عن بُعد
col_figure الفئة
col_people الأشخاص
sessions_table حسب الجلسة
col_peak الذروة
col_unique فريدون
col_turns المداخلات
col_asked الأسئلة المطروحة
col_answered الأسئلة المُجاب عنها
hubs_table المراكز
col_headcount العدد
col_sessions الجلسات
import_heading استيراد برنامج
import_file ملف البرنامج
import_hint ملف ‎.json أو ‎.ics (iCalendar) أو ‎.csv. ترى كل صف قبل إنشاء أي شيء؛ ولا تُستورد إلا الصفوف السليمة، معًا.
import_preview معاينة
import_unknown_type اختر ملف ‎.json أو ‎.ics أو ‎.csv.
import_summary الصفوف: {rows}. يمكن استيرادها: {good}. مرفوضة: {bad}.
import_none لا يمكن استيراد أي شيء من هذا الملف.
import_caption معاينة {file}
import_scroll معاينة البرنامج، قابلة للتمرير
col_row الصف
col_id المعرّف
col_title العنوان
col_starts الموعد
col_result النتيجة
import_ok ستُنشأ
import_refused مرفوض: {reason}
import_confirm استيراد الصفوف السليمة ({count})
import_cancel إلغاء
imported الجلسات المستوردة: {count}.
delete حذف الجلسة
confirm_delete هل تحذف {title}؟ لم تُبث مباشرة قط، لذا تُحذف مع دعواتها كأنها لم تُنشأ.
deleted حُذفت الجلسة {title}.
`;
