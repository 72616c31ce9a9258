// العربية: إعدادات العرض.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[prefs]
theme السمة
light فاتحة
dark داكنة
contrast تباين عالٍ
size حجم الترجمة النصية
normal عادي
large كبير
larger أكبر
largest الأكبر
spacing تباعد أسطر الترجمة
tight ضيّق
wide واسع
wider أوسع
rows عدد الأسطر المعروضة
rows_all الكل
position وضع الترجمة فقط: الموضع
bottom أسفل
top أعلى
captions_only الترجمة النصية فقط
`;
