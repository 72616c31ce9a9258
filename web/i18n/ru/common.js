// Русский: то, что показывает каждый экран.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[common]
ordinal.other {n}-й
skip Перейти к основному содержанию
language Язык
dismiss Закрыть
name {name}
you_name {name} (вы)
speaker {name} ({mode})
action_on {action}: {what}
clock {m}:{s}
online_room Онлайн
onsite В зале
remote Онлайн
group Группа заинтересованных сторон
region Региональная группа
settings Настройки отображения
[connection]
connecting Подключение…
open Подключено
reconnecting Связь потеряна. Повторное подключение {wait}. Набранный текст сохранится и будет отправлен.
[header]
doc_title {title} · hybridhub
ended Эта сессия завершена
live_news Сессия началась.
ended_news Сессия завершена.
presence Участвуют: {count} ({onsite} в зале, {remote} онлайн)
announcement Объявление: {text}
[role]
participant Теперь вы участник этой сессии.
captioner Теперь вы субтитровщик этой сессии.
moderator Теперь вы модератор этой сессии.
[group]
government Правительство
private_sector Частный сектор
civil_society Гражданское общество
technical_community Техническое сообщество
intergovernmental Межправительственные организации
academia Научные круги
other Другое
unspecified Предпочитаю не указывать
[region]
african Группа африканских государств
asia_pacific Группа азиатско-тихоокеанских государств
eastern_european Группа восточноевропейских государств
latin_american_caribbean Группа государств Латинской Америки и Карибского бассейна
western_european_others Группа западноевропейских и других государств
unspecified Предпочитаю не указывать
[mode]
onsite в зале
remote онлайн
[state]
scheduled Запланирована
live Идёт
ended Завершена
[times]
span {day}, {start}–{end}
span_hours {start}–{end}
span_days {day}, {start} – {endDay}, {end}
day_time {day}, {time}
in_zone {span} ({zone})
and_yours {here}; по вашему времени: {yours}
yours_only {span} по вашему времени ({zone})
at в {time}
on_at {day} в {time}
not_started Не началась: была запланирована на {when}
starts Начало {at} ({zone})
starts_both Начало {at} ({zone}; по вашему времени: {yours})
starts_yours Начало {at} по вашему времени ({zone})
[floor]
label Слово
time_left_label Оставшееся время выступления
left Осталось {time}
time_up Время истекло
your_time_up Ваше время выступления истекло.
end_turn Завершить выступление
done Я закончил(а)
open_meeting Открыть конференцию
go_to_mic Подойдите к микрофону в зале.
unmute Включите микрофон в конференции:
unmute_said Включите микрофон в конференции по ссылке «Открыть конференцию» на этой странице. {instructions}
over Сессия завершена
nobody Слово никому не предоставлено
yours Вам предоставлено слово
yours_said Вам предоставлено слово. {todo}
has_floor Выступает: {name} ({mode})
turn_ended Выступление завершено
waiting Ждут слова: {count}.
[kinds]
speak Выступить
reply Ответить выступающему
question Задать вопрос
point_of_order По порядку ведения заседания
with_priority {kind} (приоритет)
[captions]
title Субтитры
language Язык субтитров
lines Строки субтитров
scrollable Субтитры, с прокруткой
jump К текущим субтитрам
pause Пауза
resume Продолжить
new_lines.one {count} новая строка
new_lines.few {count} новые строки
new_lines.many {count} новых строк
new_lines.other {count} новой строки
not_live Субтитры появятся, когда сессия начнётся.
empty Субтитры появятся здесь, когда субтитровщик начнёт писать.
[chat]
badge.moderator Модератор
badge.captioner Субтитровщик
title Чат
messages Сообщения чата
input Сообщение в чат
unsent Неотправленные сообщения
empty Сообщений пока нет.
keys Enter — отправить. Shift+Enter — новая строка.
submit Отправить
remove Удалить
remove_confirm Нажмите ещё раз, чтобы удалить
remove_label Удалить сообщение от {name}: {text}
said Чат, {name}: {text}
ended Сессия завершена; чат только для чтения.
locked Чат закрыт: писать могут только модераторы.
slow Медленный режим: одно сообщение раз в {count} с.
[questions]
title Вопросы
by_votes По голосам
newest Сначала новые
sort Порядок
closed Отвеченные и отклонённые вопросы
fold Отвеченные и отклонённые ({count})
none Вопросов пока нет.
none_open Открытых вопросов нет.
pending Ждёт модератора
approved Открыт
answering Сейчас отвечают
answered Отвечен
dismissed Отклонён
meta {name} ({mode}) · {votes} · {status}
meta_mine Вы ({mode}) · {votes} · {status}
votes.one {count} голос
votes.few {count} голоса
votes.many {count} голосов
votes.other {count} голоса
reason Причина: {reason}
no_reason не указана
already_voted Вы уже поддержали этот вопрос.
[unsent]
waiting Ещё не отправлено: отправится, когда вы снова будете в сети.
sending Отправка…
failed Не отправлено: {reason}
slow_over Не отправлено в медленном режиме. Теперь можно: «Повторить».
retry Повторить
discard Удалить
[links]
new_tab (откроется в новой вкладке)
[transcript]
title Стенограмма:
text Текст
`;
