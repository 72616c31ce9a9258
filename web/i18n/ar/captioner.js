// العربية: لوحة كاتب الترجمة النصية.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title اكتب الترجمة النصية
track المسار الذي تكتبه
line سطر الترجمة النصية
help ما تكتبه يظهر مباشرة. Enter ينهي السطر. Escape يسحبه.
unsent أسطر مكتملة لم تُرسل بعد
preview ما يراه المشاركون
speakers من قال ذلك
speakers_hint يُنسب كل سطر إلى من كانت له الكلمة عند بدايته. صحّح السطر الذي نُسب إلى متحدث خطأ.
no_lines لا أسطر مكتملة بعد.
now الأسطر التي تبدأ الآن تُنسب إلى {who}.
now_chair لا أحد لديه الكلمة: الأسطر التي تبدأ الآن تُنسب إلى الرئيس، {name}.
now_nobody لا أحد لديه الكلمة: الأسطر التي تبدأ الآن لا تسمّي متحدثًا.
chair_named {name} (الرئيس)
unknown المتحدث غير معروف
change تغيير المتحدث
change_of تغيير المتحدث: {text}
said_by قاله
someone_else شخص آخر…
name الاسم
mode طريقة المشاركة
mode_unsaid غير محدد
need_name اكتب اسم المتحدث.
save حفظ
cancel إلغاء
`;
