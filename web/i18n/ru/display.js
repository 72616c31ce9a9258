// Русский: экран в зале, для проектора.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[display]
doc_title {title} · экран в зале
questions Вопросы участников
speaking Выступает: {name} ({mode})
open Слово свободно
nobody Никто не ждёт слова
next Далее: {first}
next_more Далее: {first} (ждут: {count})
next_two Далее: {first}, затем {second}
next_two_more Далее: {first}, затем {second} (ждут: {count})
votes_answering {votes} · сейчас отвечают
reconnecting Повторное подключение…
`;
