// العربية: شاشة القاعة، لجهاز العرض.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[display]
doc_title {title} · شاشة القاعة
questions أسئلة المشاركين
speaking المتحدث: {name} ({mode})
open الكلمة متاحة
nobody لا أحد ينتظر الكلمة
next التالي: {first}
next_more التالي: {first} (في الانتظار: {count})
next_two التالي: {first}، ثم {second}
next_two_more التالي: {first}، ثم {second} (في الانتظار: {count})
votes_answering {votes} · تجري الإجابة عنه
reconnecting جارٍ إعادة الاتصال…
`;
