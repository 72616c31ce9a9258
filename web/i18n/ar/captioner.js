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
`;
