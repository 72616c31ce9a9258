// Русский: панель субтитровщика.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title Писать субтитры
track Дорожка, которую вы пишете
line Строка субтитров
help Набранное видно сразу. Enter завершает строку. Escape отменяет её.
unsent Завершённые строки, ещё не отправленные
preview Что видят участники
speakers Кто это сказал
speakers_hint Каждая строка приписывается тому, у кого было слово, когда она началась. Исправьте строку с неверным оратором.
no_lines Завершённых строк пока нет.
now Строки, начатые сейчас, приписываются: {who}.
now_chair Слово ни у кого: строки, начатые сейчас, приписываются председателю, {name}.
now_nobody Слово ни у кого: строки, начатые сейчас, без оратора.
chair_named {name} (председатель)
unknown Оратор неизвестен
change Сменить оратора
change_of Сменить оратора: {text}
said_by Сказал(а)
someone_else Кто-то другой…
name Имя
mode Участие
mode_unsaid Не указано
need_name Укажите имя оратора.
save Сохранить
cancel Отмена
`;
